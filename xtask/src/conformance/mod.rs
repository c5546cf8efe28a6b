//! `cargo xtask conformance`: runs the `conformance` driver against Prism.
//!
//! Prism (`@stoplight/prism-cli`, pinned in `tools/prism/package-lock.json`) is
//! an independent OpenAPI implementation. Two instances serve
//! `schema/fluxer.yaml` on free loopback ports: one answers with the schema's
//! examples, one (`-d`) with data generated from the response schemas. Both
//! validate every request (and their own responses) and list violations in the
//! `sl-violations` header. The driver (`conformance/`) sends every operation
//! through `fluxer-client` with a range of valid inputs and fails on any
//! rejected request or undecodable response.
//!
//! This module only starts processes: `node`, `npm`, `cargo`. Every wait is
//! bounded, and Prism is always stopped: killed when the run ends, and started
//! through `tools/prism/serve.cjs`, which exits when its standard input (a pipe
//! from this process) closes, so it also goes when this process is killed.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Read as _, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::SCHEMA_PATH;

mod crates;
mod driver;
mod pattern;
mod plan;
mod sample;

/// The folder that pins Prism, relative to the workspace root.
pub const PRISM_DIR: &str = "tools/prism";
/// Where Prism's logs and the failing responses go, relative to the workspace root.
pub const OUTPUT_DIR: &str = "target/conformance";
/// The oldest Node.js the pinned Prism supports (`engines` in
/// `tools/prism/package.json`).
pub const MIN_NODE: (u32, u32, u32) = (18, 20, 1);

/// How long `npm ci` may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// How long building the driver may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
/// How long Prism may take to answer after being started.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the driver may run once built: this, plus one second per dynamic round.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(300);
/// Valid samples per operation of `schema/fluxer.yaml`.
const FLUXER_ROUNDS: u32 = 50;
/// Valid samples per operation of another document.
const DOCUMENT_ROUNDS: u32 = 12;
/// The seed samples are drawn from unless `--seed` says otherwise.
const DEFAULT_SEED: u64 = 18;
/// Rounds of Fluxer's hand-written checks against the dynamic Prisms (every
/// kind of a `oneOf` must be seen; Prism picks one at random).
const HAND_WRITTEN_ROUNDS: u32 = 200;
/// How long `node --version` and `npm --version` may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(60);
/// How often to start Prism on fresh ports when it exits at once (a port taken
/// between choosing and binding it).
const START_ATTEMPTS: usize = 3;
/// The most dynamic Prism instances to share the dynamic rounds.
const MAX_DYNAMIC_PRISMS: usize = 4;

/// The options of `cargo xtask conformance`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--rounds N`: valid samples per operation (the low and high bounds,
    /// then random ones), and for Fluxer's hand-written checks the rounds
    /// against the dynamic Prism.
    pub rounds: Option<u32>,
    /// `--seed S`: the seed the samples are drawn from.
    pub seed: Option<u64>,
    /// `--document PATH`: another OpenAPI document than `schema/fluxer.yaml`,
    /// generated into a scratch crate.
    pub document: Option<PathBuf>,
    /// `--scratch DIR`: where the scratch crates go (outside the repository).
    pub scratch: Option<PathBuf>,
}

impl Options {
    /// Parses the arguments after `conformance`.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(&arg) = args.next() {
            let mut value = || {
                args.next()
                    .copied()
                    .ok_or_else(|| format!("`{arg}` needs a value"))
            };
            match arg {
                "--rounds" if options.rounds.is_none() => {
                    let text = value()?;
                    let rounds = text.parse().ok().filter(|rounds| *rounds > 0);
                    options.rounds = Some(rounds.ok_or_else(|| {
                        format!("`--rounds {text}` is not a positive whole number")
                    })?);
                }
                "--seed" if options.seed.is_none() => {
                    let text = value()?;
                    options.seed = Some(
                        text.parse()
                            .map_err(|_| format!("`--seed {text}` is not a whole number"))?,
                    );
                }
                "--document" if options.document.is_none() => {
                    options.document = Some(PathBuf::from(value()?));
                }
                "--scratch" if options.scratch.is_none() => {
                    options.scratch = Some(PathBuf::from(value()?));
                }
                _ => return Err(format!("unexpected argument `{arg}` for `conformance`")),
            }
        }
        Ok(options)
    }
}

/// The programs this command starts, by name or path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programs {
    /// Node.js.
    pub node: String,
    /// npm.
    pub npm: String,
    /// Cargo: `$CARGO` when run through cargo, else `cargo`.
    pub cargo: String,
}

impl Programs {
    /// The programs found on `PATH` (and `$CARGO`).
    pub fn from_env() -> Self {
        Self {
            node: "node".to_owned(),
            npm: if cfg!(windows) { "npm.cmd" } else { "npm" }.to_owned(),
            cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
        }
    }
}

/// Why the conformance run could not be carried out (as opposed to the driver
/// finding failures, which it reports itself).
#[derive(Debug)]
pub(crate) struct Failure(String);

/// Runs `cargo xtask conformance` against the workspace at `root`. Returns the
/// exit status: the driver's, or 1 when the run could not be carried out
/// (Node.js missing, Prism not installable or not starting, a timeout).
pub fn run(
    root: &Path,
    options: &Options,
    programs: &Programs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    match run_inner(root, options, programs, stdout) {
        Ok(status) => status,
        Err(Failure(message)) => {
            let _ = writeln!(stderr, "error: {message}");
            let _ = writeln!(
                stderr,
                "error: the conformance run did not happen; it has not passed"
            );
            1
        }
    }
}

fn run_inner(
    root: &Path,
    options: &Options,
    programs: &Programs,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let started = Instant::now();
    let node_version = check_node(programs)?;
    let _ = writeln!(out, "conformance: Node.js {node_version}");

    let prism_dir = root.join(PRISM_DIR);
    let pinned = pinned_prism_version(&prism_dir)?;
    if installed_prism_version(&prism_dir).as_deref() != Some(pinned.as_str()) {
        let _ = writeln!(
            out,
            "conformance: installing Prism {pinned} with `npm ci --prefix {PRISM_DIR}`"
        );
        let _ = out.flush();
        let mut npm = Command::new(&programs.npm);
        npm.args(["ci", "--prefix", PRISM_DIR, "--no-audit", "--no-fund"])
            .current_dir(root)
            .stdin(Stdio::null());
        let status = run_bounded(&mut npm, INSTALL_TIMEOUT, "npm ci")?;
        if !status.success() {
            return Err(Failure(format!(
                "`npm ci --prefix {PRISM_DIR}` failed ({status}); Prism is not installed"
            )));
        }
        if installed_prism_version(&prism_dir).as_deref() != Some(pinned.as_str()) {
            return Err(Failure(format!(
                "`npm ci --prefix {PRISM_DIR}` succeeded but Prism {pinned} is not in \
                 {PRISM_DIR}/node_modules"
            )));
        }
    }

    // The document, its samples and its driver crate.
    let (document, document_name) = match &options.document {
        Some(path) => {
            let path = path
                .canonicalize()
                .map_err(|error| Failure(format!("could not find {}: {error}", path.display())))?;
            let name = path.file_name().map_or_else(
                || "document".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            (path, name)
        }
        None => (root.join(SCHEMA_PATH), SCHEMA_PATH.to_owned()),
    };
    let fluxer = options.document.is_none();
    let rounds = options.rounds.unwrap_or(if fluxer {
        FLUXER_ROUNDS
    } else {
        DOCUMENT_ROUNDS
    });
    let seed = options.seed.unwrap_or(DEFAULT_SEED);
    let scratch = scratch_dir(root, options)?;
    let crate_dir = scratch.join(crate_name(&document_name));
    let text = fs::read_to_string(&document)
        .map_err(|error| Failure(format!("could not read {}: {error}", document.display())))?;
    // The folder the document's name is relative to: its `$ref`s to other
    // files are read from there.
    let base = match &options.document {
        Some(_) => document.parent().unwrap_or(root).to_path_buf(),
        None => root.to_path_buf(),
    };
    let prepared = crates::prepare(&crates::Request {
        root,
        base: &base,
        document_name: &document_name,
        text: &text,
        dir: &crate_dir,
        checked_in_client: fluxer,
        seed,
        rounds: rounds as usize,
    })
    .map_err(Failure)?;
    let _ = writeln!(
        out,
        "conformance: {document_name}: {} operations, {} driven, {} skipped; samples (seed {seed}, \
         {rounds} valid per operation) and the driver crate in {}",
        prepared.operations,
        prepared.operations - prepared.skipped,
        prepared.skipped,
        crate_dir.display()
    );

    // Build first, so Prism is not started (and the clock not running) while
    // the drivers compile.
    let _ = writeln!(out, "conformance: building the driver");
    let _ = out.flush();
    let target_dir = root.join("target");
    let mut build = Command::new(&programs.cargo);
    build
        .args(["build", "--quiet", "--offline", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .args(["--package", crates::DRIVER_PACKAGE])
        .env_remove("CARGO_TARGET_DIR")
        .current_dir(&crate_dir)
        .stdin(Stdio::null());
    let status = run_bounded(&mut build, BUILD_TIMEOUT, "building the driver")?;
    if !status.success() {
        return Err(Failure(format!(
            "the driver for {document_name} does not build ({status}); its crate is in {}",
            crate_dir.display()
        )));
    }
    if fluxer {
        let mut build = Command::new(&programs.cargo);
        build
            .args(["build", "--quiet", "--package", "conformance"])
            .current_dir(root)
            .stdin(Stdio::null());
        let status = run_bounded(&mut build, BUILD_TIMEOUT, "cargo build -p conformance")?;
        if !status.success() {
            return Err(Failure(format!(
                "the hand-written conformance checks do not build ({status})"
            )));
        }
    }

    let log_dir = root.join(OUTPUT_DIR);
    let failures_dir = log_dir.join("failures");
    match fs::remove_dir_all(&failures_dir) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(Failure(format!(
                "could not clear {OUTPUT_DIR}/failures: {error}"
            )));
        }
    }
    fs::create_dir_all(&log_dir)
        .map_err(|error| Failure(format!("could not create {OUTPUT_DIR}: {error}")))?;
    let started_prism = Instant::now();
    // No `--seed`: Prism re-seeds its generator for every response, so a seed
    // would make all dynamic responses the same.
    // Prism answers on one thread and generating large dynamic responses is
    // what takes time, so the dynamic rounds are shared by one Prism per core.
    let dynamic_count = thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_DYNAMIC_PRISMS);
    let mut specs = vec![("static".to_owned(), Vec::new())];
    for index in 1..=dynamic_count {
        specs.push((format!("dynamic-{index}"), vec!["--dynamic"]));
    }
    let prisms = Prism::start_all(root, programs, &document, &log_dir, &specs)?;
    let (static_prism, dynamic_prisms) = prisms
        .split_first()
        .ok_or_else(|| Failure("no Prism was started".to_owned()))?;
    let dynamic_urls: Vec<String> = dynamic_prisms.iter().map(Prism::base_url).collect();
    let _ = writeln!(
        out,
        "conformance: Prism serving {document_name} on {} (examples) and {} (dynamic), \
         ready in {:.1} s; logs in {OUTPUT_DIR}/",
        static_prism.base_url(),
        dynamic_urls.join(" "),
        started_prism.elapsed().as_secs_f64()
    );
    let _ = out.flush();

    let exe = if cfg!(windows) { ".exe" } else { "" };
    let mut driver = Command::new(
        target_dir
            .join("debug")
            .join(format!("{}{exe}", crates::DRIVER_PACKAGE)),
    );
    driver
        .arg("--samples")
        .arg(&prepared.samples)
        .arg("--static-base-url")
        .arg(static_prism.base_url());
    for url in &dynamic_urls {
        driver.arg("--dynamic-base-url").arg(url);
    }
    if fluxer {
        driver.arg("--strict-responses");
    }
    driver.current_dir(root).stdin(Stdio::null());
    let limit = DRIVER_TIMEOUT + Duration::from_secs(u64::from(rounds) * 10);
    let mut status = run_bounded(&mut driver, limit, "the conformance driver")?;

    if fluxer {
        // What generated inputs cannot prove: every kind of a `oneOf` seen,
        // and every named example (`Prefer: example=…`) decoded as its kind.
        let _ = writeln!(
            out,
            "\nconformance: the hand-written checks (every kind of body seen, every named example)"
        );
        let _ = out.flush();
        let mut checks = Command::new(&programs.cargo);
        checks
            .args(["run", "--quiet", "--package", "conformance", "--"])
            .arg("--static-base-url")
            .arg(static_prism.base_url());
        for url in &dynamic_urls {
            checks.arg("--dynamic-base-url").arg(url);
        }
        checks
            .arg("--save-failures")
            .arg(&failures_dir)
            .arg("--dynamic-rounds")
            .arg(HAND_WRITTEN_ROUNDS.to_string())
            .current_dir(root)
            .stdin(Stdio::null());
        let limit = DRIVER_TIMEOUT + Duration::from_secs(u64::from(HAND_WRITTEN_ROUNDS));
        let checked = run_bounded(&mut checks, limit, "the hand-written conformance checks")?;
        if status.success() {
            status = checked;
        }
    }
    let mut prisms = prisms;
    let mut prism_exited = false;
    for prism in &mut prisms {
        if let Ok(Some(exit)) = prism.child.try_wait() {
            let _ = writeln!(
                out,
                "conformance: Prism ({}) exited during the run ({exit}); every request after \
                 that went unanswered\n{}",
                prism.name,
                log_tail(&prism.log_path, 12)
            );
            prism_exited = true;
        }
    }
    drop(prisms);

    let elapsed = started.elapsed().as_secs_f64();
    if status.success() && !prism_exited {
        let _ = writeln!(out, "conformance: {document_name} passed in {elapsed:.1} s");
        Ok(0)
    } else {
        let _ = writeln!(
            out,
            "conformance: {document_name} FAILED ({status}) in {elapsed:.1} s; Prism's logs are \
             in {OUTPUT_DIR}/"
        );
        Ok(status
            .code()
            .and_then(|code| u8::try_from(code).ok())
            .filter(|code| *code != 0)
            .unwrap_or(1))
    }
}

/// The scratch root: `--scratch`, or `<temp dir>/fluxer-conformance`; never
/// inside the repository.
fn scratch_dir(root: &Path, options: &Options) -> Result<PathBuf, Failure> {
    let scratch = options
        .scratch
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("fluxer-conformance"));
    fs::create_dir_all(&scratch)
        .map_err(|error| Failure(format!("could not create {}: {error}", scratch.display())))?;
    let scratch = scratch
        .canonicalize()
        .map_err(|error| Failure(format!("could not resolve {}: {error}", scratch.display())))?;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if scratch.starts_with(&canonical_root) {
        return Err(Failure(format!(
            "the scratch directory {} is inside the repository; choose one outside it",
            scratch.display()
        )));
    }
    Ok(scratch)
}

/// A folder name for a document: its file name with anything but letters,
/// digits, `-` and `_` replaced.
fn crate_name(document: &str) -> String {
    document
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Checks that `node` and `npm` run and that Node.js is recent enough for the
/// pinned Prism. Returns Node's version.
fn check_node(programs: &Programs) -> Result<String, Failure> {
    let missing = |program: &str, why: String| {
        Failure(format!(
            "`cargo xtask conformance` needs Node.js {}.{}.{} or newer with npm, to run Prism \
             (the OpenAPI mock server the client is checked against), but `{program}` {why}. \
             Install Node.js (https://nodejs.org or your package manager) and run it again",
            MIN_NODE.0, MIN_NODE.1, MIN_NODE.2
        ))
    };
    let node = version_of(&programs.node).map_err(|why| missing(&programs.node, why))?;
    version_of(&programs.npm).map_err(|why| missing(&programs.npm, why))?;
    match parse_version(&node) {
        Some(version) if version >= MIN_NODE => Ok(node),
        Some(_) => Err(missing(
            &programs.node,
            format!("is version {node}, which the pinned Prism does not support"),
        )),
        None => Err(missing(
            &programs.node,
            format!("printed {node:?} as its version"),
        )),
    }
}

/// Runs `program --version` and returns what it printed, trimmed.
fn version_of(program: &str) -> Result<String, String> {
    let mut command = Command::new(program);
    command
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => "was not found on PATH".to_owned(),
        _ => format!("could not be started ({error})"),
    })?;
    let mut output = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        // `--version` prints one short line; reading to the end also waits for exit.
        let reader = thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        });
        match wait_bounded(&mut child, PROBE_TIMEOUT) {
            Ok(Some(status)) if status.success() => {}
            Ok(Some(status)) => return Err(format!("failed ({status})")),
            Ok(None) => return Err(format!("did not answer within {PROBE_TIMEOUT:?}")),
            Err(error) => return Err(format!("could not be waited for ({error})")),
        }
        output = reader.join().unwrap_or_default();
    }
    let output = output.trim().to_owned();
    if output.is_empty() {
        return Err("printed no version".to_owned());
    }
    Ok(output)
}

/// `v20.11.1` or `20.11.1` → `(20, 11, 1)`.
pub(crate) fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = text.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch: String = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((major, minor, patch.parse().ok()?))
}

/// The version of `@stoplight/prism-cli` that `tools/prism/package.json` pins.
fn pinned_prism_version(prism_dir: &Path) -> Result<String, Failure> {
    let path = prism_dir.join("package.json");
    let text = fs::read_to_string(&path)
        .map_err(|error| Failure(format!("could not read {PRISM_DIR}/package.json: {error}")))?;
    let value = generator::parse_value("tools/prism/package.json", &text).map_err(|error| {
        Failure(format!(
            "{PRISM_DIR}/package.json is not valid JSON: {error}"
        ))
    })?;
    value
        .pointer("/devDependencies/@stoplight~1prism-cli")
        .and_then(|version| version.as_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            Failure(format!(
                "{PRISM_DIR}/package.json does not pin `@stoplight/prism-cli` in devDependencies"
            ))
        })
}

/// The version of the Prism installed in `tools/prism/node_modules`, if any.
fn installed_prism_version(prism_dir: &Path) -> Option<String> {
    let path = prism_dir.join("node_modules/@stoplight/prism-cli/package.json");
    let text = fs::read_to_string(path).ok()?;
    let value = generator::parse_value("package.json", &text).ok()?;
    value.get("version")?.as_str().map(str::to_owned)
}

/// Free loopback ports, all different.
pub(crate) fn free_ports(count: usize) -> io::Result<Vec<u16>> {
    let listeners = (0..count)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
        .collect::<io::Result<Vec<_>>>()?;
    listeners
        .iter()
        .map(|listener| listener.local_addr().map(|address| address.port()))
        .collect()
}

/// A running Prism; killed when dropped.
struct Prism {
    name: String,
    child: Child,
    port: u16,
    log_path: PathBuf,
}

impl Prism {
    /// Starts one `prism mock <document>` per `(name, extra arguments)`
    /// on free loopback ports, all at once, and waits until each answers HTTP.
    /// The output of each goes to `<log_dir>/prism-<name>.log`. One that exits
    /// at once (its port taken meanwhile) is started again on another port.
    fn start_all(
        root: &Path,
        programs: &Programs,
        document: &Path,
        log_dir: &Path,
        specs: &[(String, Vec<&str>)],
    ) -> Result<Vec<Self>, Failure> {
        let mut prisms = specs
            .iter()
            .map(|(name, extra)| Self::spawn(root, programs, document, log_dir, name, extra))
            .collect::<Result<Vec<_>, _>>()?;
        for (prism, (name, extra)) in prisms.iter_mut().zip(specs) {
            let mut attempt = 1;
            loop {
                match prism.wait_until_ready(START_TIMEOUT) {
                    Ok(()) => break,
                    Err(problem) if problem.starts_with("exited") && attempt < START_ATTEMPTS => {
                        attempt += 1;
                        *prism = Self::spawn(root, programs, document, log_dir, name, extra)?;
                    }
                    Err(problem) => {
                        return Err(Failure(format!(
                            "Prism ({name}) did not start: {problem}\n{}",
                            log_tail(&prism.log_path, 20)
                        )));
                    }
                }
            }
        }
        Ok(prisms)
    }

    /// Starts one Prism on a free port without waiting for it.
    fn spawn(
        root: &Path,
        programs: &Programs,
        document: &Path,
        log_dir: &Path,
        name: &str,
        extra: &[&str],
    ) -> Result<Self, Failure> {
        let log_path = log_dir.join(format!("prism-{name}.log"));
        let port =
            free_ports(1).map_err(|error| Failure(format!("no free loopback port: {error}")))?[0];
        let log = File::create(&log_path).map_err(|error| {
            Failure(format!("could not create {}: {error}", log_path.display()))
        })?;
        let log_err = log
            .try_clone()
            .map_err(|error| Failure(format!("could not open the Prism log: {error}")))?;
        let mut command = Command::new(&programs.node);
        command
            .arg(Path::new(PRISM_DIR).join("serve.cjs"))
            .arg("mock")
            .arg(document)
            .args(["--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args(["--multiprocess=false", "--cors=false"])
            .args(extra)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(log)
            .stderr(log_err);
        let child = command
            .spawn()
            .map_err(|error| Failure(format!("could not start Prism ({name}): {error}")))?;
        Ok(Self {
            name: name.to_owned(),
            child,
            port,
            log_path,
        })
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Waits until Prism answers an HTTP request, it exits, or `limit` passes.
    fn wait_until_ready(&mut self, limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("exited ({status}) before answering"));
            }
            if answers_http(address) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "did not answer on port {} within {limit:?}",
                    self.port
                ));
            }
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = wait_bounded(&mut self.child, Duration::from_secs(10));
    }
}

/// Whether something on `address` answers an HTTP request with a status line.
pub(crate) fn answers_http(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let request = format!(
        "GET /conformance-readiness-probe HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut start = [0_u8; 5];
    stream.read_exact(&mut start).is_ok() && &start == b"HTTP/"
}

/// The last `lines` lines of a log file, indented, for error messages.
fn log_tail(path: &Path, lines: usize) -> String {
    let Ok(text) = fs::read_to_string(path) else {
        return format!("(no log at {})", path.display());
    };
    let all: Vec<&str> = text.lines().collect();
    let mut tail = format!("last lines of {}:\n", path.display());
    for line in &all[all.len().saturating_sub(lines)..] {
        let _ = writeln!(tail, "  {line}");
    }
    tail
}

/// Spawns `command` (output inherited) and waits at most `limit` for it,
/// killing it when the time is up.
fn run_bounded(command: &mut Command, limit: Duration, what: &str) -> Result<ExitStatus, Failure> {
    let mut child = command
        .spawn()
        .map_err(|error| Failure(format!("could not start {what}: {error}")))?;
    match wait_bounded(&mut child, limit) {
        Ok(Some(status)) => Ok(status),
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(Failure(format!(
                "{what} did not finish within {limit:?} and was stopped"
            )))
        }
        Err(error) => {
            let _ = child.kill();
            Err(Failure(format!("could not wait for {what}: {error}")))
        }
    }
}

/// Waits at most `limit` for `child` to exit; `None` if it is still running.
fn wait_bounded(child: &mut Child, limit: Duration) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options() {
        assert_eq!(Options::parse(&[]), Ok(Options::default()));
        assert_eq!(
            Options::parse(&["--rounds", "7"]),
            Ok(Options {
                rounds: Some(7),
                ..Options::default()
            })
        );
        assert_eq!(
            Options::parse(&["--document", "a.yaml", "--seed", "3", "--scratch", "/tmp/x"]),
            Ok(Options {
                seed: Some(3),
                document: Some(PathBuf::from("a.yaml")),
                scratch: Some(PathBuf::from("/tmp/x")),
                ..Options::default()
            })
        );
        for bad in [
            &["--rounds"][..],
            &["--rounds", "x"][..],
            &["--rounds", "0"][..],
            &["--rounds", "1", "--rounds", "2"][..],
            &["--seed", "x"][..],
            &["--document"][..],
            &["--what"][..],
        ] {
            assert!(Options::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parses_node_versions() {
        assert_eq!(parse_version("v20.20.2\n"), Some((20, 20, 2)));
        assert_eq!(parse_version("18.20.1"), Some((18, 20, 1)));
        assert_eq!(parse_version("v22.1.0-nightly"), Some((22, 1, 0)));
        assert_eq!(parse_version("node"), None);
        assert!(parse_version("v18.19.0").unwrap() < MIN_NODE);
    }

    #[test]
    fn min_node_matches_the_pinned_prism() {
        let root = crate::workspace_root();
        let text = fs::read_to_string(root.join(PRISM_DIR).join("package.json")).unwrap();
        let value = generator::parse_value("package.json", &text).unwrap();
        let engines = value.pointer("/engines/node").and_then(|v| v.as_str());
        let (major, minor, patch) = MIN_NODE;
        assert_eq!(engines, Some(format!(">={major}.{minor}.{patch}").as_str()));
        assert!(pinned_prism_version(&root.join(PRISM_DIR)).is_ok());
    }

    #[test]
    fn missing_node_fails_with_a_clear_message() {
        let programs = Programs {
            node: "fluxer-conformance-no-such-node".to_owned(),
            npm: "fluxer-conformance-no-such-npm".to_owned(),
            cargo: "cargo".to_owned(),
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run(
            &crate::workspace_root(),
            &Options::default(),
            &programs,
            &mut out,
            &mut err,
        );
        assert_eq!(status, 1);
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("needs Node.js"), "{err}");
        assert!(err.contains("was not found on PATH"), "{err}");
        assert!(err.contains("has not passed"), "{err}");
    }

    #[test]
    fn free_ports_are_distinct() {
        let ports = free_ports(3).unwrap();
        assert!(ports.iter().all(|port| *port != 0));
        assert!(ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2]);
    }

    #[test]
    fn readiness_probe_wants_an_http_answer() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let address = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            for answer in [&b"HTTP/1.1 404 Not Found\r\n\r\n"[..], b"nope"] {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = [0_u8; 16];
                let _ = stream.read(&mut request);
                stream.write_all(answer).unwrap();
            }
        });
        assert!(answers_http(address));
        assert!(!answers_http(address));
        server.join().unwrap();
        let closed = free_ports(1).unwrap()[0];
        assert!(!answers_http(SocketAddr::from((
            Ipv4Addr::LOCALHOST,
            closed
        ))));
    }
}
