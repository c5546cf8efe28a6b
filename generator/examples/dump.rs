//! Prints what the generator makes of a schema: `cargo run -p generator --example dump -- FILE`.
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump SCHEMA");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: could not read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match generator::generate(&generator::Input {
        schema_path: &path,
        schema_text: &text,
    }) {
        Ok(generated) => {
            for file in generated.files {
                println!("==> {} <==\n{}", file.path, file.contents);
            }
            if !generated.warnings.is_empty() {
                eprintln!("{}", generated.warnings);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
