//! Which operations are driven and with which arguments: for each operation
//! of the IR, valid samples of every argument (the bounds, then seeded random
//! ones), invalid ones just past a bound the client checks, or the reason it
//! is skipped. Written as the JSON file the driver reads.

use generator::ir::{
    Api, ArgumentValue, BodyKind, BoundKind, Constraints, Decimal, Operation, Param, Response,
    SchemeKind, Server, Ty, TyKind, TypeKind,
};
use serde_json::{Map, Value, json};

use super::sample::{Rng, Sampler, Shape};

/// The most invalid samples per operation.
const MAX_INVALID: usize = 8;

/// What the driver needs to know about one operation, besides its samples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The `operationId` (the samples file's key).
    pub id: String,
    /// Why it is not driven, if it is not.
    pub skipped: Option<String>,
    /// Valid samples: a label and the arguments by name.
    pub valid: Vec<(String, Value)>,
    /// Invalid samples: a label, the arguments, and the text of the
    /// constraint the client's refusal must name.
    pub invalid: Vec<(String, Value, String)>,
}

/// Why the driver cannot satisfy an operation's `security`, if it cannot.
/// Its client holds a credential for every scheme the generated client
/// knows (see [`super::driver::main_rs`]), so only an operation whose every
/// alternative needs `mutualTLS` (a client certificate, which the driver
/// does not have) is out of reach.
fn unsatisfiable(api: &Api, operation: &Operation) -> Option<String> {
    let needs_tls = |name: &String| {
        api.security_schemes
            .values()
            .find(|scheme| &scheme.static_name == name)
            .is_none_or(|scheme| scheme.kind == SchemeKind::MutualTls)
    };
    if operation.security.is_empty()
        || operation
            .security
            .iter()
            .any(|alternative| !alternative.iter().any(needs_tls))
    {
        return None;
    }
    Some(
        "its `security` needs a client certificate (`mutualTLS`), which the driver has not"
            .to_owned(),
    )
}

/// Plans every operation of `api`, in the IR's order, with `rounds` valid
/// samples each (the first two at the low and high ends of every bound).
pub fn plan(api: &Api, seed: u64, rounds: usize) -> Vec<Planned> {
    api.operations
        .values()
        .map(|operation| plan_operation(api, operation, seed, rounds))
        .collect()
}

fn plan_operation(api: &Api, operation: &Operation, seed: u64, rounds: usize) -> Planned {
    let mut planned = Planned {
        id: operation.operation_id.clone(),
        skipped: None,
        valid: Vec::new(),
        invalid: Vec::new(),
    };
    planned.skipped = skip_reason(api, operation);
    if planned.skipped.is_some() {
        return planned;
    }
    // The operation's own stream, so adding an operation changes no other's samples.
    let stream = operation
        .operation_id
        .bytes()
        .fold(seed ^ 0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    for round in 0..rounds.max(2) {
        let (shape, label) = match round {
            0 => (Shape::Low, "low bounds".to_owned()),
            1 => (Shape::High, "high bounds".to_owned()),
            n => (Shape::Random, format!("random {}", n - 1)),
        };
        let rng = Rng::new(stream.wrapping_add(round as u64));
        let mut sampler = Sampler::new(api, rng, shape);
        match arguments(&mut sampler, operation) {
            Ok(args) => planned.valid.push((label, args)),
            Err(reason) => {
                planned.valid.clear();
                planned.skipped = Some(format!("no valid sample can be made: {reason}"));
                return planned;
            }
        }
    }
    // The high sample has every optional member and parameter to move past a bound.
    if let Some((_, high)) = planned.valid.get(1) {
        planned.invalid = invalid_samples(api, operation, high);
    }
    planned
}

fn skip_reason(api: &Api, operation: &Operation) -> Option<String> {
    if let Some(BodyKind::Multipart(_)) = operation.body.as_ref().map(|body| &body.kind)
        && super::driver::multipart_struct(api, operation).is_none()
    {
        return Some(
            "a multipart/form-data body the generated function takes as a `Multipart` the \
             caller builds (no struct: its schema describes no object, or it is optional), \
             which no sample describes"
                .to_owned(),
        );
    }
    match &operation.server {
        Server::Base => {}
        Server::Relative(path) | Server::Absolute(path) => {
            return Some(format!(
                "its requests go to another server (`{path}`), not the Prism serving the document"
            ));
        }
    }
    unsatisfiable(api, operation)
}

/// One sample of every argument, by name: the function's arguments and the
/// fields of its options struct.
fn arguments(sampler: &mut Sampler<'_>, operation: &Operation) -> Result<Value, String> {
    let mut args = Map::new();
    // Parameters are never empty; header and cookie values are plain ASCII.
    let param_value = |sampler: &mut Sampler<'_>, param: &Param, plain: bool| {
        sampler.plain_text = plain;
        sampler.non_empty = true;
        let value = sampler.value(&param.ty);
        sampler.plain_text = false;
        value
    };
    let plain = |sampler: &mut Sampler<'_>, param: &Param| param_value(sampler, param, true);
    let text = |sampler: &mut Sampler<'_>, param: &Param| param_value(sampler, param, false);
    // A path segment `.` or `..` cannot be sent: URLs collapse it.
    let segment = |sampler: &mut Sampler<'_>, param: &Param| {
        let mut value = text(sampler, param)?;
        for _ in 0..8 {
            match value.as_str() {
                Some(written) if !written.is_empty() && written.chars().all(|c| c == '.') => {
                    value = text(sampler, param)?;
                }
                _ => break,
            }
        }
        Ok::<_, String>(value)
    };
    for argument in &operation.arguments {
        let value = match argument.value {
            ArgumentValue::Path(index) => segment(sampler, &operation.path_params[index])?,
            ArgumentValue::Query(index) => text(sampler, &operation.query_params[index])?,
            ArgumentValue::Header(index) => plain(sampler, &operation.header_params[index])?,
            ArgumentValue::Cookie(index) => plain(sampler, &operation.cookie_params[index])?,
            ArgumentValue::Body => {
                let Some(body) = &operation.body else {
                    continue;
                };
                let present = body.required
                    || match sampler.shape {
                        Shape::Low => false,
                        Shape::High => true,
                        Shape::Random => sampler.rng.one_in(2),
                    };
                if !present {
                    args.insert(argument.name.clone(), Value::Null);
                    continue;
                }
                match &body.kind {
                    BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(Some(ty)) => {
                        sampler.value(ty)?
                    }
                    BodyKind::Text(_) => json!("conformance text"),
                    BodyKind::Binary(_) => json!(b"conformance bytes".to_vec()),
                    BodyKind::Multipart(None) => return Err("a multipart body".to_owned()),
                }
            }
            ArgumentValue::Options => {
                let optional = operation
                    .query_params
                    .iter()
                    .chain(&operation.header_params)
                    .chain(&operation.cookie_params)
                    .filter(|param| !param.required);
                for param in optional {
                    let present = match sampler.shape {
                        // Prism 5.14 crashes (a TypeError in its `simple`
                        // deserializer) on an absent header of an object type.
                        _ if is_object_header(sampler, operation, param) => true,
                        Shape::Low => false,
                        Shape::High => true,
                        Shape::Random => sampler.rng.one_in(2),
                    };
                    if present {
                        let in_query = operation.query_params.contains(param);
                        let value = if in_query {
                            text(sampler, param)?
                        } else {
                            plain(sampler, param)?
                        };
                        args.insert(param.name.clone(), value);
                    }
                }
                continue;
            }
        };
        args.insert(argument.name.clone(), value);
    }
    Ok(Value::Object(args))
}

/// Whether `param` is a header whose value is an object.
fn is_object_header(sampler: &Sampler<'_>, operation: &Operation, param: &Param) -> bool {
    operation.header_params.contains(param)
        && match &param.ty.kind {
            TyKind::Json | TyKind::Map { .. } => true,
            TyKind::Named(name) => matches!(
                sampler.api().types.get(name).map(|def| &def.kind),
                Some(TypeKind::Struct(_))
            ),
            _ => false,
        }
}

/// A step into a sample.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Invalid samples: the high sample with one value moved just past one bound
/// the client checks, each naming the constraint's text as the client
/// writes it (`must be at most 100`).
fn invalid_samples(api: &Api, operation: &Operation, base: &Value) -> Vec<(String, Value, String)> {
    let mut sites = Vec::new();
    let mut typed: Vec<(&str, &Ty)> = Vec::new();
    for argument in &operation.arguments {
        let ty = match argument.value {
            ArgumentValue::Path(index) => &operation.path_params[index].ty,
            ArgumentValue::Query(index) => &operation.query_params[index].ty,
            ArgumentValue::Header(index) => &operation.header_params[index].ty,
            ArgumentValue::Cookie(index) => &operation.cookie_params[index].ty,
            ArgumentValue::Body => match operation.body.as_ref().and_then(|b| b.kind.ty()) {
                Some(ty) => ty,
                None => continue,
            },
            ArgumentValue::Options => {
                let optional = operation
                    .query_params
                    .iter()
                    .chain(&operation.header_params)
                    .chain(&operation.cookie_params)
                    .filter(|param| !param.required);
                typed.extend(optional.map(|param| (param.name.as_str(), &param.ty)));
                continue;
            }
        };
        typed.push((argument.name.as_str(), ty));
    }
    for (name, ty) in typed {
        if let Some(value) = base.get(name) {
            find_sites(
                api,
                ty,
                value,
                vec![Step::Key(name.to_owned())],
                &mut sites,
                0,
            );
        }
    }
    sites
        .into_iter()
        .take(MAX_INVALID)
        .map(|(path, replacement, constraint)| {
            let mut args = base.clone();
            set(&mut args, &path, replacement);
            let label = format!("{} {constraint}", describe(&path));
            (label, args, constraint)
        })
        .collect()
}

type Site = (Vec<Step>, Value, String);

fn find_sites(
    api: &Api,
    ty: &Ty,
    value: &Value,
    path: Vec<Step>,
    sites: &mut Vec<Site>,
    depth: usize,
) {
    if depth > 8 || sites.len() >= MAX_INVALID {
        return;
    }
    let c = &ty.constraints;
    let mut site = |replacement: Value, constraint: String| {
        sites.push((path.clone(), replacement, constraint));
    };
    match (&ty.kind, value) {
        (TyKind::Int(_), Value::Number(number)) => {
            if let Some(max) = c.maximum {
                site(json!(i128::from(max) + 1), format!("must be at most {max}"));
            }
            if let Some(min) = c.minimum {
                site(
                    json!(i128::from(min) - 1),
                    format!("must be at least {min}"),
                );
            }
            // One past a multiple, inside the bounds, breaks `multipleOf` alone.
            if let (Some(step), Some(base)) = (c.multiple_of, number.as_i64())
                && step.exponent == 0
                && step.mantissa > 1
            {
                let past = [base.checked_add(1), base.checked_sub(1)]
                    .into_iter()
                    .flatten()
                    .find(|candidate| {
                        c.maximum.is_none_or(|max| *candidate <= max)
                            && c.minimum.is_none_or(|min| *candidate >= min)
                    });
                if let Some(past) = past {
                    site(
                        json!(past),
                        format!("must be a multiple of {}", step.mantissa),
                    );
                }
            }
        }
        (TyKind::Float(_), Value::Number(_)) if c.multiple_of.is_none() => {
            // A bound's own value breaks an exclusive bound; one past it an
            // inclusive one (the runtime names the bound in its own spelling,
            // so only the words are compared).
            for bound in &c.number_bounds {
                let at = decimal_f64(bound.value);
                let (value, words) = match bound.kind {
                    BoundKind::ExclusiveMinimum => (at, "must be greater than"),
                    BoundKind::ExclusiveMaximum => (at, "must be less than"),
                    BoundKind::Minimum => (at - 1.0, "must be at least"),
                    BoundKind::Maximum => (at + 1.0, "must be at most"),
                };
                if let Some(number) = serde_json::Number::from_f64(value) {
                    site(Value::Number(number), words.to_owned());
                }
            }
        }
        (TyKind::String, Value::String(_)) if plain_lengths(c) => {
            if let Some(max) = c.max_length {
                site(
                    json!("x".repeat(max as usize + 1)),
                    format!("must be at most {max} characters long"),
                );
            }
            if let Some(min) = c.min_length.filter(|min| *min > 1) {
                site(
                    json!("x".repeat(min as usize - 1)),
                    format!("must be at least {min} characters long"),
                );
            }
        }
        (TyKind::Array(item), Value::Array(items)) => {
            if let (Some(max), Some(first)) = (c.max_items, items.first())
                && !c.unique_items
            {
                let longer = vec![first.clone(); max as usize + 1];
                site(json!(longer), format!("must have at most {max} items"));
            }
            if let Some(min) = c
                .min_items
                .filter(|min| *min > 0 && items.len() as u64 >= *min)
            {
                let shorter: Vec<Value> = items[..min as usize - 1].to_vec();
                site(json!(shorter), format!("must have at least {min} items"));
            }
            if c.unique_items
                && let Some(first) = items.first()
            {
                let count = c.min_items.unwrap_or(0).max(2);
                if c.max_items.is_none_or(|max| count <= max) {
                    let repeated = vec![first.clone(); count as usize];
                    site(json!(repeated), "must not repeat an item".to_owned());
                }
            }
            if let Some(first) = items.first() {
                let mut inner = path.clone();
                inner.push(Step::Index(0));
                find_sites(api, item, first, inner, sites, depth + 1);
            }
        }
        (TyKind::Nullable(inner), value) if !value.is_null() => {
            find_sites(api, inner, value, path, sites, depth + 1);
        }
        (TyKind::Named(name), Value::Object(object)) => {
            match api.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(s)) => {
                    for field in &s.fields {
                        if let Some(member) = object.get(field.wire_name()) {
                            let mut inner = path.clone();
                            inner.push(Step::Key(field.wire_name().to_owned()));
                            find_sites(api, &field.ty, member, inner, sites, depth + 1);
                        }
                    }
                }
                Some(TypeKind::Alias(ty)) => find_sites(api, ty, value, path, sites, depth + 1),
                _ => {}
            }
        }
        (TyKind::Named(name), value) => {
            if let Some(TypeKind::Alias(ty)) = api.types.get(name).map(|def| &def.kind) {
                find_sites(api, ty, value, path, sites, depth + 1);
            }
        }
        _ => {}
    }
}

/// A decimal of the schema as the nearest `f64`.
fn decimal_f64(decimal: Decimal) -> f64 {
    decimal.mantissa as f64 * 10f64.powi(i32::from(decimal.exponent))
}

/// Whether a string's only checks are its lengths (a text of `x`s past a
/// bound breaks nothing else).
fn plain_lengths(c: &Constraints) -> bool {
    c.pattern.is_none() && c.allowed.is_none() && c.format.is_none()
}

fn set(value: &mut Value, path: &[Step], replacement: Value) {
    let mut at = value;
    for step in path {
        let next = match step {
            Step::Key(key) => at.get_mut(key.as_str()),
            Step::Index(index) => at.get_mut(*index),
        };
        let Some(next) = next else { return };
        at = next;
    }
    *at = replacement;
}

fn describe(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The wire names of the members that close a cycle of `api`'s types (the
/// IR boxes them), sorted.
pub fn recursive_members(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| s.fields.iter().filter(|field| field.boxed))
        .map(|field| field.wire_name().to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The samples file the driver reads.
pub fn samples_file(planned: &[Planned], recursive: &[String]) -> Value {
    let operations: Vec<Value> = planned
        .iter()
        .map(|planned| {
            json!({
                "id": planned.id,
                "skipped": planned.skipped,
                "valid": planned.valid.iter().map(|(label, args)| json!({"label": label, "args": args})).collect::<Vec<_>>(),
                "invalid": planned.invalid.iter().map(|(label, args, constraint)| json!({"label": label, "args": args, "constraint": constraint})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "operations": operations, "recursive_members": recursive })
}

/// Whether the operation's success body is read as bytes.
pub fn reads_bytes(operation: &Operation) -> bool {
    matches!(operation.response, Response::Bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(text: &str) -> Api {
        generator::lower(&generator::Input {
            schema_path: "test.yaml",
            schema_text: text,
            files: &generator::NoFiles,
        })
        .unwrap()
    }

    const PETS: &str = r"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    put:
      operationId: putPet
      security: [{key: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 99}}
        - {name: tag, in: query, schema: {type: string, maxLength: 4}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, minLength: 2, maxLength: 8}
                tags: {type: array, maxItems: 2, items: {type: string}}
      responses:
        '200': {description: ok}
  /upload:
    post:
      operationId: upload
      security: [{cert: []}]
      responses:
        '200': {description: ok}
  /either:
    get:
      operationId: either
      security: [{cert: []}, {basic: []}]
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
    cert: {type: mutualTLS}
";

    #[test]
    fn plans_bounds_random_samples_and_invalid_ones() {
        let api = lower(PETS);
        let planned = plan(&api, 7, 5);
        let put = planned.iter().find(|p| p.id == "putPet").unwrap();
        assert_eq!(put.skipped, None);
        assert_eq!(put.valid.len(), 5);
        let low = &put.valid[0].1;
        assert_eq!(low["id"], json!(1));
        assert_eq!(low["body"]["name"].as_str().unwrap().len(), 2, "{low}");
        assert_eq!(
            low.as_object().unwrap().len(),
            2,
            "no optional argument: {low}"
        );
        assert_eq!(put.valid[1].1["id"], json!(99));
        assert_eq!(put.valid[1].1["tag"].as_str().unwrap().len(), 4);
        let constraints: Vec<&str> = put.invalid.iter().map(|(_, _, c)| c.as_str()).collect();
        assert_eq!(
            constraints,
            [
                "must be at most 99",
                "must be at least 1",
                "must be at most 8 characters long",
                "must be at least 2 characters long",
                "must have at most 2 items",
                "must be at most 4 characters long"
            ]
        );
        assert_eq!(put.invalid[0].1["id"], json!(100));
        assert_eq!(put.invalid[5].1["tag"], json!("xxxxx"));
        // The same seed, the same samples.
        assert_eq!(plan(&api, 7, 5), planned);
        let other_seed = plan(&api, 8, 5);
        let other_put = other_seed.iter().find(|p| p.id == "putPet").unwrap();
        assert_ne!(other_put.valid[2], put.valid[2]);
    }

    #[test]
    fn invalid_samples_cover_number_bounds_steps_and_unique_items() {
        let api = lower(
            r"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: putThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [ratio, step, tags]
              properties:
                ratio: {type: number, exclusiveMinimum: 0, maximum: 2.5}
                step: {type: integer, minimum: 0, maximum: 100, multipleOf: 5}
                tags: {type: array, uniqueItems: true, maxItems: 3, items: {type: string}}
      responses:
        '200': {description: ok}
",
        );
        let planned = plan(&api, 7, 3);
        let constraints: Vec<&str> = planned[0]
            .invalid
            .iter()
            .map(|(_, _, constraint)| constraint.as_str())
            .collect();
        for expected in [
            "must be greater than",
            "must be at most",
            "must be a multiple of 5",
            "must not repeat an item",
        ] {
            assert!(
                constraints.contains(&expected),
                "{expected}: {constraints:?}"
            );
        }
        let ratio_at_bound = planned[0]
            .invalid
            .iter()
            .find(|(_, _, constraint)| constraint == "must be greater than")
            .unwrap();
        assert_eq!(ratio_at_bound.1["body"]["ratio"], json!(0.0));
    }

    #[test]
    fn skips_what_the_runtime_cannot_send_with_the_reason() {
        let api = lower(PETS);
        let planned = plan(&api, 7, 3);
        let upload = planned.iter().find(|p| p.id == "upload").unwrap();
        let reason = upload.skipped.as_deref().unwrap();
        assert!(reason.contains("mutualTLS"), "{reason}");
        assert!(upload.valid.is_empty());
        // Another alternative the driver holds a credential for is enough.
        let either = planned.iter().find(|p| p.id == "either").unwrap();
        assert_eq!(either.skipped, None);
    }
}
