//! The driver crate written for one document: a `Cargo.toml` and a
//! `main.rs` that lists every operation with a function reading its
//! arguments from a sample's JSON and calling the generated function; the
//! `conformance-driver` library does the rest. Rendered from the IR, so
//! adding an operation to a document needs no driver code.

use std::fmt::Write as _;
use std::path::Path;

use generator::ir::{
    Api, ArgumentValue, BodyKind, Field, Operation, Param, Passing, SchemeKind, TyKind, TypeKind,
};

use super::plan::reads_bytes;

/// The driver's `Cargo.toml`: the client and the driver library by path.
pub fn manifest(client: &Path, driver_library: &Path) -> String {
    format!(
        "[package]\nname = \"conformance-run\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nfluxer-client = {{ path = {client:?} }}\nconformance-driver = {{ path = {driver_library:?} }}\n\
         serde = \"1\"\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\nreqwest = {{ version = \"0.13\", default-features = false }}\n",
        client = client.display().to_string(),
        driver_library = driver_library.display().to_string(),
    )
}

/// The driver's `main.rs`: one function per driven operation (`skipped`
/// lists those the plan skips, which get none), and the client's
/// credentials: one for every security scheme of the document, so each
/// operation's requests carry what its `security` asks for.
pub fn main_rs(api: &Api, skipped: &[&str]) -> String {
    let mut text = String::from(PRELUDE);
    text.push_str(&credentials_fn(api));
    let driven: Vec<&Operation> = api
        .operations
        .values()
        .filter(|operation| !skipped.contains(&operation.operation_id.as_str()))
        .collect();
    text.push_str("static TABLE: &[Operation<Client>] = &[\n");
    for operation in &driven {
        let _ = writeln!(
            text,
            "    Operation {{ id: {:?}, drive: op_{} }},",
            operation.operation_id, operation.fn_name
        );
    }
    text.push_str("];\n");
    for operation in &driven {
        text.push('\n');
        text.push_str(&operation_fn(api, operation));
    }
    text
}

/// `fn credentials()`: a secret for every scheme the client can send
/// (`mutualTLS` is set up on the HTTP client, not sent).
fn credentials_fn(api: &Api) -> String {
    let mut text = String::from("fn credentials() -> Credentials {\n    Credentials::none()");
    for scheme in api.security_schemes.values() {
        let name = &scheme.static_name;
        match &scheme.kind {
            SchemeKind::MutualTls => continue,
            SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case("basic") => {
                let _ = write!(
                    text,
                    "\n        .and(Credentials::basic(&fluxer_client::security::{name}, \"conformance\", driver::TOKEN))"
                );
            }
            _ => {
                let _ = write!(
                    text,
                    "\n        .and(Credentials::token(&fluxer_client::security::{name}, driver::TOKEN))"
                );
            }
        }
    }
    text.push_str("\n}\n\n");
    text
}

/// The fixed part: `main`, the client, and sending one request both ways.
const PRELUDE: &str = r#"//! Written by `cargo xtask conformance` for one document; not checked in.
#![allow(unused_mut, unused_variables, dead_code, deprecated, clippy::all)]

use std::sync::Arc;

use conformance_driver::{self as driver, ClientError, Driven, Http, Operation, Outcome, arg};
use fluxer_client::request::RequestSpec;
use fluxer_client::{Client, Credentials, Error, ErrorKind, RetryConfig, operations};

fn main() -> std::process::ExitCode {
    driver::main(TABLE, client)
}

fn client(base_url: &str) -> Result<Client, String> {
    let http = reqwest::Client::builder()
        .timeout(driver::REQUEST_TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    Client::builder()
        .base_url(base_url)
        .credentials(credentials())
        .timeout(driver::REQUEST_TIMEOUT)
        // Each request is judged as it was answered, not after a retry.
        .retries(RetryConfig::disabled())
        .http_client(http)
        .build()
        .map_err(|e| format!("cannot build a client for {base_url}: {e}"))
}

/// The file every multipart sample sends where its schema has one.
fn driver_file() -> fluxer_client::request::File {
    fluxer_client::request::File::new("conformance.bin", b"conformance".to_vec())
}

fn built<T>(spec: Result<RequestSpec<T>, Error>) -> Result<RequestSpec<T>, Outcome> {
    spec.map_err(|error| {
        if error.is_validation() {
            Outcome::Refused(error.to_string())
        } else {
            Outcome::NotBuilt(error.to_string())
        }
    })
}

fn by_hand<T>(client: &Client, spec: &RequestSpec<T>) -> Result<driver::Request, Outcome> {
    let prepared = client.prepare(spec).map_err(|e| Outcome::NotBuilt(e.to_string()))?;
    let headers = prepared.headers().to_vec();
    Ok(driver::Request {
        method: prepared.method().as_str().to_owned(),
        url: prepared.url().to_owned(),
        headers,
        body: prepared.into_body(),
    })
}

fn client_error(error: Error) -> ClientError {
    ClientError {
        status: error.status(),
        decode: matches!(error.kind(), ErrorKind::Decode { .. }),
        message: error.to_string(),
    }
}

/// Decodes a success body as the client does: empty is `null`.
fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .map(drop)
        .map_err(|error| format!("at `{}`: {}", error.path(), error.inner()))
}

async fn send<T: serde::de::DeserializeOwned>(client: &Client, http: &Http, spec: Result<RequestSpec<T>, Error>) -> Outcome {
    let spec = match built(spec) {
        Ok(spec) => spec,
        Err(outcome) => return outcome,
    };
    let request = match by_hand(client, &spec) {
        Ok(request) => request,
        Err(outcome) => return outcome,
    };
    let reply = http.send(request).await;
    let decoded = match &reply {
        Ok(reply) if (200..300).contains(&reply.status) => Some(decode::<T>(&reply.body)),
        _ => None,
    };
    let result = client.execute(spec).await.map(drop).map_err(client_error);
    Outcome::Sent { reply, by_hand: decoded, client: result }
}

async fn send_bytes(client: &Client, http: &Http, spec: Result<RequestSpec<Vec<u8>>, Error>) -> Outcome {
    let spec = match built(spec) {
        Ok(spec) => spec,
        Err(outcome) => return outcome,
    };
    let request = match by_hand(client, &spec) {
        Ok(request) => request,
        Err(outcome) => return outcome,
    };
    let reply = http.send(request).await;
    let result = client.execute_bytes(spec).await.map(drop).map_err(client_error);
    Outcome::Sent { reply, by_hand: None, client: result }
}

"#;

/// One operation's function.
fn operation_fn(api: &Api, operation: &Operation) -> String {
    let mut body = String::new();
    let mut call = Vec::new();
    let param = |argument: ArgumentValue| -> Option<&Param> {
        match argument {
            ArgumentValue::Path(index) => operation.path_params.get(index),
            ArgumentValue::Query(index) => operation.query_params.get(index),
            ArgumentValue::Header(index) => operation.header_params.get(index),
            ArgumentValue::Cookie(index) => operation.cookie_params.get(index),
            _ => None,
        }
    };
    for (index, argument) in operation.arguments.iter().enumerate() {
        let local = format!("a{index}");
        let name = &argument.name;
        match argument.value {
            ArgumentValue::Body => {
                if let Some((struct_name, fields)) = multipart_struct(api, operation) {
                    let _ = writeln!(
                        body,
                        "        let {local}_args: serde_json::Value = arg(&args, {name:?})?;"
                    );
                    let _ = writeln!(
                        body,
                        "        let {local} = fluxer_client::models::{struct_name} {{"
                    );
                    for field in fields {
                        let _ = writeln!(
                            body,
                            "            {}: {},",
                            field.name,
                            form_member(field, &format!("{local}_args"))
                        );
                    }
                    let _ = writeln!(body, "        }};");
                    call.push(format!("&{local}"));
                    continue;
                }
                let required = operation.body.as_ref().is_some_and(|b| b.required);
                let ty = match operation.body.as_ref().map(|b| &b.kind) {
                    Some(generator::ir::BodyKind::Text(_)) => "String",
                    Some(generator::ir::BodyKind::Binary(_)) => "Vec<u8>",
                    _ => "_",
                };
                if required {
                    let _ = writeln!(body, "        let {local}: {ty} = arg(&args, {name:?})?;");
                    call.push(match ty {
                        "String" => format!("{local}.as_str()"),
                        "Vec<u8>" => format!("{local}.as_slice()"),
                        _ => format!("&{local}"),
                    });
                } else {
                    let _ = writeln!(
                        body,
                        "        let {local}: Option<{ty}> = arg(&args, {name:?})?;"
                    );
                    call.push(if ty == "_" {
                        format!("{local}.as_ref()")
                    } else {
                        format!("{local}.as_deref()")
                    });
                }
            }
            ArgumentValue::Options => {
                let Some(options) = &operation.options else {
                    continue;
                };
                let _ = writeln!(
                    body,
                    "        let mut {local} = operations::{}::default();",
                    options.name
                );
                let optional = operation
                    .query_params
                    .iter()
                    .chain(&operation.header_params)
                    .chain(&operation.cookie_params)
                    .filter(|param| !param.required);
                for (field, param) in optional.enumerate() {
                    let value = format!("{local}_{field}");
                    let passing = passed(param.passing);
                    let _ = writeln!(
                        body,
                        "        let {value}: Option<{}> = arg(&args, {:?})?;",
                        passing.ty, param.name
                    );
                    let setter = &param.name;
                    let _ = writeln!(
                        body,
                        "        if let Some(value) = {}{value} {{ {local} = {local}.{setter}({}); }}",
                        passing.borrow, passing.option
                    );
                }
                call.push(format!("&{local}"));
            }
            value => {
                let Some(param) = param(value) else { continue };
                let passing = passed(param.passing);
                let _ = writeln!(
                    body,
                    "        let {local}: {} = arg(&args, {name:?})?;",
                    passing.ty
                );
                call.push(passing.positional.replace("LOCAL", &local));
            }
        }
    }
    let sender = if reads_bytes(operation) {
        "send_bytes"
    } else {
        "send"
    };
    format!(
        "fn op_{fn_name}(client: Arc<Client>, http: Arc<Http>, args: Arc<serde_json::Value>) -> Driven {{\n\
         \x20   Box::pin(async move {{\n\
         \x20       let spec = (|| -> Result<_, Outcome> {{\n{body}\
         \x20           Ok(operations::{fn_name}({call}))\n\
         \x20       }})();\n\
         \x20       match spec {{\n\
         \x20           Ok(spec) => {sender}(&client, &http, spec).await,\n\
         \x20           Err(outcome) => outcome,\n\
         \x20       }}\n\
         \x20   }})\n\
         }}\n",
        fn_name = operation.fn_name,
        call = call.join(", "),
    )
    .replace("\n        let ", "\n            let ")
    .replace("\n        if let", "\n            if let")
}

/// The struct of an operation's required `multipart/form-data` body, and its
/// members: such a struct is built member by member (its files are not
/// JSON), where every other body is read from its sample whole.
pub(super) fn multipart_struct<'a>(
    api: &'a Api,
    operation: &Operation,
) -> Option<(&'a str, &'a [Field])> {
    let body = operation.body.as_ref().filter(|body| body.required)?;
    let BodyKind::Multipart(Some(ty)) = &body.kind else {
        return None;
    };
    let TyKind::Named(name) = &ty.kind else {
        return None;
    };
    let (name, def) = api.types.get_key_value(name)?;
    match &def.kind {
        TypeKind::Struct(s) if s.form.is_some() => Some((name.as_str(), s.fields.as_slice())),
        _ => None,
    }
}

/// The expression of one member of a multipart struct, read from the
/// sample `args` (a file, or a list of them, is the driver's small file, as
/// many as the sample holds).
fn form_member(field: &Field, args: &str) -> String {
    let wire = field.wire_name();
    let option = field.optional || field.nullable;
    match &field.ty.kind {
        TyKind::File if option => {
            format!("arg::<Option<serde_json::Value>>(&{args}, {wire:?})?.map(|_| driver_file())")
        }
        TyKind::File => "driver_file()".to_owned(),
        TyKind::Array(item) if item.kind == TyKind::File => {
            let files = format!(
                "arg::<Option<Vec<serde_json::Value>>>(&{args}, {wire:?})?\
                 .map(|items| items.iter().map(|_| driver_file()).collect::<Vec<_>>())"
            );
            if option {
                files
            } else {
                format!("{files}.unwrap_or_default()")
            }
        }
        _ => format!("arg(&{args}, {wire:?})?"),
    }
}

/// How a parameter is read from a sample and passed.
struct Passed {
    /// The type it is read as (`_`: the argument's, inferred).
    ty: &'static str,
    /// The argument, `LOCAL` standing for the local it was read into.
    positional: &'static str,
    /// `&` when an optional one is borrowed to pass it.
    borrow: &'static str,
    /// The setter's argument, from `value`.
    option: &'static str,
}

fn passed(passing: Passing) -> Passed {
    match passing {
        Passing::Value => Passed {
            ty: "_",
            positional: "LOCAL",
            borrow: "",
            option: "value",
        },
        Passing::Str => Passed {
            ty: "String",
            positional: "LOCAL.as_str()",
            borrow: "&",
            option: "value.as_str()",
        },
        Passing::Slice => Passed {
            ty: "Vec<_>",
            positional: "LOCAL.as_slice()",
            borrow: "&",
            option: "value.as_slice()",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_function_per_driven_operation() {
        let text = r"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    put:
      operationId: putPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: tag, in: query, schema: {type: string}}
        - {name: ids, in: query, required: true, schema: {type: array, items: {type: integer}}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200': {description: ok}
  /skipped:
    get:
      operationId: skipped
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    cert: {type: mutualTLS}
security: [{key: []}]
";
        let api = generator::lower(&generator::Input {
            schema_path: "t.yaml",
            schema_text: text,
            files: &generator::NoFiles,
        })
        .unwrap();
        let main = main_rs(&api, &["skipped"]);
        assert!(
            main.contains(r#"Operation { id: "putPet", drive: op_put_pet },"#),
            "{main}"
        );
        assert!(!main.contains("op_skipped"), "{main}");
        assert!(
            main.contains(".and(Credentials::token(&fluxer_client::security::KEY, driver::TOKEN))"),
            "{main}"
        );
        assert!(!main.contains("CERT"), "{main}");
        assert!(main.contains("let a0: _ = arg(&args, \"id\")?;"), "{main}");
        assert!(
            main.contains("let a2: Vec<_> = arg(&args, \"ids\")?;"),
            "{main}"
        );
        assert!(
            main.contains("if let Some(value) = &a3_0 { a3 = a3.tag(value.as_str()); }"),
            "{main}"
        );
        assert!(
            main.contains("Ok(operations::put_pet(a0, a1.as_ref(), a2.as_slice(), &a3))"),
            "{main}"
        );
    }
}
