//! Fluxer's hand-written conformance checks: what samples generated from the
//! schema cannot prove. `cargo xtask conformance` drives every operation with
//! generated valid and invalid samples (`conformance-driver`); this binary
//! then checks, with one input per kind of request, that every kind of
//! response body a `oneOf` allows is seen and that every named example of the
//! schema (`Prefer: example=NAME`) decodes as the kind it shows.
//!
//! Run it with `cargo xtask conformance`, which installs and starts Prism (one
//! instance serving the schema's examples, one generating random responses with
//! `-d`) and then runs this binary:
//!
//! ```text
//! conformance [--static-base-url URL] [--dynamic-base-url URL] [--dynamic-rounds N]
//!             [--save-failures DIR]
//! ```
//!
//! Every input is sent twice: once by hand, exactly as [`Client::prepare`]
//! describes it, to read Prism's verdict (status and `sl-violations` header,
//! where Prism lists request and response validation problems), and once
//! through [`Client::execute`], as a user would, to check that the client
//! decodes the answer. In static mode each input is sent once per named
//! response example (`Prefer: example=NAME`) as well as with no preference.
//!
//! Every decoded body is counted by its kind (for `createChannelInvite`, a
//! guild or a group-DM invite): a body of a kind the schema does not allow
//! (an invite the client keeps as `Invite::Unknown`) is a failure, a named
//! example must decode as the kind it shows, and every kind must have been
//! decoded at least once in each mode, so that Prism's random choice among a
//! `oneOf`'s members is seen to cover them all.

use std::collections::BTreeMap;
use std::fmt::{self, Debug, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use conformance_driver::{
    Http, REQUEST_TIMEOUT, Reply, Request as HttpRequest, TOKEN, VIOLATIONS_HEADER,
};
use fluxer_client::ids::{ChannelId, UserId};
use fluxer_client::models::{
    Channel, CreateChannelInviteRequest, CreateDmRequest, CreateGroupDmRequest,
    CreatePrivateChannelRequest, Invite,
};
use fluxer_client::request::{OperationInfo, RequestSpec};
use fluxer_client::{Client, Credentials, Error, ErrorKind, operations};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

/// How many rounds per operation the dynamic mode runs unless told otherwise.
const DEFAULT_DYNAMIC_ROUNDS: usize = 200;
/// How many failures per row are printed in full.
const MAX_DETAILS: usize = 10;
/// How much of a body a failure message quotes.
const SNIPPET_CHARS: usize = 400;
/// How many failing bodies per row `--save-failures` writes.
const MAX_SAVED: usize = 20;

const USAGE: &str = "\
Usage: conformance [--static-base-url URL] [--dynamic-base-url URL] [--dynamic-rounds N]
                   [--save-failures DIR]

Fluxer's hand-written conformance checks (every kind of body seen, every named
example) against Prism mock servers of schema/fluxer.yaml. Normally run by
`cargo xtask conformance`, which starts Prism and first drives every operation
with samples generated from the schema.

  --static-base-url URL       a Prism serving the schema's examples (`prism mock`)
  --dynamic-base-url URL      a Prism generating responses (`prism mock -d`)
  --dynamic-rounds N          rounds per operation against the dynamic Prism, each one
                              request sent by hand and one through the client (default 200)
  --save-failures DIR         write the bodies of failing responses to DIR
";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match Args::parse(&args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut report = Report::default();

    let save = args.save_failures.clone();
    let targets = match (
        args.static_base_url
            .iter()
            .map(|url| Target::new(Mode::Static, url, save.clone()))
            .collect::<Result<Vec<_>, _>>(),
        args.dynamic_base_urls
            .iter()
            .map(|url| Target::new(Mode::Dynamic, url, save.clone()).map(Arc::new))
            .collect::<Result<Vec<_>, _>>(),
    ) {
        (Ok(static_targets), Ok(dynamic_targets)) => (static_targets, dynamic_targets),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let (static_targets, dynamic_targets) = targets;
    for target in &static_targets {
        let operation = create_channel_invite();
        let mut row = target.run(&operation, 0, 0).await;
        row.require_every_kind(operation.kinds);
        report.rows.push(row);
        let operation = create_private_channel();
        let mut row = target.run(&operation, 0, 0).await;
        row.require_every_kind(operation.kinds);
        report.rows.push(row);
    }
    if !dynamic_targets.is_empty() {
        let rounds = args.dynamic_rounds;
        report
            .rows
            .push(run_dynamic(&dynamic_targets, rounds, create_channel_invite).await);
        report
            .rows
            .push(run_dynamic(&dynamic_targets, rounds, create_private_channel).await);
    }

    print!("{}", report.render(started.elapsed()));
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `rounds` dynamic rounds of an operation, shared out among `targets`
/// (Prism instances, each answering on one thread) and run concurrently.
async fn run_dynamic<T>(
    targets: &[Arc<Target>],
    rounds: usize,
    operation: fn() -> Operation<T>,
) -> Row
where
    T: DeserializeOwned + PartialEq + Debug + Send + 'static,
{
    let mut tasks = Vec::new();
    let mut offset = 0;
    for (index, target) in targets.iter().enumerate() {
        let share = rounds / targets.len() + usize::from(index < rounds % targets.len());
        let target = Arc::clone(target);
        tasks.push(tokio::spawn(async move {
            target.run(&operation(), share, offset).await
        }));
        offset += share;
    }
    let kinds = operation().kinds;
    let mut row = Row::new(operation().info.operation_id, Mode::Dynamic);
    for task in tasks {
        match task.await {
            Ok(part) => row.absorb(part),
            Err(error) => row.fail(format!("a task driving the operation failed: {error}")),
        }
    }
    // Each round decodes one response by hand and one through the client.
    if row.decoded < 2 * rounds {
        row.fail(format!(
            "only {} responses decoded; {} ({rounds} through the client) are required",
            row.decoded,
            2 * rounds
        ));
    }
    row.require_every_kind(kinds);
    row
}

/// The command line.
#[derive(Debug)]
struct Args {
    static_base_url: Option<String>,
    dynamic_base_urls: Vec<String>,
    dynamic_rounds: usize,
    save_failures: Option<PathBuf>,
}

impl Args {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = Self {
            static_base_url: None,
            dynamic_base_urls: Vec::new(),
            dynamic_rounds: DEFAULT_DYNAMIC_ROUNDS,
            save_failures: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match arg.as_str() {
                "--static-base-url" => parsed.static_base_url = Some(value(arg)?),
                "--dynamic-base-url" => parsed.dynamic_base_urls.push(value(arg)?),
                "--dynamic-rounds" => {
                    let text = value(arg)?;
                    parsed.dynamic_rounds = text
                        .parse()
                        .ok()
                        .filter(|rounds| *rounds > 0)
                        .ok_or_else(|| {
                            format!("`--dynamic-rounds {text}` is not a positive number")
                        })?;
                }
                "--save-failures" => parsed.save_failures = Some(PathBuf::from(value(arg)?)),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        if parsed.static_base_url.is_none() && parsed.dynamic_base_urls.is_empty() {
            return Err("give `--static-base-url`, `--dynamic-base-url` or both".to_owned());
        }
        Ok(parsed)
    }
}

/// Which Prism a row was checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `prism mock`: answers with the schema's examples.
    Static,
    /// `prism mock -d`: answers with data generated from the response schemas.
    Dynamic,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Static => "static",
            Self::Dynamic => "dynamic",
        })
    }
}

/// One operation and the valid inputs it is driven with.
struct Operation<T> {
    info: &'static OperationInfo,
    /// The success response's named examples in the schema; in static mode
    /// each input is also sent with `Prefer: example=NAME` for each, and the
    /// answer must decode as the example's kind.
    examples: &'static [Example],
    /// The kinds of success body the schema allows (the members of a union,
    /// or one kind): every decoded body must be one of them, and each must
    /// have been decoded at least once per mode.
    kinds: &'static [&'static str],
    /// The kind of a decoded body; a name not in `kinds` for a body the
    /// client decoded as none of them (an unknown union tag).
    kind_of: fn(&T) -> &'static str,
    cases: Vec<Case<T>>,
}

/// A named example of a success response and the kind of body it shows.
#[derive(Clone, Copy, Debug)]
struct Example {
    name: &'static str,
    kind: &'static str,
}

/// The invite kinds the schema's `Invite` union has.
const GUILD_INVITE: &str = "guild";
const GROUP_DM_INVITE: &str = "group DM";

fn invite_kind(invite: &Invite) -> &'static str {
    match invite {
        Invite::Guild(_) => GUILD_INVITE,
        Invite::GroupDm(_) => GROUP_DM_INVITE,
        Invite::Unknown(_) => "unknown-type",
        _ => "unnamed",
    }
}

/// One input: what it is, and the request the client built from it (or why it
/// refused to, which is a failure: every input here is valid).
struct Case<T> {
    label: String,
    request: Result<RequestSpec<T>, Error>,
}

/// One input per operation: the range of valid inputs is the generated
/// samples' job; these only carry the kind and example checks.
fn create_channel_invite() -> Operation<Invite> {
    let bodies = [(
        (
            "channel 1183436478421147650",
            ChannelId::new(1_183_436_478_421_147_650),
        ),
        "defaults (all None)",
        CreateChannelInviteRequest::default(),
    )];
    let cases = bodies
        .into_iter()
        .map(|((channel, id), label, body)| Case {
            label: format!("{channel}, {label}"),
            request: operations::create_channel_invite(id, &body),
        })
        .collect();
    Operation {
        info: &operations::CREATE_CHANNEL_INVITE,
        examples: &[
            Example {
                name: "guild",
                kind: GUILD_INVITE,
            },
            Example {
                name: "groupDm",
                kind: GROUP_DM_INVITE,
            },
            Example {
                name: "withoutInviter",
                kind: GUILD_INVITE,
            },
        ],
        kinds: &[GUILD_INVITE, GROUP_DM_INVITE],
        kind_of: invite_kind,
        cases,
    }
}

fn create_private_channel() -> Operation<Channel> {
    let ids = |count: u64| -> Vec<UserId> {
        // Distinct ids, the last one at the top of the range.
        (1..count)
            .map(|n| UserId::new(1_183_436_478_421_147_648 + n))
            .chain(std::iter::once(UserId::new(u64::MAX)))
            .collect()
    };
    let dm = |id: u64| -> CreatePrivateChannelRequest {
        CreateDmRequest {
            recipient_id: UserId::new(id),
        }
        .into()
    };
    let group = |count: u64| -> CreatePrivateChannelRequest {
        CreateGroupDmRequest {
            recipients: ids(count),
        }
        .into()
    };
    let cases = [
        ("DM with 1183436478421147649", dm(1_183_436_478_421_147_649)),
        ("group DM with 2 recipients", group(2)),
    ]
    .into_iter()
    .map(|(label, body)| Case {
        label: label.to_owned(),
        request: operations::create_private_channel(&body),
    })
    .collect();
    Operation {
        info: &operations::CREATE_PRIVATE_CHANNEL,
        examples: &[
            Example {
                name: "dm",
                kind: "channel",
            },
            Example {
                name: "groupDm",
                kind: "channel",
            },
        ],
        kinds: &["channel"],
        kind_of: |_| "channel",
        cases,
    }
}

/// One Prism instance and the clients that talk to it.
struct Target {
    mode: Mode,
    /// Configured as a user would: base URL and bot token, nothing else.
    client: Client,
    /// Clients that also send `Prefer: example=NAME`, by NAME.
    preferring: BTreeMap<&'static str, Client>,
    /// Sends the requests made by hand from [`Client::prepare`].
    http: Http,
    /// Where to write failing bodies, if anywhere.
    save_failures: Option<PathBuf>,
}

impl Target {
    fn new(mode: Mode, base_url: &str, save_failures: Option<PathBuf>) -> Result<Self, String> {
        let client = Client::builder()
            .base_url(base_url)
            .credentials(Credentials::bot(TOKEN))
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| format!("cannot build a client for {base_url}: {error}"))?;
        let http = |headers: HeaderMap| {
            reqwest::Client::builder()
                .default_headers(headers)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(REQUEST_TIMEOUT)
                .build()
                .map_err(|error| format!("cannot build an HTTP client: {error}"))
        };
        let mut preferring = BTreeMap::new();
        if mode == Mode::Static {
            let names = create_channel_invite()
                .examples
                .iter()
                .chain(create_private_channel().examples);
            for &Example { name, .. } in names {
                let mut headers = HeaderMap::new();
                headers.insert("prefer", prefer_value(name)?);
                let client = Client::builder()
                    .base_url(base_url)
                    .credentials(Credentials::bot(TOKEN))
                    .timeout(REQUEST_TIMEOUT)
                    .http_client(http(headers)?)
                    .build()
                    .map_err(|error| format!("cannot build a client for {base_url}: {error}"))?;
                preferring.insert(name, client);
            }
        }
        Ok(Self {
            mode,
            client,
            preferring,
            http: Http::new()?,
            save_failures,
        })
    }

    /// Drives `operation`: in static mode every input with no preference and
    /// with each named example; in dynamic mode `rounds` rounds cycling
    /// through the inputs from the `offset`th on.
    async fn run<T>(&self, operation: &Operation<T>, rounds: usize, offset: usize) -> Row
    where
        T: DeserializeOwned + PartialEq + Debug,
    {
        let mut row = Row::new(operation.info.operation_id, self.mode);
        match self.mode {
            Mode::Static => {
                let preferences =
                    std::iter::once(None).chain(operation.examples.iter().copied().map(Some));
                for example in preferences {
                    for case in &operation.cases {
                        self.exchange(operation, case, example, &mut row).await;
                    }
                }
            }
            Mode::Dynamic => {
                for case in operation.cases.iter().cycle().skip(offset).take(rounds) {
                    self.exchange(operation, case, None, &mut row).await;
                }
            }
        }
        row
    }

    /// Sends one input by hand and through the client and records what
    /// happened in `row`.
    async fn exchange<T>(
        &self,
        operation: &Operation<T>,
        case: &Case<T>,
        example: Option<Example>,
        row: &mut Row,
    ) where
        T: DeserializeOwned + PartialEq + Debug,
    {
        row.checks += 1;
        let failures_before = row.failures;
        let what = match example {
            Some(Example { name, .. }) => format!("{} [Prefer: example={name}]", case.label),
            None => case.label.clone(),
        };
        let expected = example.map(|example| example.kind);
        let request = match &case.request {
            Ok(request) => request.clone(),
            Err(error) => {
                row.fail(format!(
                    "{what}: the client refused to build a valid request: {error}"
                ));
                return;
            }
        };

        // 1. By hand, to see Prism's verdict on the request.
        row.requests += 1;
        let by_hand = match self
            .send_by_hand(&request, example.map(|example| example.name))
            .await
        {
            Err(message) => {
                row.fail(format!("{what}: sent by hand: {message}"));
                None
            }
            Ok(reply) => {
                let success = (200..300).contains(&reply.status);
                match (&reply.violations, success) {
                    (None, true) => row.accepted += 1,
                    (Some(violations), _) => {
                        let saved = self.save(row, &reply.body);
                        row.fail(format!(
                            "{what}: Prism answered {} with violations: {violations}{saved}",
                            reply.status
                        ));
                    }
                    (None, false) => {
                        let saved = self.save(row, &reply.body);
                        row.fail(format!(
                            "{what}: Prism answered {}: {}{saved}",
                            reply.status,
                            snippet(&reply.body)
                        ));
                    }
                }
                if success {
                    match serde_json::from_slice::<T>(&reply.body) {
                        Ok(data) => {
                            row.decoded += 1;
                            if let Err(problem) = row.count_kind(operation, &data, expected) {
                                let saved = self.save(row, &reply.body);
                                row.fail(format!("{what}: sent by hand: {problem}{saved}"));
                            }
                            Some(data)
                        }
                        Err(error) => {
                            let saved = self.save(row, &reply.body);
                            row.fail(format!(
                                "{what}: sent by hand: the {} body does not decode: {error}{saved}",
                                reply.status,
                            ));
                            None
                        }
                    }
                } else {
                    None
                }
            }
        };

        // 2. Through the client, exactly as a user sends it.
        row.requests += 1;
        let client = example
            .and_then(|example| self.preferring.get(example.name))
            .unwrap_or(&self.client);
        match client.execute(request).await {
            Ok(response) => {
                row.accepted += 1;
                row.decoded += 1;
                if let Err(problem) = row.count_kind(operation, response.data(), expected) {
                    row.fail(format!("{what}: through the client: {problem}"));
                }
                // Static answers are the same example both times: the client must
                // read it exactly as plain serde does.
                if self.mode == Mode::Static
                    && let Some(by_hand) = by_hand
                    && by_hand != *response.data()
                {
                    row.fail(format!(
                        "{what}: the client decoded {:?}, but the same example sent by hand \
                         decodes as {by_hand:?}",
                        response.data()
                    ));
                }
            }
            Err(error) => {
                if let ErrorKind::Decode { .. } = error.kind() {
                    row.accepted += 1;
                }
                row.fail(format!("{what}: through the client: {error}"));
            }
        }
        if row.failures > failures_before {
            row.failed_checks += 1;
        }
    }

    /// Writes a failing body to the `--save-failures` folder; returns a note
    /// naming the file, to append to the failure message.
    fn save(&self, row: &mut Row, body: &[u8]) -> String {
        let Some(dir) = &self.save_failures else {
            return String::new();
        };
        if row.saved >= MAX_SAVED {
            return String::new();
        }
        row.saved += 1;
        // Numbered across all rows and tasks, so that no two failures share a file.
        static SAVED: AtomicUsize = AtomicUsize::new(0);
        let number = SAVED.fetch_add(1, Ordering::Relaxed) + 1;
        let path = dir.join(format!("{number:03}-{}-{}.json", row.operation, row.mode));
        match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, body)) {
            Ok(()) => format!(" (body saved to {})", path.display()),
            Err(error) => format!(" (could not save the body to {}: {error})", path.display()),
        }
    }

    /// Sends exactly what [`Client::prepare`] describes (plus the `Prefer`
    /// header) and returns Prism's answer.
    async fn send_by_hand<T>(
        &self,
        request: &RequestSpec<T>,
        example: Option<&str>,
    ) -> Result<Reply, String> {
        let prepared = self
            .client
            .prepare(request)
            .map_err(|error| format!("Client::prepare failed: {error}"))?;
        let mut headers = prepared.headers().to_vec();
        if let Some(name) = example {
            let value = prefer_value(name)?;
            let value = value.to_str().map_err(|error| error.to_string())?;
            headers.push(("prefer".to_owned(), value.to_owned()));
        }
        self.http
            .send(HttpRequest {
                method: prepared.method().as_str().to_owned(),
                url: prepared.url().to_owned(),
                headers,
                body: prepared.into_body(),
            })
            .await
    }
}

fn prefer_value(example: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(&format!("example={example}"))
        .map_err(|_| format!("the example name {example:?} cannot be sent in a header"))
}

/// The start of a body, as text, for failure messages.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text.chars().take(SNIPPET_CHARS).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// The results for one operation against one Prism.
struct Row {
    operation: &'static str,
    mode: Mode,
    /// Inputs checked (each sent by hand and through the client).
    checks: usize,
    /// Inputs with at least one failure.
    failed_checks: usize,
    /// HTTP requests sent.
    requests: usize,
    /// Requests answered `2xx` (sent by hand: also without `sl-violations`).
    accepted: usize,
    /// Success bodies that decoded into the operation's response type.
    decoded: usize,
    /// The decoded bodies by kind (adding up to `decoded`).
    kinds: BTreeMap<&'static str, usize>,
    /// Problems found.
    failures: usize,
    /// The first [`MAX_DETAILS`] problems in full.
    details: Vec<String>,
    /// Bodies written to `--save-failures`.
    saved: usize,
}

impl Row {
    fn new(operation: &'static str, mode: Mode) -> Self {
        Self {
            operation,
            mode,
            checks: 0,
            failed_checks: 0,
            requests: 0,
            accepted: 0,
            decoded: 0,
            kinds: BTreeMap::new(),
            failures: 0,
            details: Vec::new(),
            saved: 0,
        }
    }

    /// Adds the counts and failures of `other` (the same operation and mode,
    /// driven against another Prism).
    fn absorb(&mut self, other: Self) {
        self.checks += other.checks;
        self.failed_checks += other.failed_checks;
        self.requests += other.requests;
        self.accepted += other.accepted;
        self.decoded += other.decoded;
        for (kind, count) in other.kinds {
            *self.kinds.entry(kind).or_default() += count;
        }
        self.failures += other.failures;
        self.saved += other.saved;
        let room = MAX_DETAILS.saturating_sub(self.details.len());
        self.details.extend(other.details.into_iter().take(room));
    }

    /// Counts a decoded body by its kind; an error if the schema allows no
    /// such kind, or if it is not the kind of the example asked for.
    fn count_kind<T: Debug>(
        &mut self,
        operation: &Operation<T>,
        data: &T,
        expected: Option<&'static str>,
    ) -> Result<(), String> {
        let kind = (operation.kind_of)(data);
        *self.kinds.entry(kind).or_default() += 1;
        if !operation.kinds.contains(&kind) {
            let shown = snippet(format!("{data:?}").as_bytes());
            return Err(format!(
                "decoded as a body of no kind the schema allows ({kind}): {shown}"
            ));
        }
        match expected {
            Some(expected) if expected != kind => Err(format!(
                "the example shows a {expected} body, but it decoded as a {kind} one"
            )),
            _ => Ok(()),
        }
    }

    /// Fails unless a body of every kind in `kinds` was decoded.
    fn require_every_kind(&mut self, kinds: &[&'static str]) {
        for kind in kinds {
            if self.kinds.get(kind).copied().unwrap_or(0) == 0 {
                self.fail(format!(
                    "no {kind} body among the {} decoded: every kind the schema allows must \
                     be seen (in dynamic mode Prism picks a `oneOf` member at random, so very \
                     few rounds can miss one)",
                    self.decoded
                ));
            }
        }
    }

    /// The per-kind counts, as `guild 196, group DM 204`.
    fn kinds_text(&self) -> String {
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect();
        kinds.join(", ")
    }

    fn fail(&mut self, message: String) {
        self.failures += 1;
        if self.details.len() < MAX_DETAILS {
            self.details.push(message);
        }
    }
}

/// Every row, plus problems that belong to no row.
#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    problems: Vec<String>,
}

impl Report {
    fn failed(&self) -> bool {
        !self.problems.is_empty() || self.rows.iter().any(|row| row.failures > 0)
    }

    fn render(&self, elapsed: Duration) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{:<22} {:<8} {:>8} {:>8} {:>8} {:>8}  decoded by kind",
            "operation", "mode", "requests", "accepted", "decoded", "failures"
        );
        for row in &self.rows {
            let _ = writeln!(
                text,
                "{:<22} {:<8} {:>8} {:>8} {:>8} {:>8}  {}",
                row.operation,
                row.mode,
                row.requests,
                row.accepted,
                row.decoded,
                row.failures,
                row.kinds_text()
            );
        }
        for row in self.rows.iter().filter(|row| row.failures > 0) {
            let _ = writeln!(
                text,
                "\nfailures of {} ({}), {} in all:",
                row.operation, row.mode, row.failures
            );
            for detail in &row.details {
                let _ = writeln!(text, "  - {detail}");
            }
            if row.failures > row.details.len() {
                let _ = writeln!(text, "  … and {} more", row.failures - row.details.len());
            }
        }
        if !self.problems.is_empty() {
            text.push('\n');
            for problem in &self.problems {
                let _ = writeln!(text, "error: {problem}");
            }
        }
        let checks: usize = self.rows.iter().map(|row| row.checks).sum();
        let failed: usize =
            self.rows.iter().map(|row| row.failed_checks).sum::<usize>() + self.problems.len();
        let _ = writeln!(
            text,
            "\n(each check sends one input twice: by hand from Client::prepare, to read Prism's \
             status and `{VIOLATIONS_HEADER}` header, and through Client::execute; {:.1} s)",
            elapsed.as_secs_f64()
        );
        let _ = writeln!(
            text,
            "conformance: {} passed, {failed} failed",
            checks - failed.min(checks)
        );
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn parses_arguments() {
        let args = Args::parse(&strings(&[
            "--static-base-url",
            "http://127.0.0.1:1/",
            "--dynamic-rounds",
            "5",
        ]))
        .unwrap();
        assert_eq!(args.static_base_url.as_deref(), Some("http://127.0.0.1:1/"));
        assert!(args.dynamic_base_urls.is_empty());
        assert_eq!(args.dynamic_rounds, 5);
        for bad in [
            &[][..],
            &["--static-base-url"][..],
            &["--dynamic-base-url", "u", "--dynamic-rounds", "0"][..],
            &["--dynamic-base-url", "u", "--what"][..],
        ] {
            assert!(Args::parse(&strings(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_input_is_valid() {
        for case in create_channel_invite().cases {
            assert!(case.request.is_ok(), "{}", case.label);
        }
        for case in create_private_channel().cases {
            assert!(case.request.is_ok(), "{}", case.label);
        }
    }

    #[test]
    fn invites_are_counted_by_kind() {
        let operation = create_channel_invite();
        let guild: Invite = serde_json::from_str(include_str!(
            "../../generated-client/tests/fixtures/invite.json"
        ))
        .unwrap();
        let group_dm: Invite = serde_json::from_str(include_str!(
            "../../generated-client/tests/fixtures/invite_group_dm.json"
        ))
        .unwrap();
        let pack: Invite = serde_json::from_value(serde_json::json!({"type": 2})).unwrap();

        let mut row = Row::new("createChannelInvite", Mode::Dynamic);
        assert_eq!(row.count_kind(&operation, &guild, None), Ok(()));
        assert_eq!(
            row.count_kind(&operation, &guild, Some(GUILD_INVITE)),
            Ok(())
        );
        // An example that decodes as another kind than it shows.
        let wrong = row.count_kind(&operation, &group_dm, Some(GUILD_INVITE));
        assert!(wrong.unwrap_err().contains("decoded as a group DM one"));
        // Prism can only generate what the schema allows: an unknown type is a failure.
        let unknown = row.count_kind(&operation, &pack, None);
        assert!(unknown.unwrap_err().contains("no kind the schema allows"));
        assert_eq!(row.kinds_text(), "group DM 1, guild 2, unknown-type 1");

        // Both kinds were seen: nothing to add.
        row.require_every_kind(operation.kinds);
        assert_eq!(row.failures, 0);
        let mut only_guilds = Row::new("createChannelInvite", Mode::Dynamic);
        only_guilds.decoded = 1;
        only_guilds.count_kind(&operation, &guild, None).unwrap();
        only_guilds.require_every_kind(operation.kinds);
        assert_eq!(only_guilds.failures, 1);
        assert!(only_guilds.details[0].starts_with("no group DM body among the 1 decoded"));

        // Rows of several Prisms add up.
        row.absorb(only_guilds);
        assert_eq!(row.kinds_text(), "group DM 1, guild 3, unknown-type 1");
    }

    #[test]
    fn every_example_and_kind_is_named_once() {
        let invite = create_channel_invite();
        let channel = create_private_channel();
        for (examples, kinds) in [
            (invite.examples, invite.kinds),
            (channel.examples, channel.kinds),
        ] {
            for example in examples {
                assert!(kinds.contains(&example.kind), "{example:?}");
            }
            // The schema's examples show every kind.
            for kind in kinds {
                assert!(
                    examples.iter().any(|example| example.kind == *kind),
                    "{kind}"
                );
            }
        }
    }
}
