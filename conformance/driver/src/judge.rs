//! What one driven sample proves: Prism's verdict on the request and the
//! client's reading of the answer, judged into counts and failures.

use std::fmt;

/// What driving one sample gave: the generated `main.rs` produces it from
/// the generated client, without this crate knowing the client's types.
#[derive(Debug)]
pub enum Outcome {
    /// The client's own `Validate` refused the arguments: a false rejection,
    /// since every sample is valid (a bug in validation, or in the sampler).
    Refused(String),
    /// The request could not be built: the sample does not decode into the
    /// argument types, or the client could not encode it.
    NotBuilt(String),
    /// The request was sent twice: once by hand exactly as the client
    /// prepared it, to read Prism's verdict, and once through the client.
    Sent {
        /// Prism's answer to the request sent by hand.
        reply: Result<Reply, String>,
        /// Whether that answer's body decoded into the operation's success
        /// type (as the client decodes it); `None` when not tried (not 2xx,
        /// or a body taken as bytes).
        by_hand: Option<Result<(), String>>,
        /// The client's result for the same request: `Ok` when it decoded a
        /// success body, `Err` with the error's kind and text otherwise.
        client: Result<(), ClientError>,
    },
}

/// How sending through the client failed.
#[derive(Debug)]
pub struct ClientError {
    /// The status of a non-success answer (`ErrorKind::Api`), if that was the failure.
    pub status: Option<u16>,
    /// Whether the failure is a decode error of a success body.
    pub decode: bool,
    /// The error as the client displays it.
    pub message: String,
}

/// What Prism answered to a request sent by hand.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `sl-violations` header, where Prism lists validation problems.
    pub violations: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A kind of failure, one column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailureKind {
    /// The client's `Validate` refused a valid sample.
    FalseRejection,
    /// The request could not be built from a valid sample.
    NotBuilt,
    /// Prism rejected the request (or listed request violations).
    Rejected,
    /// A success body the client could not decode.
    Undecodable,
    /// A response Prism itself flagged (strict runs only).
    ResponseViolation,
    /// No answer at all.
    NoAnswer,
    /// An invalid sample the client did not refuse, or refused with
    /// another constraint than the one broken.
    NotRefused,
}

impl FailureKind {
    /// Every kind, in column order.
    pub const ALL: [FailureKind; 7] = [
        FailureKind::FalseRejection,
        FailureKind::NotBuilt,
        FailureKind::Rejected,
        FailureKind::Undecodable,
        FailureKind::ResponseViolation,
        FailureKind::NoAnswer,
        FailureKind::NotRefused,
    ];

    /// The short column name.
    pub fn name(self) -> &'static str {
        match self {
            FailureKind::FalseRejection => "false-rej",
            FailureKind::NotBuilt => "unbuilt",
            FailureKind::Rejected => "rejected",
            FailureKind::Undecodable => "undecoded",
            FailureKind::ResponseViolation => "resp-viol",
            FailureKind::NoAnswer => "no-answer",
            FailureKind::NotRefused => "not-refused",
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How strictly answers are judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Strictness {
    /// Whether a response Prism flags (an example or generated body that
    /// breaks the document's own schema) fails the run. On for our own
    /// schema; off for other documents, whose examples are theirs to fix:
    /// there it is a note, and a body the client cannot decode next to such
    /// a flag is the document's, not the client's.
    pub responses: bool,
    /// Whether Prism answers the same request with the same body (the
    /// example server), so the client's answer is the one judged by hand.
    /// A dynamic Prism draws a new body each time: there, a body the client
    /// cannot decode is only a failure in strict runs, since Prism's verdict
    /// on it is not seen (the body sent by hand is decoded and judged).
    pub repeatable: bool,
}

/// One sample, judged.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Judged {
    /// HTTP requests sent.
    pub requests: usize,
    /// Whether Prism accepted the request.
    pub accepted: bool,
    /// Whether the client decoded a success body.
    pub decoded: bool,
    /// The failure, if any.
    pub failure: Option<(FailureKind, String)>,
    /// Why Prism could not answer (not a failure of the client: it is
    /// listed with the operation).
    pub prism_cannot: Option<String>,
    /// Something worth saying that is no failure (a response of the
    /// document that breaks its own schema, a documented non-success answer).
    pub note: Option<String>,
}

/// The Prism problem types that mean "this request is invalid".
const REJECTIONS: [&str; 8] = [
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "INVALID_CONTENT_TYPE",
    "NOT_ACCEPTABLE",
    "NO_SERVER_MATCHED_ERROR",
    "UNKNOWN_PARAMETER",
];

/// Why a `property2` that is `{}` is Prism's doing.
const PLACEHOLDER: &str = "Prism's example sampler wrote `{}` for the second entry \
    (`property2`) of a map of objects, which lacks the members the document requires";

/// What Prism says of a security scheme it does not check.
const UNSUPPORTED_SCHEME: &str = "do not support this type of security scheme";

/// The prefix of the `type` of Prism's own problem documents.
const PRISM_PROBLEM: &str = "https://stoplight.io/prism/errors#";

/// Judges the outcome of driving one valid sample.
pub fn judge(outcome: Outcome, strictness: Strictness) -> Judged {
    judge_with(outcome, strictness, &[])
}

/// [`judge`], knowing the members that close a cycle of the document's
/// types (`recursive`, by wire name): outside strict runs, a body that does
/// not decode below one of them is Prism's. Its faker writes values of the
/// wrong type that deep in a recursive schema (Mastodon's `Account.moved`
/// holding an account whose `bot` is a URL), and its validator, which reads
/// cycles only so deep, does not flag them.
pub fn judge_with(outcome: Outcome, strictness: Strictness, recursive: &[String]) -> Judged {
    let mut judged = Judged::default();
    let (reply, client) = match outcome {
        Outcome::Refused(message) => {
            judged.failure = Some((FailureKind::FalseRejection, message));
            return judged;
        }
        Outcome::NotBuilt(message) => {
            judged.failure = Some((FailureKind::NotBuilt, message));
            return judged;
        }
        Outcome::Sent {
            reply,
            by_hand,
            client,
        } => (reply, (by_hand, client)),
    };
    let (by_hand, client) = client;
    judged.requests = 2;
    let reply = match reply {
        Ok(reply) => reply,
        Err(message) => {
            judged.failure = Some((FailureKind::NoAnswer, message));
            return judged;
        }
    };
    let (request_violations, response_violations) = split_violations(reply.violations.as_deref());
    if let Some(code) = prism_problem(&reply) {
        if REJECTIONS.contains(&code.0.as_str()) {
            judged.failure = Some((
                FailureKind::Rejected,
                format!(
                    "Prism answered {} {}: {}{}",
                    reply.status,
                    code.0,
                    code.1,
                    violations_text(&request_violations)
                ),
            ));
        } else {
            judged.prism_cannot = Some(format!("{} {}: {}", reply.status, code.0, code.1));
        }
        return judged;
    }
    // Prism checks only the security schemes it knows (`http` `basic`,
    // `bearer` and `digest`, `apiKey`, OAuth2, OpenID Connect): another
    // `http` scheme (`Bot`) is its limit, not the request's fault.
    if !request_violations.is_empty()
        && request_violations
            .iter()
            .all(|violation| violation.contains(UNSUPPORTED_SCHEME))
    {
        judged.prism_cannot = Some(format!(
            "Prism cannot check this security scheme{}",
            violations_text(&request_violations)
        ));
        return judged;
    }
    if !request_violations.is_empty() {
        judged.failure = Some((
            FailureKind::Rejected,
            format!(
                "Prism answered {} and flagged the request{}",
                reply.status,
                violations_text(&request_violations)
            ),
        ));
        return judged;
    }
    judged.accepted = true;
    let flagged = !response_violations.is_empty();
    if flagged {
        let text = format!(
            "Prism flagged its own response{}",
            violations_text(&response_violations)
        );
        if strictness.responses {
            judged.failure = Some((FailureKind::ResponseViolation, text));
            return judged;
        }
        judged.note = Some(format!("the document's response breaks its schema: {text}"));
    }
    if let Some(Err(message)) = by_hand {
        if sampler_placeholder(&message, &reply.body) {
            judged.prism_cannot = Some(PLACEHOLDER.to_owned());
        } else if !strictness.responses
            && let Some(member) = below_recursion(&message, recursive)
        {
            judged.prism_cannot = Some(format!(
                "Prism's faker wrote a value of the wrong type below the recursive member \
                 `{member}`, which its validator does not check that deep"
            ));
        } else if !strictness.responses
            && message.contains("matches none of the forms")
            && let Some(member) = holds_recursion(&reply.body, recursive)
        {
            // An untagged union names no member's path: what failed cannot
            // be told from Prism's faker below a recursive member.
            judged.prism_cannot = Some(format!(
                "a union matched none of its forms in a body whose recursive member \
                 `{member}` Prism's faker fills, which its validator does not check that deep"
            ));
        } else if !flagged || strictness.responses {
            judged.failure = Some((
                FailureKind::Undecodable,
                format!(
                    "the {} answer does not decode: {message}; body: {}",
                    reply.status,
                    snippet(&reply.body)
                ),
            ));
        }
        return judged;
    }
    match client {
        Ok(()) => judged.decoded = true,
        Err(error) if error.decode && flagged && !strictness.responses => {}
        Err(error) if error.decode && !strictness.responses && !strictness.repeatable => {
            judged.note = Some(format!(
                "the client's own answer (another random body, whose verdict is not seen) \
                 did not decode: {}",
                snippet(error.message.as_bytes())
            ));
        }
        Err(error) if error.decode && sampler_placeholder(&error.message, &reply.body) => {
            judged.prism_cannot = Some(PLACEHOLDER.to_owned());
        }
        Err(ClientError {
            status: Some(status),
            message,
            ..
        }) if status >= 500 && (200..300).contains(&reply.status) => {
            // The same request, answered 2xx by hand: Prism failed on the
            // client's (it fails at random on some schemas, such as a
            // `pattern` its faker cannot read).
            judged.prism_cannot = Some(format!(
                "answered the client's request {status}: {}",
                snippet(message.as_bytes())
            ));
        }
        Err(error)
            if !error.decode && error.status.is_some() && (200..300).contains(&reply.status) =>
        {
            judged.failure = Some((
                FailureKind::Rejected,
                format!(
                    "Prism answered {} by hand but {} through the client: {}",
                    reply.status,
                    error.status.unwrap_or_default(),
                    error.message
                ),
            ));
        }
        Err(error) if error.status.is_none() && !error.decode => {
            judged.failure = Some((FailureKind::NoAnswer, error.message));
        }
        Err(error) if error.decode || (200..300).contains(&reply.status) => {
            judged.failure = Some((
                FailureKind::Undecodable,
                format!(
                    "the client could not read the {} answer: {}; body: {}",
                    reply.status,
                    error.message,
                    snippet(&reply.body)
                ),
            ));
        }
        Err(error) => {
            // A documented non-success answer (Prism answers the lowest
            // status the operation documents, which need not be 2xx).
            judged.note.get_or_insert_with(|| {
                format!(
                    "answered {}, a non-success status the operation documents ({})",
                    error.status.unwrap_or(reply.status),
                    snippet(error.message.as_bytes())
                )
            });
        }
    }
    judged
}

/// Judges the outcome of driving one invalid sample: the client must refuse
/// it before sending, naming the broken constraint.
pub fn judge_invalid(outcome: Outcome, constraint: &str) -> Judged {
    let mut judged = Judged::default();
    match outcome {
        Outcome::Refused(message) if message.contains(constraint) => {}
        Outcome::Refused(message) => {
            judged.failure = Some((
                FailureKind::NotRefused,
                format!("refused, but not for `{constraint}`: {message}"),
            ));
        }
        Outcome::NotBuilt(message) => {
            judged.failure = Some((
                FailureKind::NotRefused,
                format!("not refused by validation but not built: {message}"),
            ));
        }
        Outcome::Sent { .. } => {
            judged.requests = 2;
            judged.failure = Some((
                FailureKind::NotRefused,
                format!("sent although it breaks `{constraint}`"),
            ));
        }
    }
    judged
}

/// Whether a decode error is at a `property2` entry that is `{}` in the body:
/// what Prism's static sampler (openapi-sampler) writes for the second entry
/// of an `additionalProperties` map, whatever the entries' schema requires.
fn sampler_placeholder(message: &str, body: &[u8]) -> bool {
    let Some(path) = decode_path(message) else {
        return false;
    };
    let path = path.as_str();
    if !path.ends_with("property2") {
        return false;
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    for step in path.split('.') {
        let (key, indices) = step.split_once('[').unwrap_or((step, ""));
        if !key.is_empty() {
            let Some(next) = value.get_mut(key) else {
                return false;
            };
            value = next.take();
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            let Some(next) = index
                .trim_end_matches(']')
                .parse::<usize>()
                .ok()
                .and_then(|index| value.get_mut(index))
            else {
                return false;
            };
            value = next.take();
        }
    }
    value == serde_json::json!({})
}

/// A recursive member holding a value (not `null`) anywhere in `body`.
fn holds_recursion<'r>(body: &[u8], recursive: &'r [String]) -> Option<&'r str> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut stack = vec![&value];
    // Every node is visited once: bounded by the body's size.
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(object) => {
                for (key, member) in object {
                    if !member.is_null()
                        && let Some(name) = recursive.iter().find(|name| *name == key)
                    {
                        return Some(name);
                    }
                    stack.push(member);
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

/// The path of a decode error, `at `PATH`: …`, continued by the member's
/// own path where a tagged union's member failed (`at `.`: server.roles: …`).
fn decode_path(message: &str) -> Option<String> {
    let (path, rest) = message
        .split_once("at `")
        .and_then(|(_, rest)| rest.split_once('`'))?;
    let inner = rest
        .strip_prefix(": ")
        .and_then(|rest| rest.split_once(": "))
        .map(|(inner, _)| inner)
        .filter(|inner| !inner.is_empty() && !inner.contains(' '));
    let path = path.trim_start_matches('.');
    Some(match inner {
        Some(inner) if path.is_empty() => inner.to_owned(),
        Some(inner) => format!("{path}.{inner}"),
        None => path.to_owned(),
    })
}

/// The recursive member a decode error's path passes through, if any, and
/// not as its last step (the failing value itself is no deeper).
fn below_recursion<'r>(message: &str, recursive: &'r [String]) -> Option<&'r str> {
    let path = decode_path(message)?;
    let steps: Vec<&str> = path
        .split('.')
        .map(|step| step.split('[').next().unwrap_or(step))
        .collect();
    let (_, above) = steps.split_last()?;
    recursive
        .iter()
        .find(|member| above.contains(&member.as_str()))
        .map(String::as_str)
}

/// The `(code, title and detail)` of a Prism problem document.
fn prism_problem(reply: &Reply) -> Option<(String, String)> {
    if reply.status < 400 {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(&reply.body).ok()?;
    let code = value.get("type")?.as_str()?.strip_prefix(PRISM_PROBLEM)?;
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).unwrap_or_default();
    Some((
        code.to_owned(),
        format!("{} {}", text("title"), snippet(text("detail").as_bytes())),
    ))
}

/// Splits `sl-violations` into the request's and the response's, as texts.
/// A header that cannot be read counts against the request.
fn split_violations(header: Option<&str>) -> (Vec<String>, Vec<String>) {
    let Some(header) = header else {
        return (Vec::new(), Vec::new());
    };
    // Prism shortens a long list: `Too many violations! [...]`, cut anywhere.
    let list = header
        .strip_prefix("Too many violations!")
        .map_or(header, str::trim_start);
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(list) else {
        // Cut: judge by the locations that can still be read.
        let (mut request, mut response) = (Vec::new(), Vec::new());
        if list.contains(r#""location":["request""#) {
            request.push(snippet(list.as_bytes()));
        } else if list.contains(r#""location":["response""#) {
            response.push(snippet(list.as_bytes()));
        } else {
            request.push(header.to_owned());
        }
        return (request, response);
    };
    let (mut request, mut response) = (Vec::new(), Vec::new());
    for item in items {
        let location: Vec<&str> = item
            .get("location")
            .and_then(|l| l.as_array())
            .map(|l| l.iter().filter_map(|p| p.as_str()).collect())
            .unwrap_or_default();
        let message = item
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or_default();
        let text = format!("{}: {message}", location.join("."));
        if location.first() == Some(&"response") {
            response.push(text);
        } else {
            request.push(text);
        }
    }
    (request, response)
}

fn violations_text(violations: &[String]) -> String {
    if violations.is_empty() {
        String::new()
    } else {
        format!(" ({})", violations.join("; "))
    }
}

/// The start of a body, as text, for failure messages.
pub fn snippet(body: &[u8]) -> String {
    const CHARS: usize = 300;
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text.chars().take(CHARS).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(
        status: u16,
        violations: Option<&str>,
        body: &str,
        client: Result<(), ClientError>,
    ) -> Outcome {
        Outcome::Sent {
            reply: Ok(Reply {
                status,
                violations: violations.map(str::to_owned),
                body: body.as_bytes().to_vec(),
            }),
            by_hand: None,
            client,
        }
    }

    fn decode_error() -> Result<(), ClientError> {
        Err(ClientError {
            status: None,
            decode: true,
            message: "missing field `id`".to_owned(),
        })
    }

    const LAX: Strictness = Strictness {
        responses: false,
        repeatable: true,
    };
    const STRICT: Strictness = Strictness {
        responses: true,
        repeatable: true,
    };

    #[test]
    fn an_accepted_and_decoded_request_passes() {
        let judged = judge(sent(200, None, "{}", Ok(())), STRICT);
        assert_eq!(
            judged,
            Judged {
                requests: 2,
                accepted: true,
                decoded: true,
                ..Judged::default()
            }
        );
    }

    #[test]
    fn a_request_prism_rejects_fails() {
        // A query parameter serialised in the wrong style: Prism answers 422.
        let body = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"Your request is not valid"}"#;
        let violations = r#"[{"location":["request","query","status"],"severity":"Error","code":"enum","message":"must be equal to one of the allowed values"}]"#;
        let api_error = Err(ClientError {
            status: Some(422),
            decode: false,
            message: "422".to_owned(),
        });
        let judged = judge(sent(422, Some(violations), body, api_error), LAX);
        let (kind, message) = judged.failure.unwrap();
        assert_eq!(kind, FailureKind::Rejected);
        assert!(message.contains("request.query.status"), "{message}");
        assert!(!judged.accepted);
    }

    #[test]
    fn request_violations_fail_even_with_a_documented_answer() {
        let violations = r#"[{"location":["request","body","name"],"message":"must be string"}]"#;
        let judged = judge(sent(400, Some(violations), "{}", Ok(())), LAX);
        assert_eq!(judged.failure.unwrap().0, FailureKind::Rejected);
    }

    #[test]
    fn a_body_the_client_cannot_decode_fails() {
        let judged = judge(sent(200, None, r#"{"name":1}"#, decode_error()), LAX);
        assert_eq!(judged.failure.unwrap().0, FailureKind::Undecodable);
    }

    #[test]
    fn a_response_breaking_its_own_schema_is_a_note_unless_strict() {
        let violations =
            r#"[{"location":["response","body"],"message":"must have required property 'id'"}]"#;
        let lax = judge(sent(200, Some(violations), "{}", decode_error()), LAX);
        assert_eq!(lax.failure, None);
        assert!(lax.accepted && !lax.decoded);
        assert!(lax.note.unwrap().contains("required property"));
        let strict = judge(sent(200, Some(violations), "{}", Ok(())), STRICT);
        assert_eq!(strict.failure.unwrap().0, FailureKind::ResponseViolation);
    }

    #[test]
    fn the_samplers_empty_second_map_entry_is_prisms() {
        let body = r#"{"server":{"roles":{"property1":{"name":"a"},"property2":{}}}}"#;
        let error = |path: &str| {
            Err(ClientError {
                status: None,
                decode: true,
                message: format!("could not decode (HTTP 200) at `{path}`: missing field `name`"),
            })
        };
        let judged = judge(
            sent(200, None, body, error("server.roles.property2")),
            STRICT,
        );
        assert_eq!(judged.failure, None);
        assert!(judged.prism_cannot.unwrap().contains("property2"));
        // Inside a tagged union's member, the member's own path continues it.
        let judged = judge(
            sent(
                200,
                None,
                body,
                error(".`: server.roles.property2: missing field `name"),
            ),
            STRICT,
        );
        assert_eq!(judged.failure, None);
        // Anywhere else, or not empty, it is the client's failure.
        let judged = judge(
            sent(200, None, body, error("server.roles.property1")),
            STRICT,
        );
        assert_eq!(judged.failure.unwrap().0, FailureKind::Undecodable);
    }

    #[test]
    fn the_body_sent_by_hand_is_decoded_and_judged_with_its_flags() {
        let by_hand = |violations: Option<&str>| Outcome::Sent {
            reply: Ok(Reply {
                status: 200,
                violations: violations.map(str::to_owned),
                body: b"{}".to_vec(),
            }),
            by_hand: Some(Err("at `id`: missing field `id`".to_owned())),
            client: Ok(()),
        };
        assert_eq!(
            judge(by_hand(None), LAX).failure.unwrap().0,
            FailureKind::Undecodable
        );
        let flagged =
            r#"[{"location":["response","body"],"message":"must have required property 'id'"}]"#;
        assert_eq!(judge(by_hand(Some(flagged)), LAX).failure, None);
        // A dynamic Prism's other body: not judged unless strict.
        let dynamic = Strictness {
            responses: false,
            repeatable: false,
        };
        let judged = judge(sent(200, None, "{}", decode_error()), dynamic);
        assert_eq!(judged.failure, None);
        assert!(judged.note.unwrap().contains("another random body"));
    }

    #[test]
    fn a_wrong_value_below_a_recursive_member_is_prisms_unless_strict() {
        let outcome = || Outcome::Sent {
            reply: Ok(Reply {
                status: 200,
                violations: None,
                body: b"{}".to_vec(),
            }),
            by_hand: Some(Err(
                "at `account.moved.bot`: invalid type: string, expected a boolean".to_owned(),
            )),
            client: Ok(()),
        };
        let recursive = ["moved".to_owned()];
        let judged = judge_with(outcome(), LAX, &recursive);
        assert_eq!(judged.failure, None);
        assert!(judged.prism_cannot.unwrap().contains("`moved`"));
        assert!(judge_with(outcome(), STRICT, &recursive).failure.is_some());
        assert!(
            judge_with(outcome(), LAX, &["bot".to_owned()])
                .failure
                .is_some()
        );
        // An untagged union that matched none of its forms names no path.
        let union = |body: &str| Outcome::Sent {
            reply: Ok(Reply {
                status: 200,
                violations: None,
                body: body.as_bytes().to_vec(),
            }),
            by_hand: Some(Err(
                "at `.`: the value matches none of the forms of `R`".to_owned()
            )),
            client: Ok(()),
        };
        let deep = r#"{"account":{"moved":{"bot":"https://x"}}}"#;
        assert_eq!(judge_with(union(deep), LAX, &recursive).failure, None);
        let flat = r#"{"account":{"moved":null}}"#;
        assert!(judge_with(union(flat), LAX, &recursive).failure.is_some());
    }

    #[test]
    fn a_shortened_violation_list_is_still_read() {
        let cut = r#"Too many violations! [{"location":["response","body","quote"],"severity":"Error","message":"must match"},{"location":["response","bo"#;
        let judged = judge(sent(200, Some(cut), "{}", Ok(())), LAX);
        assert_eq!(judged.failure, None);
        assert!(judged.note.is_some());
        let cut = r#"Too many violations! [{"location":["request","query","x"],"message":"must"#;
        assert_eq!(
            judge(sent(200, Some(cut), "{}", Ok(())), LAX)
                .failure
                .unwrap()
                .0,
            FailureKind::Rejected
        );
    }

    #[test]
    fn what_prism_cannot_do_is_no_failure() {
        let body = r#"{"type":"https://stoplight.io/prism/errors#NO_RESPONSE_DEFINED","title":"No response defined","detail":"x"}"#;
        let judged = judge(sent(500, None, body, Ok(())), STRICT);
        assert_eq!(judged.failure, None);
        assert!(judged.prism_cannot.unwrap().contains("NO_RESPONSE_DEFINED"));
    }

    #[test]
    fn a_security_scheme_prism_does_not_check_is_its_limit() {
        let violations = r#"[{"location":["request"],"severity":"Error","message":"We currently do not support this type of security scheme: http/bot"}]"#;
        let judged = judge(sent(204, Some(violations), "", Ok(())), STRICT);
        assert_eq!(judged.failure, None);
        assert!(judged.prism_cannot.unwrap().contains("http/bot"));
        // Any other violation beside it is still the request's.
        let both = r#"[{"location":["request"],"severity":"Error","message":"We currently do not support this type of security scheme: http/bot"},{"location":["request","query","a"],"severity":"Error","message":"must be integer"}]"#;
        let judged = judge(sent(204, Some(both), "", Ok(())), STRICT);
        assert_eq!(judged.failure.unwrap().0, FailureKind::Rejected);
    }

    #[test]
    fn a_documented_error_answer_is_a_note() {
        let api_error = Err(ClientError {
            status: Some(404),
            decode: false,
            message: "404 Not Found".to_owned(),
        });
        let judged = judge(sent(404, None, "{}", api_error), STRICT);
        assert_eq!(judged.failure, None);
        assert!(judged.accepted && !judged.decoded);
        assert!(judged.note.unwrap().contains("404"));
    }

    #[test]
    fn refusing_a_valid_sample_fails() {
        let judged = judge(
            Outcome::Refused("`limit` must be at most 99".to_owned()),
            LAX,
        );
        assert_eq!(judged.failure.unwrap().0, FailureKind::FalseRejection);
        let judged = judge(Outcome::NotBuilt("bad args".to_owned()), LAX);
        assert_eq!(judged.failure.unwrap().0, FailureKind::NotBuilt);
    }

    #[test]
    fn an_invalid_sample_must_be_refused_for_its_constraint() {
        let refused = Outcome::Refused("`limit`: must be at most 100 (got 101)".to_owned());
        assert_eq!(judge_invalid(refused, "at most 100").failure, None);
        let other = Outcome::Refused("`name`: must be at most 3 characters long".to_owned());
        assert_eq!(
            judge_invalid(other, "at most 100").failure.unwrap().0,
            FailureKind::NotRefused
        );
        let sent = sent(200, None, "{}", Ok(()));
        assert_eq!(
            judge_invalid(sent, "at most 100").failure.unwrap().0,
            FailureKind::NotRefused
        );
    }
}
