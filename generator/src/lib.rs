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
mod load;
mod naming;
mod normalize;
mod parse;
mod resolve;
mod vocab;

use std::num::NonZeroUsize;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// What to generate from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The schema's path as it should appear in errors and in the `@generated`
    /// header, relative to the workspace root (for example `schema/fluxer.yaml`).
    pub schema_path: &'a str,
    /// The schema's YAML (or JSON) text.
    pub schema_text: &'a str,
    /// The other files of a document written in several: a `$ref` to
    /// `paths/users.yaml` in `schema/fluxer.yaml` asks for
    /// `schema/paths/users.yaml`. [`NoFiles`] for a document in one file.
    pub files: &'a dyn Files,
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("schema_path", &self.schema_path)
            .field("schema_text", &self.schema_text.len())
            .finish_non_exhaustive()
    }
}

/// Where the generator reads the files a document's `$ref`s name (it reads
/// nothing itself: `cargo xtask` reads the disk, tests a map).
pub trait Files {
    /// The text of the file at `path`: the path of the file the `$ref` is
    /// written in (the root's as [`Input::schema_path`] spells it), joined
    /// with the `$ref`'s relative path, `/`-separated, with `.` and `..`
    /// segments taken out (`schema/paths/../models/user.yaml` is asked as
    /// `schema/models/user.yaml`). The error says why it cannot be read;
    /// the generator reports it as a warning at the `$ref`.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// A document in one file: every other file is missing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("only one file was given".to_owned())
    }
}

/// Files held in memory, by path (for tests and tools).
impl Files for std::collections::BTreeMap<String, String> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to `generated-client/src/generated/`, with `/` separators.
    pub path: String,
    /// The formatted Rust source, header included.
    pub contents: String,
}

/// What generating gives: the files, and warnings about what the generator
/// ignored or weakened (located like errors; empty for a clean schema).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Every file of the `generated` module.
    pub files: Vec<GeneratedFile>,
    /// What was ignored or weakened, in document order.
    pub warnings: Diagnostics,
}

/// How to generate (what to generate from is the [`Input`]).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// How many threads emit and format the pieces of the output (one per
    /// model, one per operation). The output is the same for any number; the
    /// generator never asks the machine, so callers choose (`cargo xtask` uses
    /// `std::thread::available_parallelism`).
    pub threads: NonZeroUsize,
}

impl Default for Options {
    /// One thread.
    fn default() -> Self {
        Self {
            threads: NonZeroUsize::MIN,
        }
    }
}

/// Generates every file of the client's `generated` module from a schema, on
/// one thread: [`generate_with`] and the default [`Options`].
///
/// Returns all errors found when no faithful code can be generated.
pub fn generate(input: &Input<'_>) -> Result<Generated, Diagnostics> {
    generate_with(input, &Options::default())
}

/// Generates every file of the client's `generated` module from a schema.
///
/// Emitting and formatting are spread over `options.threads` threads; the
/// pieces are joined in a fixed order, so the output does not depend on the
/// number of threads.
pub fn generate_with(input: &Input<'_>, options: &Options) -> Result<Generated, Diagnostics> {
    let (api, warnings) = lower_with_warnings(input)?;
    let plan = emit::plan(&api);
    let pieces: Vec<(usize, emit::Piece<'_>)> = plan
        .iter()
        .enumerate()
        .flat_map(|(file, planned)| planned.pieces.iter().map(move |piece| (file, *piece)))
        .collect();
    let texts = parallel_map(&pieces, options.threads, |(_, piece)| {
        let mut text = String::new();
        for item in emit::emit_piece(&api, *piece) {
            text.push('\n');
            text.push_str(&format::format_item(item)?);
        }
        Ok(text)
    });
    let mut contents: Vec<String> = vec![format::header(input.schema_path); plan.len()];
    for ((file, _), text) in pieces.iter().zip(texts) {
        let text = text.map_err(|message: String| {
            Diagnostics(vec![Diagnostic {
                severity: Severity::Error,
                file: input.schema_path.to_owned(),
                line: 1,
                column: 1,
                pointer: String::new(),
                message: format!(
                    "internal error: the generated `{}` is not valid Rust ({message}); please report this",
                    plan[*file].path
                ),
            }])
        })?;
        contents[*file].push_str(&text);
    }
    let files = plan
        .into_iter()
        .zip(contents)
        .map(|(planned, contents)| GeneratedFile {
            path: planned.path,
            contents,
        })
        .collect();
    Ok(Generated { files, warnings })
}

/// `items.iter().map(work).collect()`, on up to `threads` threads; results
/// come back in the order of `items`. Threads take the next unclaimed item
/// until none is left, so a few large items do not leave the others idle.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: NonZeroUsize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let threads = threads.get().min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, work(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(done) => done,
                // A panic in `work` is a bug; carry it to the caller unchanged.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
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
    lower_with_warnings(input).map(|(api, _)| api)
}

/// [`lower`], with the warnings.
fn lower_with_warnings(input: &Input<'_>) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let (mut document, mut warnings) =
        load::load(input.schema_path, input.schema_text, input.files)
            .map_err(|diagnostic| Diagnostics(vec![diagnostic]))?;
    let findings = normalize::normalize(&mut document);
    let resolution = resolve::resolve(&document, &findings).map_err(Diagnostics)?;
    warnings.extend(resolution.warnings);
    warnings.sort();
    warnings.dedup();
    Ok((resolution.api, Diagnostics(warnings)))
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::parallel_map;

    #[test]
    fn parallel_map_keeps_the_order_of_its_items() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let threads = NonZeroUsize::new(threads).unwrap();
            // Uneven work, so threads finish their items out of order.
            let squares = parallel_map(&items, threads, |n| {
                if n % 7 == 0 {
                    std::thread::yield_now();
                }
                n * n
            });
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
            assert!(parallel_map(&[] as &[u64], threads, |n| *n).is_empty());
        }
    }
}
