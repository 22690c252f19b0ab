//! Rule packs: the language (grammar, AST, parser), pack loading, static checks, binding
//! against a report and evaluation into findings.

pub mod ast;
mod builtin;
pub mod causes;
pub mod check;
pub mod error;
pub mod pack;
pub mod parse;
pub mod text;

pub use error::{PackError, PackErrorKind};
pub use pack::{Pack, PackErrors, PackFile, load_pack_str, load_packs, standard_pack};
pub mod eval;
pub mod finding;
pub mod value;

pub use eval::{
    EvalLimits, Plan, Plans, evaluate, evaluate_planned, evaluate_with, explain, layout_fingerprint,
};
pub use finding::*;
