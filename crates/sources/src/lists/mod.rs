//! Screening lists: sanctions and export-control lists in their published formats,
//! each parsed into the common [`model::ListEntry`].

pub mod model;

pub use model::{EntityKind, Identifier, ListEntry, ListFormat, ListName, NameKind, ParsedList};
