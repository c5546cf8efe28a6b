//! Generates the Fluxer client's Rust modules from an OpenAPI document.
//!
//! The generator is pure: [`generate`] takes the schema's text and returns the
//! files to write. It never touches the file system; `cargo xtask codegen` does.
//! See `ARCHITECTURE.md` for the stages (parse → resolve → IR → emit → format).

mod diagnostics;
mod docs;
mod emit;
mod format;
pub mod ir;
mod naming;
mod normalize;
mod parse;
mod resolve;

pub use diagnostics::{Diagnostic, Diagnostics};

/// What to generate from.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The schema's path as it should appear in errors and in the `@generated`
    /// header, relative to the workspace root (for example `schema/fluxer.yaml`).
    pub schema_path: &'a str,
    /// The schema's YAML (or JSON) text.
    pub schema_text: &'a str,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to `generated-client/src/generated/`, with `/` separators.
    pub path: String,
    /// The formatted Rust source, header included.
    pub contents: String,
}

/// Generates every file of the client's `generated` module from a schema.
///
/// Returns all problems found when the schema is invalid or uses a construct the
/// generator does not support.
pub fn generate(input: &Input<'_>) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let api = lower(input)?;
    let mut files = Vec::new();
    for file in emit::emit(&api) {
        let contents = format::format_file(file.items, input.schema_path).map_err(|message| {
            Diagnostics(vec![Diagnostic {
                file: input.schema_path.to_owned(),
                line: 1,
                column: 1,
                pointer: String::new(),
                message: format!(
                    "internal error: the generated `{}` is not valid Rust ({message}); please report this",
                    file.path
                ),
            }])
        })?;
        files.push(GeneratedFile {
            path: file.path,
            contents,
        });
    }
    Ok(files)
}

/// Runs the parse stage only: YAML or JSON text → a JSON value, for tools and
/// tests that want to read the schema the way the generator does.
pub fn parse_value(schema_path: &str, schema_text: &str) -> Result<serde_json::Value, Diagnostics> {
    parse::parse(schema_path, schema_text)
        .map(|document| document.root)
        .map_err(|diagnostic| Diagnostics(vec![diagnostic]))
}

/// Runs the first stages only: parses and resolves the schema into the [`ir::Api`].
pub fn lower(input: &Input<'_>) -> Result<ir::Api, Diagnostics> {
    let mut document = parse::parse(input.schema_path, input.schema_text)
        .map_err(|diagnostic| Diagnostics(vec![diagnostic]))?;
    normalize::normalize(&mut document);
    resolve::resolve(&document, input.schema_path).map_err(Diagnostics)
}
