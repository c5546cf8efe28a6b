//! The JSON reader's values, locations and errors, on small inputs.
//! (`corpus.rs` checks it on the real documents beside the workspace.)

use serde_json::{Value, json};

use super::super::{Location, yaml};
use super::parse;
use crate::diagnostics::Diagnostic;

fn read(text: &str) -> super::Document {
    parse("s.json", text).unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
}

fn error(text: &str) -> Diagnostic {
    match parse("s.json", text) {
        Ok(document) => panic!("{text:?} should fail, gave {}", document.root),
        Err(error) => error,
    }
}

fn at(line: usize, column: usize) -> Location {
    Location { line, column }
}

#[test]
fn locations_follow_the_yaml_conventions() {
    let text = r#"{
  "openapi": "3.1.0",
  "paths": {
    "/a/{b}": {"get": {"responses": {"200": {"description": "ok"}}}}
  },
  "list": [1, "x",
    {"k~": [true]}, []],
  "é€😀": "v", "w": null
}"#;
    let document = read(text);
    let location = |pointer| document.location(pointer);
    assert_eq!(location(""), at(1, 1));
    // A scalar or container that is a mapping value is located at its key.
    assert_eq!(location("/openapi"), at(2, 3));
    assert_eq!(location("/paths"), at(3, 3));
    assert_eq!(location("/paths/~1a~1{b}"), at(4, 5));
    assert_eq!(location("/paths/~1a~1{b}/get/responses/200"), at(4, 38));
    assert_eq!(
        location("/paths/~1a~1{b}/get/responses/200/description"),
        at(4, 46)
    );
    // An array item is located at the item.
    assert_eq!(location("/list"), at(6, 3));
    assert_eq!(location("/list/0"), at(6, 12));
    assert_eq!(location("/list/1"), at(6, 15));
    assert_eq!(location("/list/2"), at(7, 5));
    assert_eq!(location("/list/2/k~0"), at(7, 6));
    assert_eq!(location("/list/2/k~0/0"), at(7, 13));
    assert_eq!(location("/list/3"), at(7, 21));
    // Columns count characters, not bytes.
    assert_eq!(location("/é€😀"), at(8, 3));
    assert_eq!(location("/w"), at(8, 15));
    // A pointer below a known node falls back to its nearest ancestor.
    assert_eq!(location("/list/2/k~0/7/x"), at(7, 6));
    // The YAML reader agrees on every node.
    assert_eq!(
        document.locations,
        yaml::parse("s.json", text).unwrap().locations
    );
    assert_eq!(document.root, yaml::parse("s.json", text).unwrap().root);
}

#[test]
fn line_ends_tabs_and_a_byte_order_mark() {
    for text in [
        "{\"a\":\r\"x\",\r\"b\"\r\n:\t[\r\n\t\"x\", {}]}",
        "\u{feff}{\"a\": 1,\n \"b\": [2]}",
        " \n\t [1, 2]",
    ] {
        let json = read(text);
        let yaml = yaml::parse("s.json", text).unwrap();
        assert_eq!(json.locations, yaml.locations, "{text:?}");
        assert_eq!(json.root, yaml.root, "{text:?}");
    }
    let document = read("{\"a\":\r\"x\",\r\"b\"\r\n:\t[\r\n\t\"x\", {}]}");
    assert_eq!(document.location("/b"), at(3, 1));
    assert_eq!(document.location("/b/0"), at(5, 2));
    assert_eq!(document.location("/b/1"), at(5, 7));
    let document = read("\u{feff}{\"a\": 1}");
    assert_eq!(document.location(""), at(1, 1));
    assert_eq!(document.location("/a"), at(1, 2));
    assert_eq!(document.root, json!({"a": 1}));
}

#[test]
fn strings_and_escapes() {
    let document = read(
        r#"["plain", "\"\\\/\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\udc4d", "\uD83D\uDC4Dx",
           "a\u0000b", "é€😀 raw", "", "\u002F"]"#,
    );
    assert_eq!(
        document.root,
        json!([
            "plain",
            "\"\\/\u{8}\u{c}\n\r\t",
            "é€",
            "👍",
            "👍x",
            "a\0b",
            "é€😀 raw",
            "",
            "/"
        ])
    );
}

#[test]
fn keys_are_escaped_in_pointers() {
    let document = read(r#"{"a/b": {"~c": 1}, "\u0064": 2}"#);
    assert_eq!(document.root, json!({"a/b": {"~c": 1}, "d": 2}));
    assert_eq!(document.location("/a~1b/~0c"), at(1, 10));
    assert_eq!(document.location("/d"), at(1, 20));
}

#[test]
fn numbers_are_read_as_serde_json_reads_them() {
    let text = "[0, 1, -1, 18446744073709551615, -9223372036854775808, 18446744073709551616, \
                -9223372036854775809, 1.0, -0, -0.0, 1e3, 1E+2, 1.5e-3, 1e-400, 123456789012345678901234567890, \
                0.1, 2.5e10, 9007199254740993]";
    let document = read(text);
    let expected: Value = serde_json::from_str(text).unwrap();
    assert_eq!(document.root, expected);
    let items = document.root.as_array().unwrap();
    assert_eq!(items[3].as_u64(), Some(u64::MAX));
    assert_eq!(items[4].as_i64(), Some(i64::MIN));
    assert_eq!(items[5].as_f64(), Some(18_446_744_073_709_551_616.0));
    assert!(items[5].is_f64() && items[6].is_f64() && items[7].is_f64());
    assert!(
        items[8]
            .as_f64()
            .is_some_and(|zero| zero == 0.0 && zero.is_sign_negative())
    );
    assert!(items[1].is_u64() && items[2].is_i64());
    assert_eq!(items[13].as_f64(), Some(0.0));
    for (item, serde) in items.iter().zip(expected.as_array().unwrap()) {
        assert_eq!(item.to_string(), serde.to_string());
    }
}

/// Every error: `(input, line, column, pointer, message)`.
#[test]
fn errors_have_positions_and_pointers() {
    let cases: &[(&str, usize, usize, &str, &str)] = &[
        (
            "{\"a\": 1} x",
            1,
            10,
            "",
            "unexpected `x` after the document",
        ),
        ("[1]\n\n  []", 3, 3, "", "unexpected `[` after the document"),
        (r#"{"a": "abc"#, 1, 7, "/a", "unterminated string"),
        (r#"{"a": "abc\"#, 1, 7, "/a", "unterminated string"),
        (r#"{"ab"#, 1, 2, "", "unterminated string"),
        (
            "{\"a\": \"x\ty\"}",
            1,
            9,
            "/a",
            "unescaped control character U+0009 in a string (write it as `\\u0009`)",
        ),
        (
            "[\"é\n\"]",
            1,
            4,
            "/0",
            "unescaped control character U+000A in a string (write it as `\\u000a`)",
        ),
        (r#"["\x"]"#, 1, 3, "/0", "invalid escape `\\x` in a string"),
        (
            r#"["ok", "\é"]"#,
            1,
            9,
            "/1",
            "invalid escape `\\é` in a string",
        ),
        (
            r#"["\u12G4"]"#,
            1,
            3,
            "/0",
            "invalid Unicode escape `\\u12G4`: `\\u` needs four hex digits",
        ),
        (
            r#"["\u12"]"#,
            1,
            3,
            "/0",
            "invalid Unicode escape `\\u12`: `\\u` needs four hex digits",
        ),
        (
            r#"["\ud83d\u12"]"#,
            1,
            9,
            "/0",
            "invalid Unicode escape `\\u12`: `\\u` needs four hex digits",
        ),
        (
            r#"{"k": "a\ud83d"}"#,
            1,
            9,
            "/k",
            "lone UTF-16 surrogate `\\ud83d` in a string (a surrogate must be half of a `\\uD8xx\\uDCxx` pair; a Rust string cannot hold one alone)",
        ),
        (
            r#"["\ud83d\u0041"]"#,
            1,
            3,
            "/0",
            "lone UTF-16 surrogate `\\ud83d`",
        ),
        (
            r#"["\ud83dx"]"#,
            1,
            3,
            "/0",
            "lone UTF-16 surrogate `\\ud83d`",
        ),
        (
            r#"["\udc4d"]"#,
            1,
            3,
            "/0",
            "lone UTF-16 surrogate `\\udc4d`",
        ),
        (
            "[1 2]",
            1,
            4,
            "",
            "expected `,` or `]` after an array item, found `2`",
        ),
        (
            "[[1]\n[2]]",
            2,
            1,
            "",
            "expected `,` or `]` after an array item, found `[`",
        ),
        (
            r#"{"a": 1 "b": 2}"#,
            1,
            9,
            "",
            "expected `,` or `}` after an object member, found `\"`",
        ),
        (
            r#"{"a": {"b": 1]}"#,
            1,
            14,
            "/a",
            "expected `,` or `}` after an object member, found `]`",
        ),
        (
            r#"{"a" 1}"#,
            1,
            6,
            "/a",
            "expected `:` after an object key, found `1`",
        ),
        ("[1,]", 1, 4, "/1", "expected a value, found `]`"),
        (
            r#"{"a": 1,}"#,
            1,
            9,
            "",
            "expected a string key in double quotes, found `}`",
        ),
        (
            r#"{"a": 1 // no comments
}"#,
            1,
            9,
            "",
            "expected `,` or `}` after an object member, found `/`",
        ),
        (
            "{'a': 1}",
            1,
            2,
            "",
            "expected a string key in double quotes, found `'`",
        ),
        (
            "{a: 1}",
            1,
            2,
            "",
            "expected a string key in double quotes, found `a`",
        ),
        (r#"{"a": }"#, 1, 7, "/a", "expected a value, found `}`"),
        (
            "[1, [2",
            1,
            7,
            "/1",
            "expected `,` or `]` after an array item, found the end of the input",
        ),
        (
            "{\"a\":\n",
            2,
            1,
            "/a",
            "expected a value, found the end of the input",
        ),
        ("[\u{feff}]", 1, 2, "/0", "expected a value, found U+FEFF"),
        ("[01]", 1, 2, "/0", "a number cannot have leading zeros"),
        ("[-]", 1, 3, "/0", "expected a digit in a number, found `]`"),
        (
            "[-a]",
            1,
            3,
            "/0",
            "expected a digit in a number, found `a`",
        ),
        ("[+1]", 1, 2, "/0", "expected a value, found `+`"),
        ("[.5]", 1, 2, "/0", "expected a value, found `.`"),
        (
            "[1.]",
            1,
            4,
            "/0",
            "expected a digit after the decimal point, found `]`",
        ),
        (
            "[1e]",
            1,
            4,
            "/0",
            "expected a digit in the exponent, found `]`",
        ),
        (
            "[1e+]",
            1,
            5,
            "/0",
            "expected a digit in the exponent, found `]`",
        ),
        (
            r#"{"big": 1e400}"#,
            1,
            9,
            "/big",
            "the number `1e400` is out of range (beyond a 64-bit float)",
        ),
        (
            "[0, -1e400]",
            1,
            5,
            "/1",
            "the number `-1e400` is out of range (beyond a 64-bit float)",
        ),
        ("[NaN]", 1, 2, "/0", "expected a value, found `N`"),
        ("[tru]", 1, 5, "/0", "expected `true`, found `]`"),
        (
            "[nul",
            1,
            5,
            "/0",
            "expected `null`, found the end of the input",
        ),
        ("[fals3]", 1, 6, "/0", "expected `false`, found `3`"),
        (
            "[truex]",
            1,
            6,
            "",
            "expected `,` or `]` after an array item, found `x`",
        ),
    ];
    for &(text, line, column, pointer, message) in cases {
        let error = error(text);
        let expected = format!("invalid JSON: {message}");
        assert!(
            error.message.starts_with(&expected),
            "{text:?}: {error}\nexpected: {expected}"
        );
        assert_eq!(
            (error.line, error.column, error.pointer.as_str()),
            (line, column, pointer),
            "{text:?}: {error}"
        );
        assert_eq!(error.file, "s.json");
    }
}

#[test]
fn duplicate_keys_are_errors_as_in_yaml() {
    let text = "{\"a\": 1,\n \"b\": {\"c\": 1,\n  \"c\": [2]}}";
    let error = error(text);
    assert_eq!((error.line, error.column), (3, 3), "{error}");
    assert_eq!(error.pointer, "/b/c");
    assert_eq!(error.message, "duplicate key `c`");
    assert_eq!(Err(error), yaml::parse("s.json", text).map(|_| ()));
    let error = self::error(r#"{"a/b": 1, "a\/b": 2}"#);
    assert_eq!((error.pointer.as_str(), error.column), ("/a~1b", 12));
}

#[test]
fn empty_input_is_the_empty_file_error() {
    for text in ["", " \n\t\r\n", "\u{feff}", "\u{feff}  "] {
        let error = error(text);
        assert_eq!(error, yaml::parse("s.json", "").map(|_| ()).unwrap_err());
        assert_eq!(error.message, "the schema file is empty");
        let error = crate::parse::parse("s.json", text).map(|_| ()).unwrap_err();
        assert_eq!(error.message, "the schema file is empty");
    }
}

#[test]
fn scalars_are_documents_too() {
    assert_eq!(read(" 12 ").root, json!(12));
    assert_eq!(read("\"x\"").root, json!("x"));
    assert_eq!(read("null").root, Value::Null);
}

#[test]
fn nesting_is_limited_and_never_overflows_the_stack() {
    let depth = super::MAX_DEPTH;
    let deepest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(
        read(&deepest).location(&"/0".repeat(depth - 1)),
        at(1, depth)
    );
    let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    read(&objects);

    let error = self::error(&format!("[{deepest}]"));
    assert_eq!((error.line, error.column), (1, depth + 1));
    assert_eq!(error.pointer, "/0".repeat(depth));
    assert_eq!(
        error.message,
        format!("invalid JSON: more than {depth} nested arrays and objects")
    );
    // Far deeper input stops at the limit: the reader's stack is a `Vec` anyway.
    for n in [100_000, 1_000_000] {
        let error = self::error(&"[".repeat(n));
        assert_eq!((error.line, error.column), (1, depth + 1));
        let error = self::error(&format!("{}{}", "[".repeat(n), "]".repeat(n)));
        assert_eq!((error.line, error.column), (1, depth + 1));
        let error = self::error(&format!("{}1", r#"{"a": "#.repeat(n)));
        assert_eq!(error.pointer, "/a".repeat(depth));
    }
}

#[test]
fn json_documents_go_to_the_json_reader() {
    let json_error = |text: &str| crate::parse::parse("s.json", text).map(|_| ()).unwrap_err();
    // Strict: comments and trailing commas are YAML, not JSON.
    for text in ["{\"a\": 1,}", "\u{feff} \n[1, 2 # two\n]", "\r\n{a: 1}"] {
        let error = json_error(text);
        assert!(
            error.message.starts_with("invalid JSON: "),
            "{text:?}: {error}"
        );
    }
    let surrogates = r#"{"thumbs": "\ud83d\udc4d"}"#;
    assert_eq!(
        crate::parse::parse("s.json", surrogates).unwrap().root["thumbs"],
        json!("👍")
    );
    // Anything else is YAML, which reads JSON-like flow collections after a comment.
    for text in ["a: [1, 2]", "# comment\n{\"a\": [1, 2]}", "---\n[1, 2]"] {
        assert!(crate::parse::parse("s.yaml", text).is_ok(), "{text:?}");
    }
}
