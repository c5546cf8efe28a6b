//! End-to-end generation time (parse → resolve → emit → format).
//!
//! `cargo bench -p generator --bench generate` measures:
//!
//! - `generate/fluxer.yaml`: the checked-in schema, on one thread, and
//!   `generate_<N>_threads/fluxer.yaml` on a thread per core (N of them), as
//!   `cargo xtask codegen` runs it.
//! - `generate/discord.json` and `generate_<N>_threads/discord.json`: Discord's
//!   full API (1.2 MB, 242 operations), read at run time from
//!   `../shared/corpus/discord.json` next to the workspace (it is another
//!   project's file and never copied into this repository). While the generator
//!   still rejects it, `lower/discord.json` (parse + resolve, up to the
//!   diagnostics) is measured instead, and a note says so. When the file is
//!   absent the benchmark is skipped with a note.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use std::num::NonZeroUsize;

use generator::{Input, Options, generate, generate_with, lower};

fn bench_document(c: &mut Criterion, name: &str, text: &str) {
    let input = Input {
        schema_path: name,
        schema_text: text,
        files: &generator::NoFiles,
    };
    match generate(&input) {
        Ok(generated) => {
            let files = generated.files;
            let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
            eprintln!(
                "note: {name}: {} bytes in, {} files and {lines} lines out",
                text.len(),
                files.len()
            );
            c.bench_function(&format!("generate/{name}"), |b| {
                b.iter(|| generate(black_box(&input)))
            });
            // What `cargo xtask codegen` and `corpus` do: a thread per core.
            let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
            let options = Options { threads: cores };
            c.bench_function(&format!("generate_{cores}_threads/{name}"), |b| {
                b.iter(|| generate_with(black_box(&input), &options))
            });
        }
        Err(diagnostics) => {
            eprintln!(
                "note: {name} does not generate yet ({} problems, the first: {}); \
                 measuring `lower` (parse + resolve) instead of `generate`",
                diagnostics.len(),
                diagnostics
                    .iter()
                    .next()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            );
            c.bench_function(&format!("lower/{name}"), |b| {
                b.iter(|| lower(black_box(&input)))
            });
        }
    }
}

fn benches(c: &mut Criterion) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fluxer = std::fs::read_to_string(workspace.join("schema/fluxer.yaml"))
        .expect("schema/fluxer.yaml exists");
    bench_document(c, "fluxer.yaml", &fluxer);

    let discord_path = workspace.join("../shared/corpus/discord.json");
    match std::fs::read_to_string(&discord_path) {
        Ok(discord) => bench_document(c, "discord.json", &discord),
        Err(error) => eprintln!(
            "note: skipping the Discord benchmark: cannot read {}: {error}",
            discord_path.display()
        ),
    }
}

criterion_group! {
    name = generate_benches;
    config = Criterion::default()
        .sample_size(20)
        .measurement_time(std::time::Duration::from_secs(8));
    targets = benches
}
criterion_main!(generate_benches);
