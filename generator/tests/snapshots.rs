//! Snapshot tests: each fixture schema in `tests/fixtures/` generates exactly the
//! files checked in under `tests/snapshots/<fixture>/`, twice in a row. That the
//! same output compiles with warnings denied next to the real client runtime is
//! checked by `xtask/tests/fixtures_compile.rs`, through `cargo xtask corpus`.
//!
//! After an intended change to the output, refresh the snapshots with
//! `UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots` and review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use std::num::NonZeroUsize;

use generator::{GeneratedFile, Input, Options, generate, generate_with};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One fixture: a schema in one file, or a folder holding a `ROOT` file
/// that names the root of a schema written in several files.
struct Fixture {
    name: String,
    /// The root's path, as diagnostics name it.
    path: String,
    text: String,
    /// Every file of a folder fixture, by path; empty for one file.
    files: BTreeMap<String, String>,
}

fn fixtures() -> Vec<Fixture> {
    let mut fixtures = Vec::new();
    let dir = manifest_dir().join("tests/fixtures");
    for entry in fs::read_dir(&dir).expect("tests/fixtures exists") {
        let path = entry.expect("readable entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 name")
            .to_owned();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path).expect("readable fixture");
            fixtures.push(Fixture {
                path: format!("generator/tests/fixtures/{name}.yaml"),
                name,
                text,
                files: BTreeMap::new(),
            });
        } else if path.join("ROOT").is_file() {
            let prefix = format!("generator/tests/fixtures/{name}");
            let files: BTreeMap<String, String> = read_tree(&path)
                .into_iter()
                .map(|(file, text)| (format!("{prefix}/{file}"), text))
                .collect();
            let root = files[&format!("{prefix}/ROOT")].trim().to_owned();
            let path = format!("{prefix}/{root}");
            fixtures.push(Fixture {
                name,
                text: files[&path].clone(),
                path,
                files,
            });
        }
    }
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(
        !fixtures.is_empty(),
        "no fixtures found in {}",
        dir.display()
    );
    fixtures
}

impl Fixture {
    fn input(&self) -> Input<'_> {
        Input {
            schema_path: &self.path,
            schema_text: &self.text,
            files: &self.files,
        }
    }
}

/// The fixture's generated files, plus `warnings.txt` listing the warnings
/// (what the generator ignored or weakened) when there are any, so they are
/// part of the snapshot too.
fn generate_fixture(fixture: &Fixture) -> Vec<GeneratedFile> {
    let name = &fixture.name;
    let generated = generate(&fixture.input())
        .unwrap_or_else(|diagnostics| panic!("fixture {name} failed:\n{diagnostics}"));
    let mut files = generated.files;
    if !generated.warnings.is_empty() {
        files.push(GeneratedFile {
            path: "warnings.txt".to_owned(),
            contents: format!("{}\n", generated.warnings),
        });
    }
    files
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
    for fixture in fixtures() {
        let name = &fixture.name;
        let files = generate_fixture(&fixture);
        let dir = manifest_dir().join("tests/snapshots").join(name);
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
    for fixture in fixtures() {
        let first = generate_fixture(&fixture);
        let second = generate_fixture(&fixture);
        assert_eq!(
            first, second,
            "fixture {} gave different output on a second run",
            fixture.name
        );
    }
    let schema = manifest_dir().join("../schema/fluxer.yaml");
    let text = fs::read_to_string(&schema).expect("schema/fluxer.yaml exists");
    let run = || {
        generate(&Input {
            schema_path: "schema/fluxer.yaml",
            schema_text: &text,
            files: &generator::NoFiles,
        })
        .expect("the Fluxer schema generates")
    };
    assert_eq!(
        run(),
        run(),
        "schema/fluxer.yaml gave different output on a second run"
    );
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let schema = manifest_dir().join("../schema/fluxer.yaml");
    let fluxer = fs::read_to_string(&schema).expect("schema/fluxer.yaml exists");
    let mut documents = fixtures();
    documents.push(Fixture {
        name: "fluxer".to_owned(),
        path: "schema.yaml".to_owned(),
        text: fluxer,
        files: BTreeMap::new(),
    });
    for fixture in &documents {
        let name = &fixture.name;
        let input = fixture.input();
        let one = generate(&input).expect("generates");
        for threads in [2, 3, 8] {
            let options = Options {
                threads: NonZeroUsize::new(threads).expect("not zero"),
            };
            let many = generate_with(&input, &options).expect("generates");
            assert_eq!(one, many, "{name}: {threads} threads gave different output");
        }
    }
}
