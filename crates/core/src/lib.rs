//! Fairwatch's domain: the fair record's types, countries and the pure logic that
//! derives facts from raw data. No I/O, no CLI, no HTTP: everything here is a function
//! of its inputs, so that every stage of the pipeline can be rebuilt and tested alone.
#![forbid(unsafe_code)]

pub mod country;
pub mod dates;
pub mod fold;
pub mod geo;
pub mod lexicon;
pub mod model;
pub mod names;
pub mod resolve;
pub mod text;
