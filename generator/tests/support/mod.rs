//! What the generator's integration tests share: the documents' headers,
//! running the generator, and reading a generated file.

// Each test crate uses its own part of this module.
#![allow(dead_code)]

use generator::{Generated, Input, Severity, generate};

/// The start of an OpenAPI 3.0 document, up to `paths`.
pub const V30: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";
/// The start of an OpenAPI 3.1 document, up to `paths`.
pub const V31: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n";
/// The file name the documents are generated as.
pub const FILE: &str = "schema/test.yaml";

/// Generates `schema`, which must succeed; what it reports is warnings only.
pub fn generated(schema: &str) -> Generated {
    let generated = generate(&Input {
        schema_path: FILE,
        schema_text: schema,
        files: &generator::NoFiles,
    })
    .unwrap_or_else(|diagnostics| panic!("should generate:\n{diagnostics}"));
    assert!(
        generated
            .warnings
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    generated
}

/// The generated file at `path` (`models.rs`, `operations/x.rs`).
pub fn file<'g>(generated: &'g Generated, path: &str) -> &'g str {
    &generated
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}
