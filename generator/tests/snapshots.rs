//! Snapshot tests: each fixture schema in `tests/fixtures/` generates exactly the
//! files checked in under `tests/snapshots/<fixture>/`, twice in a row, and the
//! snapshots compile with warnings denied next to the real client runtime.
//!
//! After an intended change to the output, refresh the snapshots with
//! `UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots` and review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{GeneratedFile, Input, generate};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<(String, String)> {
    let mut fixtures = Vec::new();
    let dir = manifest_dir().join("tests/fixtures");
    for entry in fs::read_dir(&dir).expect("tests/fixtures exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name")
                .to_owned();
            let text = fs::read_to_string(&path).expect("readable fixture");
            fixtures.push((name, text));
        }
    }
    fixtures.sort();
    assert!(
        !fixtures.is_empty(),
        "no fixtures found in {}",
        dir.display()
    );
    fixtures
}

fn generate_fixture(name: &str, text: &str) -> Vec<GeneratedFile> {
    let schema_path = format!("generator/tests/fixtures/{name}.yaml");
    generate(&Input {
        schema_path: &schema_path,
        schema_text: text,
    })
    .unwrap_or_else(|diagnostics| panic!("fixture {name} failed:\n{diagnostics}"))
}

fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("inside root")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    files
}

#[test]
fn snapshots_match() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for (name, text) in fixtures() {
        let files = generate_fixture(&name, &text);
        let dir = manifest_dir().join("tests/snapshots").join(&name);
        if update {
            let _ = fs::remove_dir_all(&dir);
            for file in &files {
                let path = dir.join(&file.path);
                fs::create_dir_all(path.parent().expect("has parent")).expect("create dir");
                fs::write(&path, &file.contents).expect("write snapshot");
            }
            continue;
        }
        let expected = read_tree(&dir);
        let actual: BTreeMap<String, String> =
            files.into_iter().map(|f| (f.path, f.contents)).collect();
        for (path, contents) in &actual {
            match expected.get(path) {
                None => failures.push(format!("{name}/{path}: new file, not in the snapshots")),
                Some(old) if old != contents => {
                    let first = old
                        .lines()
                        .zip(contents.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or_else(|| old.lines().count().min(contents.lines().count()));
                    failures.push(format!(
                        "{name}/{path}: differs from line {}:\n  snapshot:  {:?}\n  generated: {:?}",
                        first + 1,
                        old.lines().nth(first).unwrap_or(""),
                        contents.lines().nth(first).unwrap_or("")
                    ));
                }
                Some(_) => {}
            }
        }
        for path in expected.keys() {
            if !actual.contains_key(path) {
                failures.push(format!(
                    "{name}/{path}: in the snapshots but no longer generated"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots are stale:\n{}\n\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots` and review the diff.",
        failures.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    for (name, text) in fixtures() {
        let first = generate_fixture(&name, &text);
        let second = generate_fixture(&name, &text);
        assert_eq!(
            first, second,
            "fixture {name} gave different output on a second run"
        );
    }
    let schema = manifest_dir().join("../schema/fluxer.yaml");
    let text = fs::read_to_string(&schema).expect("schema/fluxer.yaml exists");
    let run = || {
        generate(&Input {
            schema_path: "schema/fluxer.yaml",
            schema_text: &text,
        })
        .expect("the Fluxer schema generates")
    };
    assert_eq!(
        run(),
        run(),
        "schema/fluxer.yaml gave different output on a second run"
    );
}

/// The client's manifest without dev-dependencies and extra targets (benches,
/// tests, examples), whose files the scratch crate does not have.
fn library_only(manifest: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skipping = line == "[dev-dependencies]"
                || line.starts_with("[[bench")
                || line.starts_with("[[test")
                || line.starts_with("[[example");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Builds a scratch crate per fixture from the client's hand-written runtime plus
/// the fixture's generated files, and checks it with warnings denied.
#[test]
fn snapshots_compile_without_warnings() {
    let root = manifest_dir().join("..");
    let client = root.join("generated-client");
    let scratch = root.join("target/snapshot-check");
    let workspace_manifest =
        fs::read_to_string(root.join("Cargo.toml")).expect("workspace Cargo.toml");
    // The scratch workspace has the same dependency table and lints, and one member.
    let mut manifest = String::new();
    for line in workspace_manifest.lines() {
        if line.starts_with("members") {
            manifest.push_str("members = [\"generated-client\"]\n");
        } else if line.contains("path = ") {
            continue;
        } else {
            manifest.push_str(line);
            manifest.push('\n');
        }
    }
    let fixtures = fixtures();
    let mut failures = Vec::new();
    for (name, text) in &fixtures {
        let dir = scratch.join(name);
        let _ = fs::remove_dir_all(&dir);
        let src = dir.join("generated-client/src");
        fs::create_dir_all(&src).expect("create scratch dir");
        fs::write(dir.join("Cargo.toml"), &manifest).expect("write manifest");
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
        let client_manifest =
            fs::read_to_string(client.join("Cargo.toml")).expect("client Cargo.toml");
        fs::write(
            dir.join("generated-client/Cargo.toml"),
            library_only(&client_manifest),
        )
        .expect("write client manifest");
        for (path, contents) in read_tree(&client.join("src")) {
            if path.starts_with("generated/") {
                continue;
            }
            let target = src.join(&path);
            fs::create_dir_all(target.parent().expect("has parent")).expect("create dir");
            fs::write(target, contents).expect("copy runtime source");
        }
        for file in generate_fixture(name, text) {
            let target = src.join("generated").join(&file.path);
            fs::create_dir_all(target.parent().expect("has parent")).expect("create dir");
            fs::write(target, file.contents).expect("write generated file");
        }
        let output = Command::new(env!("CARGO"))
            .args(["check", "--offline", "--lib", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        if !output.status.success() {
            failures.push(format!(
                "fixture {name} does not compile cleanly:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
