//! The scratch workspace one conformance run builds, outside the
//! repository: the samples file, the driver crate, and (for a document other
//! than `schema/fluxer.yaml`) the client generated from it next to a copy of
//! the runtime, as `cargo xtask corpus` writes it.
//!
//! ```text
//! <scratch>/<document>/
//!     Cargo.toml, Cargo.lock    the repository's, members replaced
//!     samples.json              what the driver sends
//!     generated-client/         the runtime and the generated modules (other documents)
//!     driver/                   Cargo.toml and src/main.rs (see `driver`)
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use generator::Input;

use super::{driver, plan};
use crate::corpus::{Runtime, scratch_workspace_manifest};

/// The driver's package (and binary) name.
pub const DRIVER_PACKAGE: &str = "conformance-run";

/// What to prepare.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The repository.
    pub root: &'a Path,
    /// The document's name, for messages and generated headers.
    pub document_name: &'a str,
    /// The folder `document_name` and the files its `$ref`s name are read
    /// relative to.
    pub base: &'a Path,
    /// The document's text.
    pub text: &'a str,
    /// The scratch workspace to write (replaced).
    pub dir: &'a Path,
    /// Whether the client is the checked-in one (`schema/fluxer.yaml`)
    /// rather than one generated into the scratch workspace.
    pub checked_in_client: bool,
    /// The samples' seed.
    pub seed: u64,
    /// Valid samples per operation.
    pub rounds: usize,
}

/// What was prepared.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The samples file.
    pub samples: PathBuf,
    /// How many operations the document has.
    pub operations: usize,
    /// How many of them are skipped (with the reason, in the samples file).
    pub skipped: usize,
}

/// Writes the scratch workspace for one document.
pub fn prepare(request: &Request<'_>) -> Result<Prepared, String> {
    let input = Input {
        schema_path: request.document_name,
        schema_text: request.text,
        files: &crate::DiskFiles { base: request.base },
    };
    let fail = |diagnostics: generator::Diagnostics| {
        format!(
            "{} cannot be generated: {}",
            request.document_name,
            crate::corpus::describe_diagnostics(&diagnostics)
        )
    };
    let api = generator::lower(&input).map_err(fail)?;
    let planned = plan::plan(&api, request.seed, request.rounds);
    let skipped: Vec<&str> = planned
        .iter()
        .filter(|planned| planned.skipped.is_some())
        .map(|planned| planned.id.as_str())
        .collect();

    let runtime = Runtime::read(request.root)?;
    let dir = request.dir;
    let client_dir;
    let members;
    if request.checked_in_client {
        match fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("could not remove {}: {error}", dir.display())),
        }
        client_dir = request.root.join("generated-client");
        members = "members = [\"driver\"]";
        let workspace = fs::read_to_string(request.root.join("Cargo.toml"))
            .map_err(|error| format!("could not read Cargo.toml: {error}"))?;
        write(
            &dir.join("Cargo.toml"),
            &workspace_manifest(&workspace, members),
        )?;
        let lock = fs::read(request.root.join("Cargo.lock"))
            .map_err(|error| format!("could not read Cargo.lock: {error}"))?;
        write_bytes(&dir.join("Cargo.lock"), &lock)?;
    } else {
        let generated =
            generator::generate_with(&input, &crate::generator_options()).map_err(fail)?;
        runtime.write(dir, &generated.files)?;
        client_dir = PathBuf::from("../generated-client");
        members = "members = [\"generated-client\", \"driver\"]";
        let workspace = fs::read_to_string(dir.join("Cargo.toml"))
            .map_err(|error| format!("could not read the scratch Cargo.toml: {error}"))?;
        write(
            &dir.join("Cargo.toml"),
            &workspace.replace("members = [\"generated-client\"]", members),
        )?;
    }
    let driver_library = request.root.join("conformance").join("driver");
    write(
        &dir.join("driver").join("Cargo.toml"),
        &driver::manifest(&client_dir, &driver_library),
    )?;
    write(
        &dir.join("driver").join("src").join("main.rs"),
        &driver::main_rs(&api, &skipped),
    )?;
    let samples = dir.join("samples.json");
    let text = serde_json::to_string_pretty(&plan::samples_file(
        &planned,
        &plan::recursive_members(&api),
    ))
    .map_err(|error| format!("could not write the samples: {error}"))?;
    write(&samples, &text)?;
    Ok(Prepared {
        samples,
        operations: planned.len(),
        skipped: skipped.len(),
    })
}

/// The repository's workspace manifest for a scratch workspace whose members
/// are `members`.
fn workspace_manifest(workspace: &str, members: &str) -> String {
    scratch_workspace_manifest(workspace).replace("members = [\"generated-client\"]", members)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    write_bytes(path, text.as_bytes())
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|error| format!("could not create {}: {error}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|error| format!("could not write {}: {error}", path.display()))
}
