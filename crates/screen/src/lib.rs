//! Fairwatch's screening engine: does a name (an exhibitor, a customer) match an entry
//! of a sanctions or export-control list, how strongly, and why.
//!
//! - [`text`]: a name read for screening with the same [`Normaliser`] entity resolution
//!   uses (legal forms, transliteration, booth noise), as weighted word tokens.
//! - [`index`]: every list name indexed by token and by near-token (one deletion), so a
//!   query looks at the few names sharing a word or a near-spelling, never the list.
//! - [`score`]: the name score (a soft, rarity-weighted token overlap that ignores word
//!   order, so "KIM, Jong Un" meets "Jong Un Kim") and the qualifiers that move it
//!   (entity type, country, date of birth, identifiers), each kept as an explanation.
//! - [`matcher`]: the engine: screen one query or a batch, or compare two names.
//!
//! Every result records [`ALGORITHM`] and the threshold it was decided with.
//!
//! [`Normaliser`]: fairwatch_core::names::Normaliser

#![forbid(unsafe_code)]

pub mod index;
pub mod matcher;
pub mod score;
pub mod text;

pub use matcher::{Comparison, Hit, Matcher, Query, Settings};
pub use score::{Adjustment, Explanation, TokenMatch};

/// The matching algorithm's name and version, recorded with every result. Bump it when
/// scores change for the same inputs.
pub const ALGORITHM: &str = "fairwatch-screen/2";

/// The default operating threshold: a hit at or above it is an alert. Chosen on the
/// labelled pairs in `eval/screen-pairs.csv` (see docs/SCREENING.md).
pub const DEFAULT_THRESHOLD: f64 = 0.75;
