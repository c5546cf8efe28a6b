//! Problems found in a schema, each pointing at a file, a line and a JSON pointer.

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// No faithful code can be generated: nothing is generated.
    Error,
    /// The generator ignores or weakens something the document says; the
    /// output is generated and says what it does instead.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the schema.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Whether it stops generation.
    pub severity: Severity,
    /// The schema file as the caller named it (for example `schema/fluxer.yaml`).
    pub file: String,
    /// One-based line of the YAML node the problem is about.
    pub line: usize,
    /// One-based column of that node.
    pub column: usize,
    /// JSON pointer (RFC 6901) to the node, for example `/paths/~1users~1@me~1channels/post`.
    pub pointer: String,
    /// What is wrong, as a sentence fragment without a trailing period.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}:{}:{}: {} at {}: {}",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            pointer,
            self.message
        )
    }
}

/// Every problem found in a schema, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The problems, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
