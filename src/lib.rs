//! crossfoot: a rule language and checker for published Chinese government final-accounts
//! reports (部门决算公开).
//!
//! The pipeline: a report YAML is loaded into [`report::Report`] (exact decimals, spans); a
//! rule pack is parsed into an AST, bound against each report, evaluated into findings, and
//! the CLI renders them.

#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod report;
pub mod suggest;
