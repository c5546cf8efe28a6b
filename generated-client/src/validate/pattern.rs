//! [`Pattern`]: a schema `pattern`, an ECMA-262 regular expression compiled
//! once, on first use.

use std::sync::OnceLock;

/// A `pattern` from the schema: an ECMA-262 regular expression (as JSON Schema
/// says, so lookahead and `\p{L}` work), compiled once, on first use.
///
/// Generated checks keep one in a `static` next to the check:
///
/// ```
/// use fluxer_client::{Constraint, Pattern};
///
/// static COLOR: Pattern = Pattern::new("^#[0-9a-f]{6}$");
/// assert!(Constraint::check_pattern("color", "#a0b1c2", &COLOR).is_ok());
/// let problem = Constraint::check_pattern("color", "red", &COLOR).unwrap_err();
/// assert_eq!(problem.to_string(), "`color` must match the pattern `^#[0-9a-f]{6}$`, got \"red\"");
/// ```
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern, not yet compiled.
    #[must_use]
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the schema writes it.
    #[must_use]
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches somewhere (JSON Schema patterns are not
    /// anchored). Patterns are compiled with Unicode semantics (the `u`
    /// flag, as JSON Schema recommends), or without when they are only valid
    /// that way (`\_`); one that does not compile either way matches nothing,
    /// which the generator rules out for the patterns it emits.
    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                regress::Regex::with_flags(self.source, "u")
                    .or_else(|_| regress::Regex::new(self.source))
                    .ok()
            })
            .as_ref()
            .is_some_and(|regex| regex.find(text).is_some())
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_ecma_262_and_compiled_once() {
        static LOOKAHEAD: Pattern = Pattern::new("^(?=a)[a-z]+$");
        static LETTERS: Pattern = Pattern::new("^\\p{L}+$");
        static BROKEN: Pattern = Pattern::new("(");
        assert!(LOOKAHEAD.is_match("abc"));
        assert!(!LOOKAHEAD.is_match("bcd"));
        assert!(LETTERS.is_match("größe"));
        assert!(!LETTERS.is_match("a1"));
        assert!(!BROKEN.is_match("("));
        // Compiled on the first match, kept for the next.
        assert!(LOOKAHEAD.compiled.get().is_some_and(Option::is_some));
        assert!(
            Pattern::new("b").is_match("abc"),
            "patterns are not anchored"
        );
    }
}
