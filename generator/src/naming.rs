//! Turning schema names into Rust identifiers.
//!
//! Each helper returns the identifier, or a message saying why the name cannot
//! become one; field names also return the wire name to keep when it differs.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that are reserved in Rust 2024 and cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

fn check_identifier(name: &str, original: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts_well || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name == "_" {
        return Err(format!(
            "the name `{original}` cannot become a Rust identifier (it gives `{name}`)"
        ));
    }
    Ok(())
}

/// A type or variant name: `user_partial` → `UserPartial`.
pub(crate) fn type_name(raw: &str) -> Result<String, String> {
    let name = raw.to_upper_camel_case();
    check_identifier(&name, raw)?;
    if KEYWORDS.contains(&name.as_str()) {
        return Err(format!("the name `{raw}` is a Rust keyword"));
    }
    Ok(name)
}

/// A field or argument name and the JSON name to rename it from when they differ:
/// `globalName` → (`global_name`, Some("globalName")), `type` → (`r#type`, None).
pub(crate) fn field_name(raw: &str) -> Result<(String, Option<String>), String> {
    let snake = raw.to_snake_case();
    check_identifier(&snake, raw)?;
    let rename = (snake != raw).then(|| raw.to_owned());
    let ident = if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    };
    // A `name_` made from a non-raw keyword needs a rename even when the snake case matched.
    let rename = if ident.ends_with('_') && !raw.ends_with('_') {
        Some(raw.to_owned())
    } else {
        rename
    };
    Ok((ident, rename))
}

/// A function name from an `operationId`: `createChannelInvite` → `create_channel_invite`.
pub(crate) fn function_name(raw: &str) -> Result<String, String> {
    let (ident, _) = field_name(raw)?;
    if ident.starts_with("r#") || ident.ends_with('_') {
        return Err(format!("the name `{raw}` is a Rust keyword"));
    }
    Ok(ident)
}

/// A `static` name: `createChannelInvite` → `CREATE_CHANNEL_INVITE`.
pub(crate) fn static_name(raw: &str) -> String {
    raw.to_shouty_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("user_partial").as_deref(), Ok("UserPartial"));
        assert_eq!(type_name("Invite").as_deref(), Ok("Invite"));
        assert!(type_name("2fa").is_err());
        assert!(type_name("@@").is_err());
        assert_eq!(field_name("max_uses"), Ok(("max_uses".into(), None)));
        assert_eq!(
            field_name("globalName"),
            Ok(("global_name".into(), Some("globalName".into())))
        );
        assert_eq!(field_name("type"), Ok(("r#type".into(), None)));
        assert_eq!(
            field_name("self"),
            Ok(("self_".into(), Some("self".into())))
        );
        assert!(field_name("9lives").is_err());
        assert!(field_name("").is_err());
        assert_eq!(
            function_name("createChannelInvite").as_deref(),
            Ok("create_channel_invite")
        );
        assert_eq!(static_name("createChannelInvite"), "CREATE_CHANNEL_INVITE");
    }
}
