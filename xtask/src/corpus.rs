//! `cargo xtask corpus <dir>`: how well the generator copes with real OpenAPI documents.
//!
//! For every `*.json`, `*.yaml` and `*.yml` file in `<dir>`, and every root
//! listed in the `ROOT` file of a folder of `<dir>` (a document written in
//! several files: one path per line, relative to the folder; its `$ref`s
//! are read from the folder), sorted by name, the command runs [`generator::generate_with`] (timed, a thread per core), and
//! when that succeeds builds a scratch crate **outside the repository** and runs
//! `cargo check --offline --lib` on it with `RUSTFLAGS=-D warnings`. It then
//! prints one table row per document (see [`render_table`]) and exits non-zero
//! if any document failed to generate or to compile, so CI can use it.
//!
//! # The scratch tree
//!
//! ```text
//! <scratch>/                       default: <temp dir>/fluxer-corpus, or --scratch <path>
//!   target/                        one target directory for every document: dependencies build once
//!   <document file name>/          e.g. `discord.json/` (the full name, so `a.json` and `a.yaml` differ;
//!                                  `lichess-doc-specs-lichess-api.yaml/` for a root a `ROOT` file lists)
//!     Cargo.toml                   the repository's workspace manifest, see `scratch_workspace_manifest`
//!     Cargo.lock                   the repository's, copied, so `--offline` finds every dependency
//!     generated-client/
//!       Cargo.toml                 the client's manifest without its dev-dependencies
//!       src/**                     the hand-written runtime (everything but `src/generated/`)
//!       src/generated/**           the generator's output for the document, byte for byte
//! ```
//!
//! The runtime reads error bodies with its own types, never with generated
//! models, so it compiles next to whatever a document defines; the generated
//! files are never edited.
//!
//! # Timings
//!
//! The generation time is measured in this process, so it reflects the profile
//! `xtask` was built with (`cargo run --release -p xtask -- corpus <dir>` for
//! release numbers). The check time is that of the generated crate alone: after
//! a first (warming, and judging) `cargo check`, `cargo clean -p fluxer-client`
//! removes the crate's own artifacts and a second `cargo check` is timed, with
//! every dependency already built.

use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use generator::{Diagnostics, GeneratedFile, Input};

/// The file extensions read as OpenAPI documents.
pub const DOCUMENT_EXTENSIONS: [&str; 3] = ["json", "yaml", "yml"];

/// The HTTP methods that are operations under `paths./some/path`.
pub const OPERATION_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The scratch root used when `--scratch` is not given: `<temp dir>/fluxer-corpus`.
pub fn default_scratch() -> PathBuf {
    std::env::temp_dir().join("fluxer-corpus")
}

/// The OpenAPI version and operation count of a document, read the way the
/// generator reads it (YAML or JSON). `None` when the document cannot be parsed
/// or does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// `openapi` (or `swagger 2.0`-style for Swagger documents).
    pub version: Option<String>,
    /// How many `paths.*.{get,put,post,delete,options,head,patch,trace}` there are.
    pub operations: Option<usize>,
}

/// Reads the version and counts the operations of the document `text`.
pub fn document_info(name: &str, text: &str) -> DocumentInfo {
    document_info_with(name, text, &generator::NoFiles)
}

/// [`document_info`] for a document whose path items may be `$ref`s to
/// other files, read from `files` relative to `name`.
pub fn document_info_with(name: &str, text: &str, files: &dyn generator::Files) -> DocumentInfo {
    let Ok(root) = generator::parse_value(name, text) else {
        return DocumentInfo::default();
    };
    let version = match (root.get("openapi"), root.get("swagger")) {
        (Some(version), _) => Some(scalar_text(version.as_str(), version.to_string())),
        (None, Some(version)) => Some(format!(
            "swagger {}",
            scalar_text(version.as_str(), version.to_string())
        )),
        (None, None) => None,
    };
    let operations = root
        .get("paths")
        .and_then(|paths| paths.as_object())
        .map(|paths| {
            paths
                .values()
                .map(
                    |item| match item.get("$ref").and_then(|reference| reference.as_str()) {
                        Some(reference) => referenced_operations(name, reference, files),
                        None => count_operations(item),
                    },
                )
                .sum()
        });
    DocumentInfo {
        version,
        operations,
    }
}

/// How many operations a path item has.
fn count_operations(item: &serde_json::Value) -> usize {
    item.as_object().map_or(0, |item| {
        item.keys()
            .filter(|key| OPERATION_METHODS.contains(&key.as_str()))
            .count()
    })
}

/// How many operations the path item a `$ref` (written in the file `name`)
/// names in another file has; 0 when it cannot be read.
fn referenced_operations(name: &str, reference: &str, files: &dyn generator::Files) -> usize {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file.is_empty() {
        return 0;
    }
    let path = match name.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{file}"),
        None => file.to_owned(),
    };
    let Ok(text) = files.read(&path) else {
        return 0;
    };
    let Ok(value) = generator::parse_value(&path, &text) else {
        return 0;
    };
    value.pointer(fragment).map_or(0, count_operations)
}

fn scalar_text(text: Option<&str>, fallback: String) -> String {
    text.map_or(fallback, str::to_owned)
}

/// What happened to one document: one row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The document's file name.
    pub document: String,
    /// See [`DocumentInfo`].
    pub info: DocumentInfo,
    /// `Ok` with the generated files' total line count, or the first problem.
    pub generated: Result<usize, String>,
    /// How long `generator::generate` took, in milliseconds.
    pub generation_ms: f64,
    /// How many warnings the generator gave (what it ignored or weakened).
    pub warnings: usize,
    /// `None` when nothing was generated (or the scratch crate could not be
    /// written); otherwise `Ok` or the first compiler error.
    pub compiles: Option<Result<(), String>>,
    /// How long checking the generated crate alone took, in seconds, when it compiled.
    pub check_seconds: Option<f64>,
}

impl Row {
    /// Whether the document generated and compiled.
    pub fn succeeded(&self) -> bool {
        self.generated.is_ok() && matches!(self.compiles, Some(Ok(())))
    }
}

/// The longest error message shown in a table cell, in characters.
pub const MESSAGE_WIDTH: usize = 80;

/// Renders the rows as a Markdown table (columns padded so it also reads well
/// in a terminal).
pub fn render_table(rows: &[Row]) -> String {
    let header = [
        "document",
        "OpenAPI",
        "operations",
        "generated",
        "warnings",
        "compiles",
        "generation (ms)",
        "lines",
        "lines/op",
        "check (s)",
    ];
    let right_aligned = [
        false, false, true, false, true, false, true, true, true, true,
    ];
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|&h| h.to_owned()).collect()];
    for row in rows {
        let lines = row.generated.as_ref().ok().copied();
        let per_operation = match (lines, row.info.operations) {
            (Some(lines), Some(operations)) if operations > 0 => {
                format!("{:.0}", lines as f64 / operations as f64)
            }
            _ => "-".to_owned(),
        };
        cells.push(vec![
            row.document.clone(),
            row.info.version.clone().unwrap_or_else(|| "?".to_owned()),
            row.info
                .operations
                .map_or_else(|| "?".to_owned(), |count| count.to_string()),
            match &row.generated {
                Ok(_) => "yes".to_owned(),
                Err(message) => truncate(message, MESSAGE_WIDTH),
            },
            match &row.generated {
                Ok(_) => row.warnings.to_string(),
                Err(_) => "-".to_owned(),
            },
            match &row.compiles {
                None => "-".to_owned(),
                Some(Ok(())) => "yes".to_owned(),
                Some(Err(message)) => truncate(&format!("no: {message}"), MESSAGE_WIDTH),
            },
            format!("{:.1}", row.generation_ms),
            lines.map_or_else(|| "-".to_owned(), |lines| lines.to_string()),
            per_operation,
            row.check_seconds
                .map_or_else(|| "-".to_owned(), |seconds| format!("{seconds:.1}")),
        ]);
    }
    for row in &mut cells {
        for cell in row.iter_mut() {
            *cell = cell.replace('|', "\\|").replace(['\n', '\r'], " ");
        }
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            cells
                .iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for (index, row) in cells.iter().enumerate() {
        text.push('|');
        for (column, cell) in row.iter().enumerate() {
            let width = widths[column];
            if right_aligned[column] {
                let _ = write!(text, " {cell:>width$} |");
            } else {
                let _ = write!(text, " {cell:<width$} |");
            }
        }
        text.push('\n');
        if index == 0 {
            text.push('|');
            for (column, width) in widths.iter().enumerate() {
                let dashes = "-".repeat((*width).max(1));
                if right_aligned[column] {
                    let _ = write!(text, " {}: |", &dashes[1..]);
                } else {
                    let _ = write!(text, " {dashes} |");
                }
            }
            text.push('\n');
        }
    }
    text
}

/// `text` cut to at most `max` characters, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The table cell for a failed generation: the first diagnostic's message, then
/// where it is (the row already names the document), and how many there are.
pub fn describe_diagnostics(diagnostics: &generator::Diagnostics) -> String {
    let Some(first) = diagnostics.iter().next() else {
        return "failed without a diagnostic".to_owned();
    };
    let message = first.message.lines().next().unwrap_or_default();
    let pointer = if first.pointer.is_empty() {
        "/"
    } else {
        &first.pointer
    };
    let described = format!("{message} (at {}:{} {pointer})", first.line, first.column);
    match diagnostics.len() {
        1 => described,
        count => format!("{count} problems: {described}"),
    }
}

/// The first error in `cargo check --message-format short` output (or the first
/// non-empty line when none looks like an error).
pub fn first_compile_error(stderr: &str) -> String {
    let lines = || {
        stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
    };
    lines()
        .find(|line| line.starts_with("error") || line.contains(": error"))
        .or_else(|| lines().next())
        .unwrap_or("cargo failed without output")
        .to_owned()
}

/// The scratch workspace's `Cargo.toml`, made from the repository's: the same
/// `[workspace.package]`, `[workspace.dependencies]` and `[workspace.lints]`
/// (and anything else, such as profiles), but with `generated-client` as its
/// only member and without the dependencies that are paths into the repository
/// (`generator`, `fluxer-client`: nothing in the scratch crate's library uses
/// them).
pub fn scratch_workspace_manifest(workspace_manifest: &str) -> String {
    let mut manifest = String::new();
    let mut section = String::new();
    let mut skipping_array = false;
    for line in workspace_manifest.lines() {
        let trimmed = line.trim();
        if skipping_array {
            if trimmed.contains(']') {
                skipping_array = false;
            }
            continue;
        }
        if trimmed.starts_with('[') {
            section = trimmed.to_owned();
        }
        if section == "[workspace]" {
            let key = trimmed.split('=').next().unwrap_or_default().trim();
            if matches!(key, "members" | "exclude" | "default-members") && trimmed.contains('=') {
                if key == "members" {
                    manifest.push_str("members = [\"generated-client\"]\n");
                }
                // A multi-line array: skip up to its closing bracket.
                let value = trimmed.split_once('=').map_or("", |(_, value)| value);
                skipping_array = value.contains('[') && !value.contains(']');
                continue;
            }
        }
        if trimmed.contains("path =") || trimmed.contains("path=") {
            continue;
        }
        manifest.push_str(line);
        manifest.push('\n');
    }
    manifest
}

/// The scratch copy of `generated-client/Cargo.toml`: the same, without the
/// `[dev-dependencies]` (they inherit workspace path dependencies the scratch
/// workspace does not have, and `cargo check --lib` does not need them) and
/// without explicit test, example and bench targets (their files are not copied).
pub fn scratch_client_manifest(client_manifest: &str) -> String {
    let mut manifest = String::new();
    let mut skipping = false;
    for line in client_manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_matches(['[', ']']).trim();
            skipping = name == "dev-dependencies"
                || name.starts_with("dev-dependencies.")
                || name.ends_with(".dev-dependencies")
                || matches!(name, "test" | "example" | "bench");
        }
        if !skipping {
            manifest.push_str(line);
            manifest.push('\n');
        }
    }
    manifest
}

/// Where the scratch crates go and which documents to check.
#[derive(Clone, Debug)]
pub struct Options {
    /// The directory holding the documents.
    pub dir: PathBuf,
    /// The scratch root (see the module documentation).
    pub scratch: PathBuf,
}

/// The hand-written runtime, read once: `generated-client/Cargo.toml` and every
/// file under `generated-client/src/` except `src/generated/`, as the scratch
/// crates get them.
pub(crate) struct Runtime {
    workspace_manifest: String,
    lock_file: Vec<u8>,
    client_manifest: String,
    /// Paths relative to `src/`, with `/` separators.
    sources: Vec<(String, Vec<u8>)>,
}

impl Runtime {
    pub(crate) fn read(root: &Path) -> Result<Self, String> {
        let read_text = |path: PathBuf| {
            fs::read_to_string(&path)
                .map_err(|error| format!("could not read {}: {error}", path.display()))
        };
        let workspace_manifest = scratch_workspace_manifest(&read_text(root.join("Cargo.toml"))?);
        let lock_path = root.join("Cargo.lock");
        let lock_file = fs::read(&lock_path)
            .map_err(|error| format!("could not read {}: {error}", lock_path.display()))?;
        let client = root.join("generated-client");
        let client_manifest = scratch_client_manifest(&read_text(client.join("Cargo.toml"))?);
        let mut sources = Vec::new();
        read_runtime_sources(&client.join("src"), "", &mut sources)?;
        sources.sort();
        if !sources.iter().any(|(path, _)| path == "lib.rs") {
            return Err("generated-client/src/lib.rs is missing".to_owned());
        }
        Ok(Self {
            workspace_manifest,
            lock_file,
            client_manifest,
            sources,
        })
    }

    /// Writes `<dir>/` afresh: the scratch workspace with the runtime and `generated`.
    pub(crate) fn write(&self, dir: &Path, generated: &[GeneratedFile]) -> Result<(), String> {
        let io = |action: &str, path: &Path, error: std::io::Error| {
            format!("could not {action} {}: {error}", path.display())
        };
        match fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(io("remove", dir, error)),
        }
        let src = dir.join("generated-client").join("src");
        let mut files: Vec<(PathBuf, &[u8])> = vec![
            (dir.join("Cargo.toml"), self.workspace_manifest.as_bytes()),
            (dir.join("Cargo.lock"), &self.lock_file),
            (
                dir.join("generated-client").join("Cargo.toml"),
                self.client_manifest.as_bytes(),
            ),
        ];
        for (path, contents) in &self.sources {
            files.push((native(&src, path), contents));
        }
        let generated_dir = src.join("generated");
        for file in generated {
            if file
                .path
                .split('/')
                .any(|part| part.is_empty() || part == "..")
            {
                return Err(format!(
                    "the generator produced the unsafe path `{}`",
                    file.path
                ));
            }
            files.push((native(&generated_dir, &file.path), file.contents.as_bytes()));
        }
        for (path, contents) in files {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|error| io("create", parent, error))?;
            }
            fs::write(&path, contents).map_err(|error| io("write", &path, error))?;
        }
        Ok(())
    }
}

fn native(root: &Path, relative: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(relative.split('/'));
    path
}

fn read_runtime_sources(
    dir: &Path,
    prefix: &str,
    sources: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|error| format!("could not list {}: {error}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("could not list {}: {error}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            if relative != "generated" {
                read_runtime_sources(&path, &format!("{relative}/"), sources)?;
            }
        } else {
            let contents = fs::read(&path)
                .map_err(|error| format!("could not read {}: {error}", path.display()))?;
            sources.push((relative, contents));
        }
    }
    Ok(())
}

/// One document of a corpus directory: a file of the directory, or a root
/// named by the `ROOT` file of one of its folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusDocument {
    /// Its name in the table: the file's name, or `folder/root`.
    pub name: String,
    /// The directory the root's path and its `$ref`s' paths are read from.
    pub base: PathBuf,
    /// The root's path relative to `base`, `/`-separated.
    pub root: String,
}

/// The name of the file that lists a folder's root documents, one path
/// (relative to the folder) per line.
pub const ROOT_LIST: &str = "ROOT";

/// The documents in `dir`: files named `*.json`, `*.yaml` or `*.yml`, and
/// for each folder holding a [`ROOT_LIST`] file the roots it lists, sorted
/// by name.
pub fn list_documents(dir: &Path) -> Result<Vec<CorpusDocument>, String> {
    let entries =
        fs::read_dir(dir).map_err(|error| format!("could not list {}: {error}", dir.display()))?;
    let mut documents = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| format!("could not list {}: {error}", dir.display()))?;
        let path = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_document = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| DOCUMENT_EXTENSIONS.contains(&extension));
        if is_document && path.is_file() {
            documents.push(CorpusDocument {
                name: file_name.clone(),
                base: dir.to_path_buf(),
                root: file_name,
            });
        } else if path.join(ROOT_LIST).is_file() {
            let list = fs::read_to_string(path.join(ROOT_LIST)).map_err(|error| {
                format!("could not read {}: {error}", path.join(ROOT_LIST).display())
            })?;
            for root in list.lines().map(str::trim).filter(|line| !line.is_empty()) {
                documents.push(CorpusDocument {
                    name: format!("{file_name}/{root}"),
                    base: path.clone(),
                    root: root.to_owned(),
                });
            }
        }
    }
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(documents)
}

/// Runs `cargo <args>` on the scratch workspace `dir` with warnings denied and
/// the shared target directory; returns the output and how long it took.
fn cargo(args: &[&str], dir: &Path, target: &Path) -> Result<(Output, f64), String> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .arg("--offline")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        // Outside the repository, so its `.cargo/config.toml` does not apply.
        .current_dir(dir)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    Ok((output, started.elapsed().as_secs_f64()))
}

/// The first warning whose JSON pointer names no node of the file it names,
/// as written (the generator promises every pointer it prints exists there).
fn unlocated(files: &dyn generator::Files, warnings: &Diagnostics) -> Option<String> {
    let mut written = std::collections::BTreeMap::new();
    warnings
        .iter()
        .find(|warning| {
            let tree = written.entry(warning.file.clone()).or_insert_with(|| {
                files
                    .read(&warning.file)
                    .ok()
                    .and_then(|text| generator::parse_value(&warning.file, &text).ok())
            });
            tree.as_ref()
                .is_none_or(|tree| tree.pointer(&warning.pointer).is_none())
        })
        .map(ToString::to_string)
}

/// Generates, writes and checks one document.
fn check_document(
    corpus_document: &CorpusDocument,
    runtime: &Runtime,
    scratch: &Path,
    log: &mut dyn Write,
) -> Row {
    let document = corpus_document.name.clone();
    let files = crate::DiskFiles {
        base: &corpus_document.base,
    };
    let mut row = Row {
        document: document.clone(),
        info: DocumentInfo::default(),
        generated: Err(String::new()),
        generation_ms: 0.0,
        warnings: 0,
        compiles: None,
        check_seconds: None,
    };
    let text = match generator::Files::read(&files, &corpus_document.root) {
        Ok(text) => text,
        Err(error) => {
            row.generated = Err(format!("could not read the document: {error}"));
            return row;
        }
    };
    row.info = document_info_with(&corpus_document.root, &text, &files);
    let _ = writeln!(log, "corpus: generating {document}");
    let started = Instant::now();
    let result = generator::generate_with(
        &Input {
            schema_path: &corpus_document.root,
            schema_text: &text,
            files: &files,
        },
        &crate::generator_options(),
    );
    row.generation_ms = started.elapsed().as_secs_f64() * 1000.0;
    let files = match result {
        Ok(generated) => {
            row.warnings = generated.warnings.len();
            for warning in generated.warnings.iter().take(3) {
                let _ = writeln!(log, "  {warning}");
            }
            if generated.warnings.len() > 3 {
                let _ = writeln!(
                    log,
                    "  … and {} more warnings",
                    generated.warnings.len() - 3
                );
            }
            if let Some(lost) = unlocated(&files, &generated.warnings) {
                row.generated = Err(format!("a warning points at nothing: {lost}"));
                return row;
            }
            generated.files
        }
        Err(diagnostics) => {
            for diagnostic in diagnostics.iter().take(5) {
                let _ = writeln!(log, "  {diagnostic}");
            }
            if diagnostics.len() > 5 {
                let _ = writeln!(log, "  … and {} more", diagnostics.len() - 5);
            }
            row.generated = Err(describe_diagnostics(&diagnostics));
            return row;
        }
    };
    row.generated = Ok(files.iter().map(|file| file.contents.lines().count()).sum());

    let dir = scratch.join(document.replace('/', "-"));
    let target = scratch.join("target");
    if let Err(message) = runtime.write(&dir, &files) {
        row.compiles = Some(Err(message));
        return row;
    }
    let _ = writeln!(log, "corpus: checking {}", dir.display());
    let check = ["check", "--lib", "--quiet", "--message-format", "short"];
    match cargo(&check, &dir, &target) {
        Err(message) => row.compiles = Some(Err(message)),
        Ok((output, _)) if !output.status.success() => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            for line in stderr
                .lines()
                .filter(|line| !line.trim().is_empty())
                .take(10)
            {
                let _ = writeln!(log, "  {line}");
            }
            row.compiles = Some(Err(first_compile_error(&stderr)));
        }
        Ok(_) => {
            row.compiles = Some(Ok(()));
            // Time the crate alone: its own artifacts removed, dependencies kept.
            let clean = ["clean", "--quiet", "-p", "fluxer-client"];
            let timed = cargo(&clean, &dir, &target).and_then(|_| cargo(&check, &dir, &target));
            match timed {
                Ok((output, seconds)) if output.status.success() => {
                    row.check_seconds = Some(seconds);
                }
                Ok((output, _)) => {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    row.compiles = Some(Err(first_compile_error(&stderr)));
                }
                Err(message) => row.compiles = Some(Err(message)),
            }
        }
    }
    row
}

/// Runs the whole command: returns the exit status (0 when every document
/// generated and compiled, 1 otherwise). The table goes to `stdout`, progress
/// and details to `stderr`.
pub fn run(root: &Path, options: &Options, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match try_run(root, options, stdout, stderr) {
        Ok(status) => status,
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            1
        }
    }
}

fn try_run(
    root: &Path,
    options: &Options,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let documents = list_documents(&options.dir)?;
    if documents.is_empty() {
        return Err(format!(
            "no *.json, *.yaml or *.yml documents in {}",
            options.dir.display()
        ));
    }
    fs::create_dir_all(&options.scratch)
        .map_err(|error| format!("could not create {}: {error}", options.scratch.display()))?;
    let scratch = options
        .scratch
        .canonicalize()
        .map_err(|error| format!("could not resolve {}: {error}", options.scratch.display()))?;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if scratch.starts_with(&canonical_root) {
        return Err(format!(
            "the scratch directory {} is inside the repository; choose one outside it",
            scratch.display()
        ));
    }
    let runtime = Runtime::read(root)?;
    let mut rows = Vec::new();
    for document in &documents {
        rows.push(check_document(document, &runtime, &scratch, stderr));
    }
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let _ = writeln!(
        stdout,
        "\n{}\nGeneration timed in this {profile} build of xtask; check time is `cargo check --lib` \
         of the generated crate alone (dependencies built), warnings denied.\nScratch crates: {}",
        render_table(&rows),
        scratch.display()
    );
    let failed = rows.iter().filter(|row| !row.succeeded()).count();
    if failed == 0 {
        let _ = writeln!(
            stdout,
            "corpus: all {} documents generate and compile",
            rows.len()
        );
        Ok(0)
    } else {
        let _ = writeln!(
            stderr,
            "error: {failed} of {} documents failed to generate or compile",
            rows.len()
        );
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_pointing_at_nothing_fails_the_document() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let warning = |pointer: &str| generator::Diagnostic {
            severity: generator::Severity::Warning,
            file: "a.yaml".to_owned(),
            line: 2,
            column: 1,
            pointer: pointer.to_owned(),
            message: "m".to_owned(),
        };
        let files = std::collections::BTreeMap::from([
            ("a.yaml".to_owned(), text.to_owned()),
            ("paths/b.yaml".to_owned(), "get:\n  summary: s\n".to_owned()),
        ]);
        let fine = Diagnostics(vec![warning("/info/title"), warning("")]);
        assert_eq!(unlocated(&files, &fine), None);
        let lost = Diagnostics(vec![warning("/info"), warning("/components/schemas/A")]);
        let message = unlocated(&files, &lost).expect("one points at nothing");
        assert!(message.contains("/components/schemas/A"), "{message}");
        // A warning about another file is looked up in that file.
        let in_other = |pointer: &str| generator::Diagnostic {
            file: "paths/b.yaml".to_owned(),
            ..warning(pointer)
        };
        assert_eq!(
            unlocated(&files, &Diagnostics(vec![in_other("/get/summary")])),
            None
        );
        assert!(unlocated(&files, &Diagnostics(vec![in_other("/info")])).is_some());
        let missing = generator::Diagnostic {
            file: "c.yaml".to_owned(),
            ..warning("")
        };
        assert!(unlocated(&files, &Diagnostics(vec![missing])).is_some());
    }

    #[test]
    fn counts_operations_in_yaml_and_json() {
        let yaml = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    parameters: []
    summary: not an operation
    get: {responses: {}}
    post: {responses: {}}
    x-get: {}
  /b:
    delete: {responses: {}}
    patch: {responses: {}}
    put: {}
    head: {}
    options: {}
    trace: {}
";
        assert_eq!(
            document_info("a.yaml", yaml),
            DocumentInfo {
                version: Some("3.1.0".to_owned()),
                operations: Some(8),
            }
        );
        let json = r#"{"openapi": "3.0.3", "paths": {"/x": {"get": {}}, "/y": "odd"}}"#;
        assert_eq!(
            document_info("a.json", json),
            DocumentInfo {
                version: Some("3.0.3".to_owned()),
                operations: Some(1),
            }
        );
        assert_eq!(
            document_info("a.json", r#"{"swagger": "2.0"}"#),
            DocumentInfo {
                version: Some("swagger 2.0".to_owned()),
                operations: None,
            }
        );
        assert_eq!(document_info("a.yaml", "{{{"), DocumentInfo::default());
        assert_eq!(
            document_info("a.yaml", "openapi: 3.1.0\npaths: {}\n").operations,
            Some(0)
        );
    }

    fn row(document: &str) -> Row {
        Row {
            document: document.to_owned(),
            info: DocumentInfo {
                version: Some("3.1.0".to_owned()),
                operations: Some(4),
            },
            generated: Ok(1000),
            generation_ms: 12.345,
            warnings: 3,
            compiles: Some(Ok(())),
            check_seconds: Some(1.25),
        }
    }

    #[test]
    fn renders_an_aligned_markdown_table() {
        let good = row("good.yaml");
        let mut bad = row("bad-document.json");
        bad.info = DocumentInfo::default();
        bad.generated = Err("12:3: error at /paths: no | pipes".to_owned());
        bad.compiles = None;
        bad.check_seconds = None;
        let mut broken = row("broken.yml");
        broken.compiles = Some(Err("src/x.rs:1:1: error: oops".to_owned()));
        broken.check_seconds = None;
        let table = render_table(&[good.clone(), bad.clone(), broken.clone()]);
        let expected = "\
| document          | OpenAPI | operations | generated                          | warnings | compiles                      | generation (ms) | lines | lines/op | check (s) |
| ----------------- | ------- | ---------: | ---------------------------------- | -------: | ----------------------------- | --------------: | ----: | -------: | --------: |
| good.yaml         | 3.1.0   |          4 | yes                                |        3 | yes                           |            12.3 |  1000 |      250 |       1.2 |
| bad-document.json | ?       |          ? | 12:3: error at /paths: no \\| pipes |        - | -                             |            12.3 |     - |        - |         - |
| broken.yml        | 3.1.0   |          4 | yes                                |        3 | no: src/x.rs:1:1: error: oops |            12.3 |  1000 |      250 |         - |
";
        assert_eq!(table, expected);
        assert!(good.succeeded());
        assert!(!bad.succeeded());
        assert!(!broken.succeeded());
    }

    #[test]
    fn long_messages_are_truncated() {
        let mut long = row("long.json");
        long.generated = Err("x".repeat(200));
        let table = render_table(&[long]);
        let cell = format!("{}…", "x".repeat(MESSAGE_WIDTH - 1));
        assert!(table.contains(&cell), "{table}");
        assert!(!table.contains(&"x".repeat(MESSAGE_WIDTH)));
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("ééééé", 4), "ééé…");
    }

    #[test]
    fn describes_the_first_diagnostic_message_first() {
        let diagnostic = |message: &str| generator::Diagnostic {
            severity: generator::Severity::Error,
            file: "d.json".to_owned(),
            line: 3,
            column: 9,
            pointer: "/paths/~1a".to_owned(),
            message: message.to_owned(),
        };
        let one = generator::Diagnostics(vec![diagnostic("unsupported")]);
        assert_eq!(
            describe_diagnostics(&one),
            "unsupported (at 3:9 /paths/~1a)"
        );
        let two = generator::Diagnostics(vec![diagnostic("first"), diagnostic("second")]);
        assert_eq!(
            describe_diagnostics(&two),
            "2 problems: first (at 3:9 /paths/~1a)"
        );
        assert_eq!(
            describe_diagnostics(&generator::Diagnostics(Vec::new())),
            "failed without a diagnostic"
        );
    }

    #[test]
    fn finds_the_first_compile_error() {
        let stderr = "\
warning: unused manifest key
generated-client/src/generated/models.rs:10:5: error[E0412]: cannot find type `Foo` in this scope
generated-client/src/error.rs:1:1: error: second
error: could not compile `fluxer-client` (lib) due to 2 previous errors
";
        assert_eq!(
            first_compile_error(stderr),
            "generated-client/src/generated/models.rs:10:5: error[E0412]: cannot find type `Foo` in this scope"
        );
        assert_eq!(first_compile_error("\n  something odd\n"), "something odd");
        assert_eq!(first_compile_error(""), "cargo failed without output");
    }

    #[test]
    fn rewrites_the_workspace_manifest() {
        let manifest = r#"[workspace]
resolver = "3"
members = [
    "generator",
    "xtask",
]
exclude = ["old"]

[workspace.package]
edition = "2024"

[workspace.dependencies]
generator = { path = "generator" }
fluxer-client = { path = "generated-client" }
serde = { version = "1", features = ["derive"] }

[workspace.lints.rust]
unsafe_code = "forbid"

[profile.release]
debug = 1
"#;
        let expected = r#"[workspace]
resolver = "3"
members = ["generated-client"]

[workspace.package]
edition = "2024"

[workspace.dependencies]
serde = { version = "1", features = ["derive"] }

[workspace.lints.rust]
unsafe_code = "forbid"

[profile.release]
debug = 1
"#;
        assert_eq!(scratch_workspace_manifest(manifest), expected);
        let one_line =
            "[workspace]\nmembers = [\"a\", \"b\"]\n[workspace.dependencies]\nx = \"1\"\n";
        assert_eq!(
            scratch_workspace_manifest(one_line),
            "[workspace]\nmembers = [\"generated-client\"]\n[workspace.dependencies]\nx = \"1\"\n"
        );
    }

    #[test]
    fn the_real_workspace_manifest_keeps_its_tables() {
        let manifest = fs::read_to_string(crate::workspace_root().join("Cargo.toml"))
            .expect("the workspace manifest");
        let scratch = scratch_workspace_manifest(&manifest);
        for table in [
            "[workspace.dependencies]",
            "[workspace.lints.rust]",
            "[workspace.package]",
        ] {
            assert!(scratch.contains(table), "{table} missing from:\n{scratch}");
        }
        assert!(scratch.contains("members = [\"generated-client\"]"));
        assert!(!scratch.contains("path ="), "{scratch}");
        assert!(scratch.contains("serde ="), "{scratch}");
    }

    #[test]
    fn rewrites_the_client_manifest() {
        let manifest = "\
[package]
name = \"fluxer-client\"

[dependencies]
serde.workspace = true

[dev-dependencies]
generator.workspace = true

[target.'cfg(unix)'.dev-dependencies]
libc = \"1\"

[[example]]
name = \"bot\"

[lints]
workspace = true
";
        assert_eq!(
            scratch_client_manifest(manifest),
            "[package]\nname = \"fluxer-client\"\n\n[dependencies]\nserde.workspace = true\n\n[lints]\nworkspace = true\n"
        );
    }

    #[test]
    fn parses_the_command_line() {
        use crate::{Command, parse_args};
        assert_eq!(
            parse_args(&["corpus", "../shared/corpus"]),
            Ok(Command::Corpus {
                dir: "../shared/corpus".to_owned(),
                scratch: None,
            })
        );
        assert_eq!(
            parse_args(&["corpus", "--scratch", "/tmp/s", "docs"]),
            Ok(Command::Corpus {
                dir: "docs".to_owned(),
                scratch: Some("/tmp/s".to_owned()),
            })
        );
        assert!(parse_args(&["corpus"]).is_err());
        assert!(parse_args(&["corpus", "a", "b"]).is_err());
        assert!(parse_args(&["corpus", "a", "--scratch"]).is_err());
        assert!(parse_args(&["corpus", "a", "--fast"]).is_err());
    }
}
