//! Property tests: the generator never panics, whatever it is given.
//!
//! - Random but plausible OpenAPI documents (objects with properties of random
//!   types, `$ref`s between components, integer and string enums, `oneOf` unions
//!   with titles, nullable variants, arrays, maps, awkward names) either generate
//!   files that parse as Rust, byte-identically on a second run, or fail with
//!   diagnostics (the same ones on a second run).
//! - Raw input (arbitrary strings and bytes, YAML-ish and JSON-ish token soup,
//!   and mutations of `schema/fluxer.yaml` and of the same schema as JSON) gives
//!   `Ok` or `Err`, never a panic.
//! - Any JSON value, written by `serde_json` (compact or pretty, characters
//!   beyond the BMP as surrogate-pair escapes), reads back as the same value.
//! - On JSON-ish input the JSON reader accepts what `serde_json` accepts, with
//!   the same value, and rejects what it rejects (duplicate keys aside, which
//!   the generator rejects and `serde_json` resolves to the last).
//!
//! Each property runs a modest number of cases by default so the whole file
//! stays fast in CI; set `PROPTEST_CASES` to run more of every property, e.g.
//! `PROPTEST_CASES=5000 cargo test --release -p generator --test robustness`.

use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use generator::{Diagnostics, GeneratedFile, Input, generate};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Number, Value, json};

/// The number of cases of a property: `PROPTEST_CASES` when set, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        // Failures are minimised and reported in the test output; nothing is
        // written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// How long one `generate` call may take before the input counts as a hang.
/// Every case here takes milliseconds; the margin is for slow CI machines.
const DEADLINE: Duration = Duration::from_secs(20);

/// Aborts the test process, after printing the input, if it is not dropped
/// within [`DEADLINE`]: a generator that loops forever must fail the run with
/// the offending input rather than hang CI. (Aborting, not panicking: a hung
/// call cannot be stopped, and shrinking would start more of them.)
struct Watchdog {
    done: Option<mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(text: &str) -> Self {
        let (done, wait) = mpsc::channel::<()>();
        let text = text.to_owned();
        let thread = thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(DEADLINE) {
                // Straight to the process's stderr: the test harness's capture
                // would be lost with the abort.
                let _ = writeln!(
                    std::io::stderr(),
                    "\ngenerator::generate did not return within {DEADLINE:?} on this input \
                     (an endless loop?); aborting.\n--- input ---\n{text}\n--- end of input ---"
                );
                std::process::abort();
            }
        });
        Self {
            done: Some(done),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs the generator on `text`, checking what holds for every input: no panic
/// (a panic fails the test by itself), no endless loop (see [`Watchdog`]),
/// every generated file parses as Rust, and a second run gives the same result
/// byte for byte.
fn check_generate(text: &str) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let input = Input {
        schema_path: "fuzz.yaml",
        schema_text: text,
        files: &generator::NoFiles,
    };
    let watchdog = Watchdog::start(text);
    let generated = generate(&input);
    // Every pointer printed names a node of the document as written, even
    // where `normalize` moved the node the problem is about.
    if let Ok(written) = generator::parse_value("fuzz.yaml", text) {
        let diagnostics = match &generated {
            Ok(generated) => &generated.warnings,
            Err(errors) => errors,
        };
        for diagnostic in diagnostics.iter() {
            assert!(
                written.pointer(&diagnostic.pointer).is_some(),
                "{diagnostic} points at nothing in:\n{text}"
            );
        }
    }
    let first = generated.map(|generated| generated.files);
    if let Ok(files) = &first {
        for file in files {
            if let Err(error) = syn::parse_file(&file.contents) {
                panic!(
                    "generated {} does not parse as Rust ({error}):\n{}",
                    file.path, file.contents
                );
            }
        }
    }
    let second = generate(&input).map(|generated| generated.files);
    drop(watchdog);
    assert!(
        first == second,
        "a second run gave a different result:\nfirst: {first:#?}\nsecond: {second:#?}"
    );
    first
}

mod plausible;

use plausible::{awkward_name, document, tame_name};

proptest! {
    #![proptest_config(config(256))]

    /// Plausible documents with tame names (most generate): no panic; the
    /// output parses with syn and is deterministic.
    #[test]
    fn documents_with_tame_names_never_panic(document in document(tame_name())) {
        let text = serde_json::to_string_pretty(&document.to_value()).expect("serialises");
        let _ = check_generate(&text);
    }

    /// The same with awkward names (keywords, digits, punctuation, empty).
    #[test]
    fn documents_with_awkward_names_never_panic(document in document(awkward_name())) {
        let text = serde_json::to_string_pretty(&document.to_value()).expect("serialises");
        let _ = check_generate(&text);
    }
}

// ---------------------------------------------------------------------------
// Raw input

fn fluxer_schema() -> &'static str {
    static SCHEMA: OnceLock<String> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/fluxer.yaml");
        std::fs::read_to_string(path).expect("schema/fluxer.yaml exists")
    })
}

/// Pieces of YAML and OpenAPI syntax, so random sequences reach deep into the
/// parser rather than failing on the first character.
fn yaml_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "\n",
        "\n  ",
        "\n    ",
        "  ",
        " ",
        "- ",
        "? ",
        ": ",
        ":",
        ",",
        "{",
        "}",
        "[",
        "]",
        "'",
        "\"",
        "#",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "!!str ",
        "!tag ",
        "|",
        ">",
        "|-\n  ",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "~",
        "null",
        "true",
        "1e309",
        "-0",
        "0x1F",
        "\\u00e9",
        "\t",
        "\r\n",
        "\u{feff}",
        "openapi: 3.1.0\n",
        "openapi: 3.0.3\n",
        "paths:\n",
        "components:\n",
        "schemas:\n",
        "  A:\n",
        "    type: object\n",
        "type: ",
        "string",
        "integer",
        "array",
        "items: ",
        "properties:\n",
        "$ref: '#/components/schemas/A'\n",
        "$ref: ",
        "oneOf:\n",
        "anyOf:\n",
        "allOf:\n",
        "enum: [",
        "required: [",
        "additionalProperties: ",
        "/a/{id}:\n",
        "get:\n",
        "operationId: ",
        "parameters:\n",
        "in: path\n",
        "name: id\n",
        "responses:\n",
        "'200':\n",
        "content:\n",
        "application/json:\n",
        "schema:\n",
    ]);
    prop::collection::vec(token, 0..60).prop_map(|tokens| tokens.concat())
}

/// A mutation of a text: flip bytes, truncate, delete or duplicate lines.
#[derive(Clone, Debug)]
enum Mutation {
    SetByte(Index, u8),
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    Indent(Index, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte(at, byte)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        3 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => (any::<Index>(), any::<bool>()).prop_map(|(at, deeper)| Mutation::Indent(at, deeper)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        match mutation {
            Mutation::SetByte(at, byte) => {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            Mutation::DeleteLine(at) | Mutation::DuplicateLine(at) | Mutation::Indent(at, _) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let at = at.index(lines.len());
                match mutation {
                    Mutation::DeleteLine(_) => {
                        lines.remove(at);
                    }
                    Mutation::DuplicateLine(_) => {
                        let line = lines[at].clone();
                        lines.insert(at, line);
                    }
                    Mutation::Indent(_, true) => {
                        let mut line = b"  ".to_vec();
                        line.extend_from_slice(&lines[at]);
                        lines[at] = line;
                    }
                    Mutation::Indent(_, false) => {
                        let spaces = lines[at].iter().take(2).take_while(|&&b| b == b' ').count();
                        lines[at].drain(..spaces);
                    }
                    Mutation::SetByte(..) | Mutation::Truncate(_) => unreachable!(),
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config(512))]

    /// Arbitrary Unicode text.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = check_generate(&text);
    }

    /// Arbitrary bytes, read as (lossy) UTF-8.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = check_generate(&String::from_utf8_lossy(&bytes));
    }

    /// Sequences of YAML and OpenAPI fragments.
    #[test]
    fn yaml_soup_never_panics(text in yaml_soup()) {
        let _ = check_generate(&text);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// `schema/fluxer.yaml` with a few random byte flips, truncations, line
    /// deletions, duplications and indentation changes.
    #[test]
    fn mutated_fluxer_schema_never_panics(mutations in prop::collection::vec(mutation(), 1..4)) {
        let _ = check_generate(&mutate(fluxer_schema(), &mutations));
    }
}

/// `schema/fluxer.yaml` as pretty-printed JSON, so mutations of it reach the JSON reader.
fn fluxer_schema_json() -> &'static str {
    static SCHEMA: OnceLock<String> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let value = generator::parse_value("schema/fluxer.yaml", fluxer_schema())
            .expect("schema/fluxer.yaml parses");
        serde_json::to_string_pretty(&value).expect("serialises")
    })
}

/// Pieces of JSON (and of what JSON does not allow) after an opening `{` or
/// `[`, so that the JSON reader gets them.
fn json_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        ", ",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\"",
        "\"a\"",
        "\"a\": ",
        "\"a/b~\"",
        "\"é😀\"",
        "\\",
        "\\\"",
        "\\u",
        "\\ud83d",
        "\\udc4d",
        "\\u00e9",
        "\\uZZ",
        "\\n",
        "\\x",
        "0",
        "1",
        "9",
        "-",
        "-0",
        ".",
        "e",
        "E+",
        "e-",
        "1.5",
        "1e400",
        "18446744073709551616",
        "-9223372036854775809",
        "true",
        "fals",
        "null",
        "nan",
        "\u{feff}",
        "\u{1}",
        "\u{7f}",
        "é",
        "//",
        "/*",
        "'",
        "\"openapi\": \"3.1.0\"",
        "\"paths\": {}",
        "\"type\": \"object\"",
    ]);
    (
        prop::sample::select(vec!["{", "[", " \n[", "\u{feff}{", "{\"a\": "]),
        prop::collection::vec(token, 0..80),
    )
        .prop_map(|(start, tokens)| format!("{start}{}", tokens.concat()))
}

/// Checks the JSON reader against `serde_json` on `text`.
fn check_json_reader(text: &str) {
    let ours = generator::parse_value("fuzz.json", text);
    let serde = serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text));
    match (&ours, &serde) {
        (Ok(ours), Ok(serde)) => assert!(ours == serde, "{text:?}: {ours} against {serde}"),
        (Err(ours), Err(_)) => {
            // A duplicate key may come before the syntax error serde_json stops at.
            let message = &ours.0[0].message;
            let json =
                message.starts_with("invalid JSON: ") || message.starts_with("duplicate key");
            assert!(json, "{text:?}: {message}");
        }
        (Err(ours), Ok(_)) => assert!(
            ours.0[0].message.starts_with("duplicate key"),
            "{text:?}: serde_json reads it, the generator says {ours}"
        ),
        (Ok(ours), Err(serde)) => {
            panic!("{text:?}: serde_json says {serde}, the generator reads {ours}")
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Sequences of JSON fragments: no panic, and the reader agrees with serde_json.
    #[test]
    fn json_soup_never_panics(text in json_soup()) {
        check_json_reader(&text);
        let _ = check_generate(&text);
    }
}

/// Any JSON value: every kind of number, strings of any characters, nesting.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        any::<String>().prop_map(Value::from),
        "[ -~é😀\u{1}\u{7f}\u{2028}]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `text` with every character beyond the BMP (which JSON text holds only
/// inside strings) written as a UTF-16 surrogate-pair escape.
fn escape_astral(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if u32::from(c) > 0xFFFF {
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

proptest! {
    #![proptest_config(config(256))]

    /// What serde_json writes, the JSON reader reads back.
    #[test]
    fn json_values_read_back(value in json_value(), pretty: bool, astral: bool) {
        let value = json!([value]);
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .expect("serialises");
        let text = if astral { escape_astral(&text) } else { text };
        match generator::parse_value("fuzz.json", &text) {
            Ok(read) => prop_assert!(read == value, "{text:?}: read as {read}"),
            Err(error) => prop_assert!(false, "{text:?}: {error}"),
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// `schema/fluxer.yaml` as JSON, mutated as above.
    #[test]
    fn mutated_json_schema_never_panics(mutations in prop::collection::vec(mutation(), 1..4)) {
        let text = mutate(fluxer_schema_json(), &mutations);
        if text.trim_start().starts_with(['{', '[']) {
            check_json_reader(&text);
        }
        let _ = check_generate(&text);
    }
}

/// The JSON form of the schema generates the same files as the YAML form
/// (the mutation property above starts from it).
#[test]
fn the_fluxer_schema_as_json_generates_the_same_files() {
    let yaml = check_generate(fluxer_schema()).expect("schema/fluxer.yaml generates");
    let json = check_generate(fluxer_schema_json()).expect("the JSON form generates");
    assert!(
        yaml == json,
        "the JSON form of the schema generates different files"
    );
}

/// The unmutated schema generates: the mutation property starts from a valid
/// document, so most mutations reach the later stages.
#[test]
fn the_fluxer_schema_generates() {
    let files = check_generate(fluxer_schema()).expect("schema/fluxer.yaml generates");
    assert!(!files.is_empty());
}

/// Found by `documents_with_tame_names_never_panic`: a component that reaches
/// itself through an `allOf` of two members (a recursive type) made `normalize`
/// expand the `allOf` forever, nesting deeper on every pass, until memory ran out.
#[test]
fn recursive_all_of_terminates() {
    let schema = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      properties:
        p:
          allOf: [{$ref: '#/components/schemas/A'}, {}]
";
    let _ = check_generate(schema);
}
