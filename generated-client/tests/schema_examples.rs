//! Every `example` in `schema/fluxer.yaml` is a body this client accepts.
//!
//! Independent tools (mock servers, validators, documentation) read the schema's
//! examples; each one must decode into the generated type its schema names and
//! encode back to the same JSON, so those tools and this client agree.

use std::collections::BTreeMap;

use fluxer_client::models::{
    Channel, CreateChannelInviteRequest, CreateDmRequest, CreateGroupDmRequest,
    CreatePrivateChannelRequest, ErrorDetail, ErrorResponse, GroupDmInvite, GuildInvite, Invite,
    InviteChannel, InviteChannelRecipient, InviteGuild, PermissionOverwrite,
    PermissionOverwriteType, RateLimitErrorResponse, UserPartial,
};
use fluxer_client::{Snowflake, Validate};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

type Check = fn(&Value) -> Result<(), String>;

/// Decodes `example` as `T` and checks it round-trips.
fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<(), String> {
    decoded::<T>(example).map(drop)
}

/// [`round_trip`] for a request type, which must also pass its validation.
fn sent<T: DeserializeOwned + Serialize + Validate>(example: &Value) -> Result<(), String> {
    decoded::<T>(example)?.validate().map_err(|e| e.to_string())
}

/// `example` decoded as `T`, once it is known to encode back to itself.
fn decoded<T: DeserializeOwned + Serialize>(example: &Value) -> Result<T, String> {
    let decoded: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| e.to_string())?;
    // An optional nullable member is `Option<T>` (never `Option<Option<T>>`), so
    // `null` and an absent member both decode to `None` and encode as absent.
    if without_nulls(&encoded) != without_nulls(example) {
        return Err(format!("encodes back as {encoded}"));
    }
    Ok(decoded)
}

/// An invite example must be of a kind the client knows: any JSON with another
/// `type` decodes (as `Invite::Unknown`), so `round_trip` alone proves nothing.
fn known_invite(example: &Value) -> Result<(), String> {
    match serde_json::from_value::<Invite>(example.clone()).map_err(|e| e.to_string())? {
        Invite::Guild(_) => round_trip::<GuildInvite>(example)?,
        Invite::GroupDm(_) => round_trip::<GroupDmInvite>(example)?,
        other => return Err(format!("decodes as an invite of no known kind: {other:?}")),
    }
    round_trip::<Invite>(example)
}

/// `value` with every `null` object member removed.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn checks() -> BTreeMap<&'static str, Check> {
    let mut checks: BTreeMap<&'static str, Check> = BTreeMap::new();
    checks.insert("Snowflake", sent::<Snowflake>);
    checks.insert(
        "CreateChannelInviteRequest",
        sent::<CreateChannelInviteRequest>,
    );
    checks.insert(
        "CreatePrivateChannelRequest",
        sent::<CreatePrivateChannelRequest>,
    );
    checks.insert("CreateDmRequest", round_trip::<CreateDmRequest>);
    checks.insert("CreateGroupDmRequest", sent::<CreateGroupDmRequest>);
    checks.insert("Invite", known_invite);
    checks.insert("GuildInvite", round_trip::<GuildInvite>);
    checks.insert("GroupDmInvite", round_trip::<GroupDmInvite>);
    checks.insert("InviteGuild", round_trip::<InviteGuild>);
    checks.insert("InviteChannel", round_trip::<InviteChannel>);
    checks.insert(
        "InviteChannelRecipient",
        round_trip::<InviteChannelRecipient>,
    );
    checks.insert("Channel", round_trip::<Channel>);
    checks.insert("PermissionOverwrite", round_trip::<PermissionOverwrite>);
    checks.insert(
        "PermissionOverwriteType",
        round_trip::<PermissionOverwriteType>,
    );
    checks.insert("UserPartial", round_trip::<UserPartial>);
    checks.insert("ErrorResponse", round_trip::<ErrorResponse>);
    checks.insert("ErrorDetail", round_trip::<ErrorDetail>);
    checks.insert(
        "RateLimitErrorResponse",
        round_trip::<RateLimitErrorResponse>,
    );
    checks
}

/// The examples of a schema or media type object: `example` and every `examples.*.value`
/// (or the items of a JSON Schema `examples` list).
fn examples_of(node: &serde_json::Map<String, Value>) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    if let Some(example) = node.get("example") {
        found.push(("example".to_owned(), example));
    }
    match node.get("examples") {
        Some(Value::Object(named)) => {
            for (name, example) in named {
                if let Some(value) = example.get("value") {
                    found.push((format!("examples/{name}"), value));
                }
            }
        }
        Some(Value::Array(list)) => {
            for (index, value) in list.iter().enumerate() {
                found.push((format!("examples/{index}"), value));
            }
        }
        _ => {}
    }
    found
}

fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

#[test]
fn every_schema_example_decodes_into_its_type() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/fluxer.yaml");
    let text = std::fs::read_to_string(path).expect("schema/fluxer.yaml is readable");
    let schema = generator::parse_value("schema/fluxer.yaml", &text)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let checks = checks();
    let mut checked = 0;
    let mut failures = Vec::new();

    // Examples on component schemas.
    let components = schema["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for (name, component) in components {
        let Some(component) = component.as_object() else {
            continue;
        };
        for (label, example) in examples_of(component) {
            match checks.get(name.as_str()) {
                Some(check) => {
                    checked += 1;
                    if let Err(problem) = check(example) {
                        failures.push(format!("components/schemas/{name} {label}: {problem}"));
                    }
                }
                None => failures.push(format!(
                    "components/schemas/{name} has an example but no check"
                )),
            }
        }
    }

    // Examples on request and response bodies, found wherever a media type names a component.
    let mut stack = vec![(String::new(), &schema)];
    while let Some((pointer, node)) = stack.pop() {
        let Some(map) = node.as_object() else {
            if let Some(list) = node.as_array() {
                for (index, item) in list.iter().enumerate() {
                    stack.push((format!("{pointer}/{index}"), item));
                }
            }
            continue;
        };
        let named = map
            .get("schema")
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            .and_then(component_name);
        if let Some(name) = named {
            for (label, example) in examples_of(map) {
                let check = checks
                    .get(name)
                    .unwrap_or_else(|| panic!("{pointer}: no check for {name}"));
                checked += 1;
                if let Err(problem) = check(example) {
                    failures.push(format!("{pointer} {label} ({name}): {problem}"));
                }
            }
        }
        for (key, child) in map {
            if key != "example" && key != "examples" {
                stack.push((format!("{pointer}/{key}"), child));
            }
        }
    }

    assert!(
        failures.is_empty(),
        "schema examples the client rejects:\n{}",
        failures.join("\n")
    );
    // The schema has examples on its components, both request bodies, both
    // success responses (with a group-DM invite) and every error response.
    assert!(checked >= 20, "only {checked} examples were checked");
}
