//! Reports: the model, the YAML loader and name normalisation.

mod error;
mod load;
mod model;
mod normalize;
pub mod number;
pub mod yaml;

pub use error::{LoadError, LoadErrorKind};
pub use load::{Limits, load_report, load_report_file, load_report_with};
pub use model::*;
pub use normalize::normalize_name;
