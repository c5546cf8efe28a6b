//! The JSON reader on the real documents beside the workspace
//! (`<repo>/../shared/corpus` and `<repo>/../shared/corpus-wild`, another
//! project's files, read in place and never copied here).
//!
//! CI has them; a checkout without them fails here rather than passing
//! without having checked anything, unless `GENERATOR_SKIP_SHARED_CORPUS` is
//! set (then a note says what was skipped).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::super::yaml;
use super::parse;

/// Every `*.json` file of both corpus folders, with its text, by name.
fn documents() -> Vec<(String, String)> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let mut documents = Vec::new();
    for folder in ["corpus", "corpus-wild"] {
        let folder = shared.join(folder);
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) if std::env::var_os("GENERATOR_SKIP_SHARED_CORPUS").is_some() => {
                eprintln!("note: skipping {}: {error}", folder.display());
                continue;
            }
            Err(error) => panic!(
                "cannot read {} ({error}); the corpus belongs beside the checkout, at \
                 <repo>/../shared (set GENERATOR_SKIP_SHARED_CORPUS to skip it)",
                folder.display()
            ),
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|entry| entry.expect("a readable folder entry").path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            documents.push((name, text));
        }
    }
    documents
}

/// The first pointer where two values differ, for a readable failure.
fn difference(a: &Value, b: &Value, pointer: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
            a.iter()
                .zip(b)
                .find_map(|((ka, va), (kb, vb))| match ka == kb {
                    true => difference(va, vb, &format!("{pointer}/{ka}")),
                    false => Some(format!("{pointer}: key `{ka}` against `{kb}`")),
                })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => (a.iter().zip(b))
            .enumerate()
            .find_map(|(i, (a, b))| difference(a, b, &format!("{pointer}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{pointer}: {a} against {b}")),
    }
}

#[test]
fn corpus_documents_read_as_serde_json_reads_them() {
    let documents = documents();
    for (name, text) in &documents {
        let document =
            parse(name, text).unwrap_or_else(|error| panic!("{name} should parse: {error}"));
        match serde_json::from_str::<Value>(text) {
            Ok(expected) => {
                if let Some(difference) = difference(&document.root, &expected, "") {
                    panic!("{name}: the JSON reader and serde_json differ at {difference}");
                }
                assert!(document.root == expected, "{name}");
            }
            Err(error) => eprintln!("note: serde_json rejects {name} ({error}); not compared"),
        }
    }
    let find = |wanted: &str| {
        let found = documents.iter().find(|(name, _)| name == wanted);
        let skipping = std::env::var_os("GENERATOR_SKIP_SHARED_CORPUS").is_some();
        assert!(
            found.is_some() || skipping,
            "{wanted} is missing from the corpus"
        );
        found
    };
    // The document whose surrogate pairs (`"Hello! \ud83d\udc4d"`) the YAML
    // reader rejects.
    if let Some((name, text)) = find("twilio-api-v2010.json") {
        assert!(text.contains(r#""Hello! \ud83d\udc4d""#), "{name}");
        let error = yaml::parse(name, text).map(|_| ()).unwrap_err();
        assert!(
            error.message.contains("invalid Unicode character escape"),
            "{error}"
        );
        let document = parse(name, text).expect("parses");
        let text = serde_json::to_string(&document.root).expect("serialises");
        assert!(text.contains("Hello! 👍"), "{name}");
    }
    if let Some((name, text)) = find("mastodon.json") {
        assert!(parse(name, text).is_ok(), "{name}");
    }
}

#[test]
fn corpus_locations_agree_with_the_yaml_reader() {
    let mut compared = Vec::new();
    for (name, text) in documents() {
        let Ok(yaml) = yaml::parse(&name, &text) else {
            continue;
        };
        let json = parse(&name, &text).expect("parses");
        assert!(
            json.root == yaml.root,
            "{name}: the readers give different values"
        );
        assert_eq!(json.locations.len(), yaml.locations.len(), "{name}");
        for ((pointer, json), (yaml_pointer, yaml)) in json.locations.iter().zip(&yaml.locations) {
            assert_eq!(pointer, yaml_pointer, "{name}");
            assert_eq!(json, yaml, "{name}: {pointer}");
        }
        compared.push(name);
    }
    eprintln!("note: locations compared on {}", compared.join(", "));
    if std::env::var_os("GENERATOR_SKIP_SHARED_CORPUS").is_none() {
        assert!(
            compared.iter().any(|name| name == "discord.json"),
            "{compared:?}"
        );
    }
}

/// Parse times of the two readers (and of `serde_json`, which keeps no
/// locations) on the corpus's JSON documents, each the best of 11 runs (the
/// least disturbed by other work on the machine), dropping the result included:
/// `cargo test --release -p generator --lib parse_times -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; run it in release mode"]
fn parse_times() {
    use std::time::{Duration, Instant};

    fn best(mut run: impl FnMut()) -> Duration {
        (0..11)
            .map(|_| {
                let start = Instant::now();
                run();
                start.elapsed()
            })
            .min()
            .unwrap_or_default()
    }
    let ms = |duration: Duration| format!("{:.1} ms", duration.as_secs_f64() * 1000.0);

    println!("| document | size | JSON reader | YAML reader | serde_json (no locations) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, text) in documents() {
        let json = best(|| drop(parse(&name, &text).expect("parses")));
        let yaml = match yaml::parse(&name, &text) {
            Ok(_) => ms(best(|| drop(yaml::parse(&name, &text)))),
            Err(_) => "fails".to_owned(),
        };
        let serde = best(|| drop(serde_json::from_str::<Value>(&text).expect("parses")));
        let size = format!("{} KB", text.len() / 1000);
        println!(
            "| {name} | {size} | {} | {yaml} | {} |",
            ms(json),
            ms(serde)
        );
    }
}
