//! PLACEHOLDER: being written (countries gazetteer). See the API contract in the helper brief.
