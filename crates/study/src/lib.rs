//! The study as software: the methodology a user can read and change, the
//! classification of companies into capabilities with confidence tiers, and the four
//! research questions of the Atlantic Council study, answered with evidence.
//!
//! Everything here is a pure function of a [`Dataset`] (the resolved fair record, loaded
//! by the store) and a [`Methodology`]: no I/O, so that each rule can be tested on small
//! constructed fixtures and every finding reproduced from its two hashes.
#![forbid(unsafe_code)]

pub mod classify;
pub mod compare;
pub mod dataset;
pub mod methodology;
pub mod pattern;
pub mod questions;

pub use classify::{classify, Assessment, Classification, EvidenceItem, Tier};
pub use dataset::Dataset;
pub use methodology::{Methodology, MethodologyError};
pub use questions::{analyse, Answers, Scope};

/// The version of the analysis code, recorded with every finding: a change in how rules
/// are applied bumps it, so that a finding names both its inputs and its method.
pub const ALGORITHM: &str = "fairwatch-study/1";
