//! Turning schema descriptions into rustdoc that renders as written and never
//! becomes a doctest or a rustdoc warning.

/// Splits a description into doc lines made safe for rustdoc.
///
/// Outside code spans, `<`, `>`, `[` and `]` are escaped so that placeholders such
/// as `<token>` are not read as HTML and brackets are not read as links, and bare
/// URLs are wrapped in `<…>`. Fenced code blocks are marked `text` so rustdoc
/// never compiles them, and leading indentation is removed so no line becomes an
/// indented code block.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let text = visible_direction(text);
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                lines.push("```".to_owned());
            } else {
                lines.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            lines.push(escape_markdown(trimmed));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The text with each Unicode control of text direction (U+202A–U+202E,
/// U+2066–U+2069, which rustc refuses in comments because they can make
/// code read differently than it runs) written as its code point, `U+202E`.
pub(crate) fn visible_direction(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if is_control(c) {
                format!("U+{:04X}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .unwrap_or(rest.len());
            let (url, tail) = rest.split_at(end);
            let url = url.trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            let _ = tail;
            continue;
        }
        if !in_code && matches!(c, '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_outside_code() {
        assert_eq!(
            doc_lines("Bot token: `Authorization: Bot <token>`, or <token> [x]."),
            vec!["Bot token: `Authorization: Bot <token>`, or \\<token\\> \\[x\\]."]
        );
    }

    #[test]
    fn fences_become_text_and_indentation_goes() {
        assert_eq!(
            doc_lines("Example:\n```\nlet x = 1;\n```\n    indented"),
            vec!["Example:", "```text", "let x = 1;", "```", "indented"]
        );
    }

    #[test]
    fn string_literals_escape_text_direction_controls() {
        let literal = proc_macro2::Literal::string("a\u{202E}b").to_string();
        assert!(!literal.contains('\u{202E}'), "{literal}");
    }

    #[test]
    fn text_direction_controls_are_written_as_code_points() {
        assert_eq!(
            doc_lines("abc\u{202E}def\u{2066}"),
            vec!["abcU+202EdefU+2066"]
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            doc_lines("See https://fluxer.app/docs."),
            vec!["See <https://fluxer.app/docs>."]
        );
    }
}
