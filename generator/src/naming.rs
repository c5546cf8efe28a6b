//! Turning schema names into Rust identifiers.
//!
//! Each helper returns the identifier, or a message saying why the name cannot
//! become one; field names also return the wire name to keep when it differs.

use std::collections::BTreeMap;

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

/// The words for punctuation that would otherwise leave nothing, or a
/// leading digit, behind (`+1` → `plus 1`, `@@` → `at at`), and the code
/// points of characters outside ASCII (`ü` → `u00fc`).
fn spelled(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let word = match c {
            '+' => "plus",
            '-' => "minus",
            '@' => "at",
            '.' => "dot",
            '$' => "dollar",
            '#' => "hash",
            '*' => "star",
            '/' => "slash",
            '%' => "percent",
            '&' => "and",
            '!' => "not",
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            '~' => "tilde",
            c if c.is_ascii_alphanumeric() || c == '_' => {
                out.push(c);
                continue;
            }
            c if !c.is_ascii() => {
                out.push_str(&format!(" u{:04x} ", u32::from(c)));
                continue;
            }
            _ => "",
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// `convert(raw)`, made a valid identifier when the schema name starts with
/// punctuation or a digit, or holds characters outside ASCII: punctuation is
/// spelled out and other characters become their code points, and a name that
/// still starts with a digit gets `prefix` (`2fa` → `n_2fa` / `N2fa`).
fn identifier_words(raw: &str, convert: fn(&str) -> String, prefix: &str) -> String {
    let starts_badly = |name: &str| name.chars().next().is_none_or(|c| c.is_ascii_digit());
    let mut source = raw.to_owned();
    let mut name = convert(raw);
    if starts_badly(&name) || !name.is_ascii() {
        source = spelled(raw);
        name = convert(&source);
    }
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        name = convert(&format!("{prefix}{}", source.trim_start()));
    }
    name
}

/// A type or variant name: `user_partial` → `UserPartial`, `2fa` → `N2fa`.
pub(crate) fn type_name(raw: &str) -> Result<String, String> {
    let name = identifier_words(raw, |text| text.to_upper_camel_case(), "N");
    check_identifier(&name, raw)?;
    if KEYWORDS.contains(&name.as_str()) {
        return Err(format!("the name `{raw}` is a Rust keyword"));
    }
    Ok(name)
}

/// A field or argument name and the JSON name to rename it from when they differ:
/// `globalName` → (`global_name`, Some("globalName")), `type` → (`r#type`, None).
/// `2fa` → (`n_2fa`, Some("2fa")), `@@` → (`at_at`, Some("@@")).
pub(crate) fn field_name(raw: &str) -> Result<(String, Option<String>), String> {
    let snake = identifier_words(raw, |text| text.to_snake_case(), "n_");
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

/// The field name of a member whose name leaves nothing to make an
/// identifier from (`""`, `"  "`): `empty`, keeping the member's name as its
/// wire name (numbered by [`claim_field`] like any other name). `None` when
/// the name leaves something, whether or not that is an identifier.
pub(crate) fn empty_member_name(raw: &str) -> Option<(String, Option<String>)> {
    identifier_words(raw, |text| text.to_snake_case(), "n_")
        .is_empty()
        .then(|| ("empty".to_owned(), Some(raw.to_owned())))
}

/// A function name from an `operationId`: `createChannelInvite` → `create_channel_invite`.
pub(crate) fn function_name(raw: &str) -> Result<String, String> {
    let (ident, _) = field_name(raw)?;
    if ident.starts_with("r#") || ident.ends_with('_') {
        return Err(format!("the name `{raw}` is a Rust keyword"));
    }
    Ok(ident)
}

/// The names generated models may not take, because `models.rs` names them
/// bare: the prelude's types, traits and variants it uses, and what it
/// imports (`BTreeMap`; the typed-id aliases are reserved per document).
/// A schema named so gets the next free number (`Result` → `Result2`).
const RESERVED_TYPES: &[&str] = &[
    "BTreeMap", "Box", "Default", "Err", "From", "None", "Ok", "Option", "Result", "Some",
    "String", "Vec",
];

/// Whether a generated model may not be called `name` (see [`RESERVED_TYPES`]).
pub(crate) fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name)
}

/// The name of an operation's struct of optional parameters, from its
/// (unique) function name: `list_members` → `ListMembersParams`.
pub(crate) fn options_name(fn_name: &str) -> String {
    format!("{}Params", fn_name.to_upper_camel_case())
}

/// A `static` name from a function name (so it is a valid identifier too):
/// `create_channel_invite` → `CREATE_CHANNEL_INVITE`, `n_2fa` → `N_2FA`.
pub(crate) fn static_name(raw: &str) -> String {
    raw.to_shouty_snake_case()
}

/// The `static` name of a security scheme from its key in
/// `components/securitySchemes`: `botToken` → `BOT_TOKEN`. Only ASCII
/// letters, digits and `_` are kept; a name left empty or starting with a
/// digit gets `SCHEME_` in front (`2fa` → `SCHEME_2FA`), so any key gives an
/// identifier. Collisions are numbered by the caller.
pub(crate) fn scheme_static_name(key: &str) -> String {
    let name: String = key
        .to_shouty_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("SCHEME_{name}").trim_end_matches('_').to_owned()
    } else {
        name
    }
}

/// Records a struct field's Rust name in `seen` (Rust name → member name) and
/// returns it with its rename. Names that collide (`fooBar` and `foo_bar`)
/// keep document order: the later one gets the first free `_2`, `_3`, … and
/// always keeps its member name as the rename.
pub(crate) fn claim_field(
    seen: &mut BTreeMap<String, String>,
    (ident, rename): (String, Option<String>),
    key: &str,
) -> (String, Option<String>) {
    let (ident, rename) = if seen.contains_key(&ident) {
        (
            free_name(&ident, |candidate| seen.contains_key(candidate)),
            Some(key.to_owned()),
        )
    } else {
        (ident, rename)
    };
    seen.insert(ident.clone(), key.to_owned());
    (ident, rename)
}

/// `name` when `taken` says it is free, else the first free `name_2`,
/// `name_3`, … (a raw identifier loses its `r#`: `type_2` is not a keyword).
pub(crate) fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    numbered(name, "_", taken)
}

/// `name` when free, else the first free `{name}{separator}{n}` from 2 up.
pub(crate) fn numbered(name: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    let base = name.trim_start_matches("r#");
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// The Rust names of a kind of typed id from its `x-fluxer-id` value: the
/// marker and the alias, `channel` → (`ChannelMarker`, `ChannelId`),
/// `audit_log_entry` → (`AuditLogEntryMarker`, `AuditLogEntryId`).
///
/// The kind must be a lowercase word: ASCII letters and digits, starting
/// with a letter, its parts joined by single `_` (each part starting with a
/// letter). Then distinct kinds always get distinct names (`user_2` and
/// `user2` would both give `User2`), and the kind itself is what the marker's
/// `NAME` says in messages (`invalid channel id`).
pub(crate) fn id_names(kind: &str) -> Result<(String, String), String> {
    let is_word = !kind.is_empty()
        && kind.split('_').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !is_word {
        return Err(format!(
            "the kind of id `{kind}` is not a lowercase word such as `channel` (letters and digits, parts joined by `_`)"
        ));
    }
    let pascal = kind.to_upper_camel_case();
    Ok((format!("{pascal}Marker"), format!("{pascal}Id")))
}

/// The runtime's list of names a generated `Client` method may not take:
/// the hand-written `Client`'s own methods and those of the traits it
/// implements. The runtime keeps it next to `Client` and a test there pins it.
const RESERVED_METHODS_LIST: &str = include_str!("../../generated-client/src/reserved_methods.txt");

/// Whether a generated method may not be called `name` (see [`RESERVED_METHODS_LIST`]).
pub(crate) fn is_reserved_method(name: &str) -> bool {
    RESERVED_METHODS_LIST
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .any(|reserved| reserved == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_static_names() {
        for (key, name) in [
            ("botToken", "BOT_TOKEN"),
            ("api_key", "API_KEY"),
            ("OAuth2", "O_AUTH2"),
            ("2fa", "SCHEME_2FA"),
            ("名前", "SCHEME"),
            ("🔑", "SCHEME"),
            ("x.y-z", "X_Y_Z"),
            ("self", "SELF"),
        ] {
            assert_eq!(scheme_static_name(key), name, "{key}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(type_name("user_partial").as_deref(), Ok("UserPartial"));
        assert_eq!(type_name("Invite").as_deref(), Ok("Invite"));
        assert_eq!(type_name("2fa").as_deref(), Ok("N2fa"));
        assert_eq!(type_name("@@").as_deref(), Ok("AtAt"));
        assert_eq!(type_name("+1").as_deref(), Ok("Plus1"));
        assert_eq!(type_name("-1").as_deref(), Ok("Minus1"));
        assert_eq!(type_name("名前").as_deref(), Ok("U540dU524d"));
        assert!(type_name("self").is_err());
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
        assert_eq!(
            field_name("9lives"),
            Ok(("n_9lives".into(), Some("9lives".into())))
        );
        assert_eq!(field_name("@@"), Ok(("at_at".into(), Some("@@".into()))));
        assert_eq!(
            field_name("foo.bar"),
            Ok(("foo_bar".into(), Some("foo.bar".into())))
        );
        assert_eq!(
            field_name("größe"),
            Ok(("gr_u00f6_u00df_e".into(), Some("größe".into())))
        );
        assert!(field_name("").is_err());
        assert_eq!(
            empty_member_name(" "),
            Some(("empty".into(), Some(" ".into())))
        );
        assert_eq!(empty_member_name("a"), None);
        assert_eq!(empty_member_name("Self"), None);
        assert_eq!(
            function_name("createChannelInvite").as_deref(),
            Ok("create_channel_invite")
        );
        assert_eq!(
            static_name("create_channel_invite"),
            "CREATE_CHANNEL_INVITE"
        );
        assert_eq!(function_name("2fa").as_deref(), Ok("n_2fa"));
        assert_eq!(static_name("n_2fa"), "N_2FA");
    }

    #[test]
    fn id_kinds() {
        let names = |kind: &str| id_names(kind).map(|(marker, alias)| format!("{marker} {alias}"));
        assert_eq!(names("channel").as_deref(), Ok("ChannelMarker ChannelId"));
        assert_eq!(
            names("audit_log_entry").as_deref(),
            Ok("AuditLogEntryMarker AuditLogEntryId")
        );
        assert_eq!(names("user2").as_deref(), Ok("User2Marker User2Id"));
        assert_eq!(names("self").as_deref(), Ok("SelfMarker SelfId"));
        for bad in [
            "",
            "Channel",
            "channel id",
            "channel-id",
            "_channel",
            "channel_",
            "user__2",
            "user_2",
            "2fa",
            "kanál",
        ] {
            assert!(id_names(bad).is_err(), "{bad:?} is not a word");
        }
    }
}
