//! Why a command failed, worded for the person who ran it.

use std::{fmt, io};

use generator::Diagnostics;

use crate::SCHEMA_PATH;

/// Why `cargo xtask codegen` could not do its job. Every variant exits with status 1.
#[derive(Debug)]
pub enum Error {
    /// A file-system operation failed.
    Io {
        /// What was being done, as a verb phrase: `read`, `write`, `delete`, `list`,
        /// `create directory`, `remove directory`.
        action: &'static str,
        /// The path, relative to the workspace root, with `/` separators.
        path: String,
        /// What the operating system said.
        source: io::Error,
    },
    /// The generator rejected the schema; nothing was written.
    Schema(Diagnostics),
    /// The generator's output or the existing generated tree cannot be handled
    /// (an unsafe or conflicting path, a symlink, a non-UTF-8 file name); nothing
    /// was written.
    Tree(String),
}

impl Error {
    pub(crate) fn io(action: &'static str, path: impl Into<String>, source: io::Error) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Everything to print on standard error, one problem per line, ending with a
    /// line that starts with `error: `.
    pub fn report(&self) -> String {
        let mut report = String::new();
        if let Self::Schema(diagnostics) = self {
            for diagnostic in diagnostics.iter() {
                report.push_str(&diagnostic.to_string());
                report.push('\n');
            }
        }
        report.push_str("error: ");
        report.push_str(&self.to_string());
        report.push('\n');
        report
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {path}: {source}"),
            Self::Schema(diagnostics) => {
                let count = diagnostics.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                write!(f, "{count} {noun} in {SCHEMA_PATH}; nothing was written")
            }
            Self::Tree(message) => write!(f, "{message}; nothing was written"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Schema(diagnostics) => Some(diagnostics),
            Self::Tree(_) => None,
        }
    }
}
