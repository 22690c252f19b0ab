//! Reports: the model, the YAML loader and name normalisation.

mod model;
mod normalize;

pub use model::*;
pub use normalize::normalize_name;
