//! The importers' error type: the user's mistake (a bad file) is told apart from an
//! I/O failure, and both name the file.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A JSON path such as `exhibitor[12].country[0]`.
    JsonPath(String),
    /// A 1-based line number (and optional column name) in a text file.
    Line(u64, Option<String>),
    /// A 1-based row in a spreadsheet sheet.
    Row(String, u64),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::JsonPath(p) if p.is_empty() => write!(f, "at the top level"),
            Place::JsonPath(p) => write!(f, "at {p}"),
            Place::Line(n, None) => write!(f, "line {n}"),
            Place::Line(n, Some(col)) => write!(f, "line {n}, column {col:?}"),
            Place::Row(sheet, n) => write!(f, "sheet {sheet:?}, row {n}"),
        }
    }
}

#[derive(Debug)]
pub enum SourceError {
    /// The input is not what the format allows. `hint` says how to fix it.
    Invalid {
        file: String,
        place: Place,
        message: String,
        hint: String,
    },
    /// The input could not be read at all.
    Io {
        file: String,
        source: std::io::Error,
    },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Invalid {
                file,
                place,
                message,
                hint,
            } => {
                write!(f, "{file}: ")?;
                if *place != Place::File {
                    write!(f, "{place}: ")?;
                }
                write!(f, "{message}")?;
                if !hint.is_empty() {
                    write!(f, "\n  hint: {hint}")?;
                }
                Ok(())
            }
            SourceError::Io { file, source } => write!(f, "{file}: cannot read: {source}"),
        }
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SourceError::Io { source, .. } => Some(source),
            SourceError::Invalid { .. } => None,
        }
    }
}

impl SourceError {
    pub fn invalid(
        file: impl Into<String>,
        place: Place,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        SourceError::Invalid {
            file: file.into(),
            place,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn io(file: impl Into<String>, source: std::io::Error) -> Self {
        SourceError::Io {
            file: file.into(),
            source,
        }
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            SourceError::Invalid { file, .. } | SourceError::Io { file, .. } => file,
        }
    }
}
