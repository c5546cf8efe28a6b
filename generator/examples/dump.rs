//! Prints what the generator makes of a schema: `cargo run -p generator --example dump -- FILE`.
//! The files its `$ref`s name are read from the disk, relative to the current directory.
use std::process::ExitCode;

/// The files a schema's `$ref`s name, read from the disk.
struct Disk;

impl generator::Files for Disk {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }
}

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
        files: &Disk,
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
