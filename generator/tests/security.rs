//! `securitySchemes` and `security`: which schemes become `static`s, what
//! each operation accepts (its own `security` over the document's), and
//! what is warned about, located.

use generator::ir::{Api, SchemeKind};
use generator::{Input, generate, lower};

fn input(text: &str) -> Input<'_> {
    Input {
        schema_path: "schema/test.yaml",
        schema_text: text,
        files: &generator::NoFiles,
    }
}

fn lowered(schema: &str) -> Api {
    lower(&input(schema)).unwrap_or_else(|diagnostics| panic!("should lower:\n{diagnostics}"))
}

/// The warnings, as `pointer: message` lines.
fn warnings(schema: &str) -> Vec<String> {
    generate(&input(schema))
        .unwrap_or_else(|diagnostics| panic!("should generate:\n{diagnostics}"))
        .warnings
        .iter()
        .map(|warning| format!("{}: {}", warning.pointer, warning.message))
        .collect()
}

const DOCUMENT: &str = r#"openapi: 3.1.0
info: {title: t, version: '1'}
security:
  - key: []
paths:
  /inherited:
    get:
      operationId: inherited
      responses: {'204': {description: ok}}
  /own:
    get:
      operationId: own
      security:
        - key: []
          key_2: []
        - {}
      responses: {'204': {description: ok}}
  /none:
    get:
      operationId: none
      security: []
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: k}
    key_2: {type: http, scheme: Bot}
    Key: {type: oauth2, flows: {}}
"#;

#[test]
fn operations_accept_their_own_security_or_the_documents() {
    let api = lowered(DOCUMENT);
    let security = |name: &str| api.operations[name].security.clone();
    assert_eq!(security("inherited"), [vec!["KEY".to_owned()]]);
    assert_eq!(
        security("own"),
        [vec!["KEY".to_owned(), "KEY_2".to_owned()], vec![]]
    );
    assert!(security("none").is_empty());
    // Keys that give the same name are numbered in document order.
    let names: Vec<(&str, &str)> = api
        .security_schemes
        .values()
        .map(|scheme| (scheme.key.as_str(), scheme.static_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("Key", "KEY_3"), ("key", "KEY"), ("key_2", "KEY_2")]
    );
    assert_eq!(
        api.security_schemes["key_2"].kind,
        SchemeKind::Http {
            scheme: "Bot".to_owned()
        }
    );
    assert!(warnings(DOCUMENT).is_empty());
    // The method's docs say what it accepts.
    let docs = api.operations["own"].docs.join("\n");
    assert!(
        docs.contains("Credentials: `key` and `key_2`, or none"),
        "{docs}"
    );
}

#[test]
fn what_cannot_be_applied_is_a_located_warning() {
    let schema = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      security:
        - missing: []
        - noIn: []
        - good: []
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    noIn: {type: apiKey, name: k}
    noScheme: {type: http}
    badName: {type: apiKey, in: header, name: "a b"}
    odd: {type: kerberos}
    good: {type: http, scheme: bearer, extra: 1, x-token-prefix: "Bearer "}
    prefixed: {type: apiKey, in: header, name: Authorization, x-token-prefix: 7}
"#;
    let mut found = warnings(schema);
    found.sort();
    assert_eq!(
        found,
        [
            "/components/securitySchemes/badName: an `apiKey` scheme needs a `name` that is a valid header, query or cookie name; operations that require this scheme are generated without it",
            "/components/securitySchemes/good/extra: unknown security scheme keyword `extra` is ignored",
            "/components/securitySchemes/good/x-token-prefix: `x-token-prefix` only applies to `apiKey` schemes; it is ignored",
            "/components/securitySchemes/noIn: an `apiKey` scheme needs `in`: `header`, `query` or `cookie`; operations that require this scheme are generated without it",
            "/components/securitySchemes/noScheme: an `http` scheme needs a `scheme` that is an RFC 7235 scheme name (`basic`, `bearer`); operations that require this scheme are generated without it",
            "/components/securitySchemes/odd: the security scheme type `kerberos` is not supported; operations that require this scheme are generated without it",
            "/components/securitySchemes/prefixed/x-token-prefix: `x-token-prefix` must be a string of visible ASCII characters and spaces; it is ignored",
            "/paths/~1a/get/security/0/missing: the security scheme `missing` is not declared in `components/securitySchemes`; this alternative is left out",
        ]
    );
    let api = lowered(schema);
    assert_eq!(api.operations["a"].security, [vec!["GOOD".to_owned()]]);
}

#[test]
fn documents_without_security_send_nothing_and_say_nothing() {
    let schema = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      responses: {'204': {description: ok}}
"#;
    let api = lowered(schema);
    assert!(api.operations["a"].security.is_empty());
    assert!(api.security_schemes.is_empty());
    assert!(!api.operations["a"].docs.join("\n").contains("Credentials"));
}
