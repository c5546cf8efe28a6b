//! `cargo xtask`: the workspace's maintenance commands.
//!
//! `cargo xtask codegen` reads [`SCHEMA_PATH`], runs the generator and makes
//! [`OUTPUT_DIR`] match its output; `cargo xtask codegen --check` only compares
//! and fails with a unified diff when the checked-in files are stale.
//!
//! The pieces are public so they can be tested without the real generator or the
//! real tree: [`generate_files`] (schema → files), [`read_existing`] (disk →
//! files), [`plan`] (pure comparison), [`apply`] (plan → disk) and the
//! `render_*` functions (plan → text). [`run`] ties them together for `main`.

pub mod conformance;
pub mod corpus;
mod error;
mod plan;
mod tree;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use error::Error;
pub use generator::{Diagnostic, Diagnostics, Generated, GeneratedFile, Input, Severity};
pub use plan::{
    Action, Plan, PlannedFile, plan, render_changes, render_check_failure, render_check_success,
};
pub use tree::{apply, read_existing};

/// The schema, relative to the workspace root.
pub const SCHEMA_PATH: &str = "schema/fluxer.yaml";
/// The directory the generator owns, relative to the workspace root. Every file
/// in it is generated.
pub const OUTPUT_DIR: &str = "generated-client/src/generated";
/// The command that brings [`OUTPUT_DIR`] up to date.
pub const FIX_COMMAND: &str = "cargo xtask codegen";

/// The usage text printed by `cargo xtask help`.
pub const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  codegen          regenerate generated-client/src/generated/ from schema/fluxer.yaml
  codegen --check  write nothing; fail with a diff if the checked-in files are out of date
  conformance [--document PATH] [--rounds N] [--seed S] [--scratch <path>]
                   drive the client against Prism mock servers of the schema (needs Node.js;
                   installs Prism from tools/prism with npm ci) with N valid samples per
                   operation drawn from seed S; with --document, a client generated from
                   PATH into a scratch crate (default: <temp dir>/fluxer-conformance)
  corpus <dir> [--scratch <path>]
                   generate and `cargo check` a client for every OpenAPI document in <dir>
                   (scratch crates go to <path>, default: <temp dir>/fluxer-corpus)
  help             print this message
";

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.join(".."), Path::to_path_buf)
}

/// The generator's options for this machine: a thread per core. (The
/// generator itself never asks; its output is the same either way.)
pub fn generator_options() -> generator::Options {
    generator::Options {
        threads: std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
    }
}

/// The files of a document on disk: a path the generator asks for is read
/// relative to `base` (the workspace root for `codegen`, where the root
/// document's path is `schema/fluxer.yaml`), or as it is when absolute.
#[derive(Clone, Copy, Debug)]
pub struct DiskFiles<'a> {
    /// The directory the document's paths are relative to.
    pub base: &'a Path,
}

impl generator::Files for DiskFiles<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        let native = if path.starts_with('/') {
            Path::new(path).to_path_buf()
        } else {
            tree::native_path(self.base, path)
        };
        fs::read_to_string(native).map_err(|error| error.to_string())
    }
}

/// Reads `<root>/schema/fluxer.yaml` (and the files its `$ref`s name) and runs `generate` on it (normally
/// [`generator::generate`]). Our own schema must be clean: a warning (something
/// the generator would ignore or weaken) fails like an error.
pub fn generate_files<G>(root: &Path, generate: G) -> Result<Vec<GeneratedFile>, Error>
where
    G: FnOnce(&Input<'_>) -> Result<Generated, Diagnostics>,
{
    let schema_text = fs::read_to_string(tree::native_path(root, SCHEMA_PATH))
        .map_err(|error| Error::io("read", SCHEMA_PATH, error))?;
    let generated = generate(&Input {
        schema_path: SCHEMA_PATH,
        schema_text: &schema_text,
        files: &DiskFiles { base: root },
    })
    .map_err(Error::Schema)?;
    if !generated.warnings.is_empty() {
        return Err(Error::Schema(generated.warnings));
    }
    Ok(generated.files)
}

/// Compares `generated` with the files under `<root>/generated-client/src/generated/`
/// without writing anything.
pub fn check(root: &Path, generated: &[GeneratedFile]) -> Result<Plan, Error> {
    let existing = read_existing(root)?;
    plan(generated, &existing)
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `codegen`, or `codegen --check` when `check` is true.
    Codegen {
        /// Compare only; write nothing.
        check: bool,
    },
    /// `corpus <dir> [--scratch <path>]`: see [`corpus`].
    Corpus {
        /// The directory holding the OpenAPI documents.
        dir: String,
        /// Where to write the scratch crates, if not the default.
        scratch: Option<String>,
    },
    /// `conformance [--document PATH] [--rounds N] [--seed S]`: see [`conformance`].
    Conformance(conformance::Options),
    /// `help`, `--help`, `-h`, or no arguments at all.
    Help,
}

/// Parses the arguments after `cargo xtask`. The error is the message to print
/// (before the usage text) for an unknown command or option.
pub fn parse_args<S: AsRef<str>>(args: &[S]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    if args
        .iter()
        .any(|arg| matches!(*arg, "help" | "--help" | "-h"))
    {
        return Ok(Command::Help);
    }
    match args.split_first() {
        None => Ok(Command::Help),
        Some((&"codegen", rest)) => {
            let mut check = false;
            for &arg in rest {
                if arg == "--check" && !check {
                    check = true;
                } else {
                    return Err(format!("unexpected argument `{arg}` for `codegen`"));
                }
            }
            Ok(Command::Codegen { check })
        }
        Some((&"corpus", rest)) => {
            let mut dir = None;
            let mut scratch = None;
            let mut rest = rest.iter();
            while let Some(&arg) = rest.next() {
                if arg == "--scratch" && scratch.is_none() {
                    let Some(&path) = rest.next() else {
                        return Err("`--scratch` needs a path".to_owned());
                    };
                    scratch = Some(path.to_owned());
                } else if dir.is_none() && !arg.starts_with('-') {
                    dir = Some(arg.to_owned());
                } else {
                    return Err(format!("unexpected argument `{arg}` for `corpus`"));
                }
            }
            let dir = dir.ok_or("`corpus` needs the directory holding the documents")?;
            Ok(Command::Corpus { dir, scratch })
        }
        Some((&"conformance", rest)) => conformance::Options::parse(rest).map(Command::Conformance),
        Some((command, _)) => Err(format!("unknown command `{command}`")),
    }
}

/// Runs `cargo xtask <args>` against the workspace at `root`, with `generate` as
/// the generator. Returns the process exit status: 0 on success, 1 when the work
/// failed or the check found stale files, 2 for a bad command line.
pub fn run<S, G>(
    args: &[S],
    root: &Path,
    generate: G,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8
where
    S: AsRef<str>,
    G: FnOnce(&Input<'_>) -> Result<Generated, Diagnostics>,
{
    // Failing to print (a closed pipe) must not turn into a panic; the exit
    // status still tells what happened.
    let check_only = match parse_args(args) {
        Ok(Command::Help) => {
            let _ = stdout.write_all(USAGE.as_bytes());
            return 0;
        }
        Ok(Command::Codegen { check }) => check,
        Ok(Command::Conformance(options)) => {
            let programs = conformance::Programs::from_env();
            return conformance::run(root, &options, &programs, stdout, stderr);
        }
        Ok(Command::Corpus { dir, scratch }) => {
            let options = corpus::Options {
                dir: PathBuf::from(dir),
                scratch: scratch.map_or_else(corpus::default_scratch, PathBuf::from),
            };
            return corpus::run(root, &options, stdout, stderr);
        }
        Err(message) => {
            let _ = write!(stderr, "error: {message}\n\n{USAGE}");
            return 2;
        }
    };
    let result = generate_files(root, generate).and_then(|generated| {
        let plan = check(root, &generated)?;
        if !check_only {
            apply(root, &plan)?;
        }
        Ok(plan)
    });
    match result {
        Err(error) => {
            let _ = stderr.write_all(error.report().as_bytes());
            1
        }
        Ok(plan) if !check_only => {
            let _ = stdout.write_all(render_changes(&plan).as_bytes());
            0
        }
        Ok(plan) if plan.is_fresh() => {
            let _ = stdout.write_all(render_check_success(&plan).as_bytes());
            0
        }
        Ok(plan) => {
            let _ = stderr.write_all(render_check_failure(&plan).as_bytes());
            1
        }
    }
}
