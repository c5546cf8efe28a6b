//! Drives a generated client against Prism and judges every request and
//! answer, for any OpenAPI document.
//!
//! `cargo xtask conformance` writes, for a document, the samples (valid
//! arguments for every operation, generated from the schema, and invalid
//! ones just past a bound) into a JSON file and a small `main.rs` that lists
//! every operation with a function taking a sample's arguments as JSON. That
//! `main.rs` calls [`main`] with the table; this crate reads the samples,
//! sends each through the table's functions to every Prism given, judges
//! ([`judge`]) and prints a table per operation ([`report`]). It never names
//! a generated type, so one copy serves every generated client.

pub mod judge;
pub mod report;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use judge::{ClientError, Outcome, Reply};
use judge::{Strictness, judge_invalid, judge_with};
use report::{Report, Row};
use serde_json::Value;

/// The token every request carries; Prism only checks that one is there.
pub const TOKEN: &str = "conformance-token";
/// The limit for one request, from connecting until the body has arrived.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The header in which Prism lists request and response validation violations.
pub const VIOLATIONS_HEADER: &str = "sl-violations";

/// What driving one sample returns, boxed so the table can hold functions
/// of one type.
pub type Driven = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One operation of the generated `main.rs`'s table: its `operationId` and
/// the function that builds its request from a sample's arguments and sends
/// it with the client `C`.
pub struct Operation<C> {
    /// The schema's `operationId` (or the generated function's name when it
    /// has none), as the samples file names it.
    pub id: &'static str,
    /// Drives one sample.
    pub drive: fn(Arc<C>, Arc<Http>, Arc<Value>) -> Driven,
}

impl<C> std::fmt::Debug for Operation<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation").field("id", &self.id).finish()
    }
}

/// A request as the client prepared it, to send by hand.
#[derive(Clone, Debug)]
pub struct Request {
    /// The HTTP method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// Every header, the credential included.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

/// Sends requests by hand, to read Prism's verdict.
#[derive(Debug)]
pub struct Http(reqwest::Client);

impl Http {
    /// A client that follows no redirect and gives up after
    /// [`REQUEST_TIMEOUT`].
    ///
    /// # Errors
    ///
    /// When reqwest cannot build its client.
    pub fn new() -> Result<Self, String> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map(Self)
            .map_err(|error| format!("cannot build an HTTP client: {error}"))
    }

    /// Sends `request` exactly as prepared and returns Prism's answer.
    pub async fn send(&self, request: Request) -> Result<Reply, String> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|error| format!("bad method: {error}"))?;
        let mut builder = self.0.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|error| format!("no answer: {}", innermost(&error)))?;
        let status = response.status().as_u16();
        let violations = response
            .headers()
            .get(VIOLATIONS_HEADER)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let body = response
            .bytes()
            .await
            .map_err(|error| format!("the body could not be read: {}", innermost(&error)))?
            .to_vec();
        Ok(Reply {
            status,
            violations,
            body,
        })
    }
}

/// The innermost cause of an error (usually the useful part).
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if std::ptr::addr_eq(cause, error) {
        error.to_string()
    } else {
        format!("{error} ({cause})")
    }
}

/// Reads the argument `name` of a sample as `T`; absent is JSON `null`.
///
/// # Errors
///
/// [`Outcome::NotBuilt`] naming the argument when it is not a `T`.
pub fn arg<T: serde::de::DeserializeOwned>(args: &Value, name: &str) -> Result<T, Outcome> {
    let value = args.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|error| {
        Outcome::NotBuilt(format!(
            "the sample's `{name}` is not the argument's type: {error}"
        ))
    })
}

const USAGE: &str = "\
Usage: <driver> --samples FILE [--static-base-url URL] [--dynamic-base-url URL]...
                [--static-samples N] [--strict-responses]

Drives a generated client against Prism; `cargo xtask conformance` runs it.

  --samples FILE          the samples `cargo xtask conformance` wrote
  --static-base-url URL   a Prism answering with the document's examples
  --dynamic-base-url URL  a Prism generating answers (`-d`); repeat to share the load
  --static-samples N      how many samples per operation go to the static Prism (3)
  --strict-responses      fail on responses Prism flags (for our own schema)
";

/// The command line.
#[derive(Debug)]
struct Args {
    samples: PathBuf,
    static_base_url: Option<String>,
    dynamic_base_urls: Vec<String>,
    static_samples: usize,
    strictness: Strictness,
}

impl Args {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut samples = None;
        let mut parsed = Self {
            samples: PathBuf::new(),
            static_base_url: None,
            dynamic_base_urls: Vec::new(),
            static_samples: 3,
            strictness: Strictness::default(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match arg.as_str() {
                "--samples" => samples = Some(PathBuf::from(value(arg)?)),
                "--static-base-url" => parsed.static_base_url = Some(value(arg)?),
                "--dynamic-base-url" => parsed.dynamic_base_urls.push(value(arg)?),
                "--static-samples" => {
                    let text = value(arg)?;
                    parsed.static_samples = text
                        .parse()
                        .map_err(|_| format!("`--static-samples {text}` is not a number"))?;
                }
                "--strict-responses" => parsed.strictness.responses = true,
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        parsed.samples = samples.ok_or("`--samples` is required")?;
        if parsed.static_base_url.is_none() && parsed.dynamic_base_urls.is_empty() {
            return Err("give `--static-base-url`, `--dynamic-base-url` or both".to_owned());
        }
        Ok(parsed)
    }
}

/// The samples file `cargo xtask conformance` writes.
#[derive(Debug)]
struct Samples {
    operations: Vec<Planned>,
    /// The members that close a cycle of the document's types, by wire name.
    recursive: Arc<Vec<String>>,
}

/// One operation of the samples file.
#[derive(Debug)]
struct Planned {
    id: String,
    skipped: Option<String>,
    valid: Vec<Sample>,
    invalid: Vec<Invalid>,
}

#[derive(Debug)]
struct Sample {
    label: String,
    args: Arc<Value>,
}

#[derive(Debug)]
struct Invalid {
    sample: Sample,
    /// The text of the constraint the refusal must name.
    constraint: String,
}

impl Samples {
    fn read(value: &Value) -> Result<Self, String> {
        let text = |value: &Value, key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("the samples file lacks `{key}`"))
        };
        let sample = |value: &Value| -> Result<Sample, String> {
            Ok(Sample {
                label: text(value, "label")?,
                args: Arc::new(value.get("args").cloned().unwrap_or(Value::Null)),
            })
        };
        let list = |value: &Value, key: &str| -> Vec<Value> {
            value
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let mut operations = Vec::new();
        for operation in list(value, "operations") {
            operations.push(Planned {
                id: text(&operation, "id")?,
                skipped: operation
                    .get("skipped")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                valid: list(&operation, "valid")
                    .iter()
                    .map(sample)
                    .collect::<Result<_, _>>()?,
                invalid: list(&operation, "invalid")
                    .iter()
                    .map(|value| {
                        Ok(Invalid {
                            sample: sample(value)?,
                            constraint: text(value, "constraint")?,
                        })
                    })
                    .collect::<Result<_, String>>()?,
            });
        }
        let recursive = list(value, "recursive_members")
            .iter()
            .filter_map(|name| name.as_str().map(str::to_owned))
            .collect();
        Ok(Self {
            operations,
            recursive: Arc::new(recursive),
        })
    }
}

/// A Prism and the client configured for it.
struct Target<C> {
    mode: &'static str,
    client: Arc<C>,
    strictness: Strictness,
}

/// Runs the driver: the generated `main.rs`'s `main` is this call with its
/// table and a function making a client for a base URL.
pub fn main<C: Send + Sync + 'static>(
    table: &[Operation<C>],
    make_client: fn(&str) -> Result<C, String>,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match Args::parse(&args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start tokio: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(table, make_client, &args)) {
        Ok(report) => {
            print!("{}", report.render());
            if report.failed() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run<C: Send + Sync + 'static>(
    table: &[Operation<C>],
    make_client: fn(&str) -> Result<C, String>,
    args: &Args,
) -> Result<Report, String> {
    let started = Instant::now();
    let text = std::fs::read_to_string(&args.samples)
        .map_err(|error| format!("cannot read {}: {error}", args.samples.display()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not JSON: {error}", args.samples.display()))?;
    let samples = Samples::read(&value)?;
    let http = Arc::new(Http::new()?);
    let target = |mode, url: &String| -> Result<Target<C>, String> {
        Ok(Target {
            mode,
            client: Arc::new(make_client(url)?),
            strictness: Strictness {
                repeatable: mode == "static",
                ..args.strictness
            },
        })
    };
    let static_target = args
        .static_base_url
        .as_ref()
        .map(|url| target("static", url))
        .transpose()?;
    let dynamic_targets = args
        .dynamic_base_urls
        .iter()
        .map(|url| target("dynamic", url))
        .collect::<Result<Vec<_>, _>>()?;

    let mut report = Report::default();
    let mut gone: Option<String> = None;
    for planned in &samples.operations {
        let mut row = Row::new(&planned.id);
        if let Some(after) = &gone {
            row.fail_kind(
                judge::FailureKind::NoAnswer,
                format!("not driven: Prism stopped answering during `{after}` (see its log)"),
            );
            report.rows.push(row);
            continue;
        }
        if let Some(reason) = &planned.skipped {
            row.skipped = Some(reason.clone());
            report.rows.push(row);
            continue;
        }
        let Some(operation) = table.iter().find(|operation| operation.id == planned.id) else {
            row.fail_kind(
                judge::FailureKind::NotBuilt,
                "the generated driver has no function for this operation".to_owned(),
            );
            report.rows.push(row);
            continue;
        };
        // Each Prism answers on one thread: one task per Prism, each taking
        // its share of the samples in turn.
        let mut tasks = Vec::new();
        if let Some(target) = &static_target {
            let chosen: Vec<&Sample> = planned.valid.iter().take(args.static_samples).collect();
            tasks.push(spawn_valid(
                operation,
                target,
                &http,
                &chosen,
                &samples.recursive,
            ));
        }
        for (index, target) in dynamic_targets.iter().enumerate() {
            let chosen: Vec<&Sample> = planned
                .valid
                .iter()
                .skip(index)
                .step_by(dynamic_targets.len())
                .collect();
            tasks.push(spawn_valid(
                operation,
                target,
                &http,
                &chosen,
                &samples.recursive,
            ));
        }
        // Invalid samples are refused before anything is sent: any client will do.
        if let Some(target) = static_target.as_ref().or(dynamic_targets.first()) {
            for invalid in &planned.invalid {
                let outcome = (operation.drive)(
                    Arc::clone(&target.client),
                    Arc::clone(&http),
                    Arc::clone(&invalid.sample.args),
                )
                .await;
                let judged = judge_invalid(outcome, &invalid.constraint);
                row.add_invalid(&invalid.sample.label, judged);
            }
        }
        for task in tasks {
            match task.await {
                Ok(judged) => {
                    for (mode, label, judged) in judged {
                        row.add(mode, &label, judged);
                    }
                }
                Err(error) => row.fail_kind(
                    judge::FailureKind::NoAnswer,
                    format!("a task driving the operation failed: {error}"),
                ),
            }
        }
        let unanswered = row
            .failures
            .get(&judge::FailureKind::NoAnswer)
            .copied()
            .unwrap_or(0);
        if unanswered > 0 && unanswered >= row.judged.saturating_sub(row.refused) {
            gone = Some(planned.id.clone());
        }
        if row.judged == 0 && row.failures.is_empty() && row.prism_cannot.is_empty() {
            row.fail_kind(
                judge::FailureKind::NotBuilt,
                "no valid sample was driven".to_owned(),
            );
        }
        report.rows.push(row);
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

type JudgedList = Vec<(&'static str, String, judge::Judged)>;

fn spawn_valid<C: Send + Sync + 'static>(
    operation: &Operation<C>,
    target: &Target<C>,
    http: &Arc<Http>,
    samples: &[&Sample],
    recursive: &Arc<Vec<String>>,
) -> tokio::task::JoinHandle<JudgedList> {
    let strictness = target.strictness;
    let recursive = Arc::clone(recursive);
    let drive = operation.drive;
    let client = Arc::clone(&target.client);
    let http = Arc::clone(http);
    let mode = target.mode;
    let samples: Vec<(String, Arc<Value>)> = samples
        .iter()
        .map(|sample| (sample.label.clone(), Arc::clone(&sample.args)))
        .collect();
    tokio::spawn(async move {
        let mut judged = Vec::new();
        for (label, args) in samples {
            let outcome = drive(Arc::clone(&client), Arc::clone(&http), args).await;
            judged.push((mode, label, judge_with(outcome, strictness, &recursive)));
        }
        judged
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_samples_file() {
        let value: Value = serde_json::from_str(
            r#"{"operations": [
                {"id": "addPet", "valid": [{"label": "low", "args": {"body": {}}}],
                 "invalid": [{"label": "past", "args": {}, "constraint": "must be at most 3"}]},
                {"id": "upload", "skipped": "multipart body"}
            ]}"#,
        )
        .unwrap();
        let samples = Samples::read(&value).unwrap();
        assert_eq!(samples.operations.len(), 2);
        assert_eq!(samples.operations[0].valid[0].label, "low");
        assert_eq!(
            samples.operations[0].invalid[0].constraint,
            "must be at most 3"
        );
        assert_eq!(
            samples.operations[1].skipped.as_deref(),
            Some("multipart body")
        );
    }

    #[test]
    fn parses_arguments() {
        let strings = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let args = Args::parse(&strings(&[
            "--samples",
            "s.json",
            "--dynamic-base-url",
            "http://127.0.0.1:1/",
            "--strict-responses",
        ]))
        .unwrap();
        assert!(args.strictness.responses);
        assert_eq!(args.dynamic_base_urls.len(), 1);
        assert!(Args::parse(&strings(&["--samples", "s.json"])).is_err());
        assert!(Args::parse(&strings(&["--static-base-url", "u"])).is_err());
    }
}
