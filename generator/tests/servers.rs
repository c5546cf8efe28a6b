//! `servers` on a path item or an operation: which one applies (operation
//! over path item over document), its variables, and how it relates to the
//! document's first top-level server, which the client's base URL stands
//! for. What cannot be used is a warning, located.

use generator::ir::{Api, Server};
use generator::{Input, generate, lower};

/// A document whose top-level server is `top` and whose `/things` path item
/// and `get` operation have the given `servers` lines (YAML, indented as
/// keys of each).
fn document(top: &str, path_servers: &str, operation_servers: &str) -> String {
    let top = if top.is_empty() {
        String::new()
    } else {
        format!("servers:\n  - url: {top}\n")
    };
    format!(
        r#"openapi: 3.1.0
info:
  title: t
  version: '1'
{top}paths:
  /things:
{path_servers}    get:
      operationId: getThings
{operation_servers}      responses:
        '204':
          description: ok
    delete:
      operationId: deleteThings
      responses:
        '204':
          description: ok
"#
    )
}

fn lowered(schema: &str) -> Api {
    lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
        files: &generator::NoFiles,
    })
    .unwrap_or_else(|diagnostics| panic!("should lower:\n{diagnostics}"))
}

fn server_of(api: &Api, operation: &str) -> Server {
    api.operations[operation].server.clone()
}

/// The warnings, as `pointer: message` lines.
fn warnings(schema: &str) -> Vec<String> {
    let generated = generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
        files: &generator::NoFiles,
    })
    .unwrap_or_else(|diagnostics| panic!("should generate:\n{diagnostics}"));
    generated
        .warnings
        .iter()
        .map(|warning| format!("{}: {}", warning.pointer, warning.message))
        .collect()
}

fn path_servers(url: &str) -> String {
    format!("    servers:\n      - url: {url}\n")
}

fn operation_servers(url: &str) -> String {
    format!("      servers:\n        - url: {url}\n")
}

fn relative(text: &str) -> Server {
    Server::Relative(text.to_owned())
}

fn absolute(text: &str) -> Server {
    Server::Absolute(text.to_owned())
}

#[test]
fn the_operation_overrides_the_path_item_which_overrides_the_document() {
    let schema = document(
        "https://api.example.org/v1",
        &path_servers("https://api.example.org/v1/items"),
        &operation_servers("https://upload.example.org/v1"),
    );
    let api = lowered(&schema);
    assert_eq!(
        server_of(&api, "get_things"),
        absolute("https://upload.example.org/v1")
    );
    assert_eq!(server_of(&api, "delete_things"), relative("items"));
    assert!(warnings(&schema).is_empty(), "{:?}", warnings(&schema));

    let none = lowered(&document("https://api.example.org/v1", "", ""));
    assert_eq!(server_of(&none, "get_things"), Server::Base);
    assert_eq!(server_of(&none, "delete_things"), Server::Base);
}

#[test]
fn the_top_level_server_again_is_the_base_url() {
    // Twilio writes its one server again on every path.
    for (top, server) in [
        ("https://api.twilio.com", "https://api.twilio.com"),
        ("https://api.twilio.com", "https://API.twilio.com:443/"),
        ("https://x.org/v1", "/v1"),
        ("/api", "/api"),
        ("", "/"),
    ] {
        let schema = document(top, &path_servers(server), "");
        assert_eq!(
            server_of(&lowered(&schema), "get_things"),
            Server::Base,
            "{top} {server}"
        );
        assert!(warnings(&schema).is_empty(), "{:?}", warnings(&schema));
    }
}

#[test]
fn the_same_origin_is_relative_to_the_base_url() {
    for (top, server, expected) in [
        ("https://x.org/v1", "https://x.org/v1/uploads", "uploads"),
        ("https://x.org/v1", "https://x.org/v2", "../v2"),
        ("https://api.box.com/2.0", "https://api.box.com", "../"),
        ("https://x.org/v1", "uploads", "uploads"),
        ("https://x.org/v1", "/v2", "../v2"),
        ("https://x.org/v1", "../v2/up", "../v2/up"),
        ("/api/v1", "/api/v1/up", "up"),
        // Without a top-level server, OpenAPI's default is `/`.
        ("", "/v2", "v2"),
    ] {
        let schema = document(top, "", &operation_servers(server));
        assert_eq!(
            server_of(&lowered(&schema), "get_things"),
            relative(expected),
            "{top} {server}"
        );
    }
}

#[test]
fn another_origin_is_absolute() {
    for (top, server, expected) in [
        (
            "https://api.box.com/2.0",
            "https://upload.box.com/api/2.0",
            "https://upload.box.com/api/2.0",
        ),
        ("https://x.org/v1", "http://x.org/v1", "http://x.org/v1"),
        ("https://x.org", "https://x.org:8443/", "https://x.org:8443"),
        ("/api/v1", "https://x.org/api/v1", "https://x.org/api/v1"),
        ("", "https://X.org/a/", "https://x.org/a"),
    ] {
        let schema = document(top, "", &operation_servers(server));
        assert_eq!(
            server_of(&lowered(&schema), "get_things"),
            absolute(expected),
            "{top} {server}"
        );
    }
}

#[test]
fn variables_take_their_defaults() {
    let schema = document(
        "https://{region}.example.org/{version}",
        "",
        r#"      servers:
        - url: https://{box-upload-server}/api/{version}
          description: uploads
          variables:
            box-upload-server:
              default: upload.box.com
              enum: [upload.box.com, upload2.box.com]
              description: the upload host
            version:
              default: '2.0'
"#,
    )
    .replace(
        "  - url: https://{region}.example.org/{version}\n",
        "  - url: https://{region}.example.org/{version}\n    variables:\n      region: {default: eu}\n      version: {default: v1}\n",
    );
    assert_eq!(
        server_of(&lowered(&schema), "get_things"),
        absolute("https://upload.box.com/api/2.0")
    );
    assert!(warnings(&schema).is_empty(), "{:?}", warnings(&schema));

    // The top-level server's defaults count when comparing.
    let same = schema.replace("{box-upload-server}/api/{version}", "eu.example.org/v1/up");
    assert_eq!(server_of(&lowered(&same), "get_things"), relative("up"));
}

#[test]
fn a_server_that_cannot_be_used_warns_and_the_next_one_applies() {
    let operation = |servers: &str| {
        document(
            "https://x.org/v1",
            &path_servers("https://x.org/v1/path"),
            servers,
        )
    };
    let cases = [
        (
            "      servers:\n        - url: https://{host}/v1\n          variables:\n            host: {description: no default}\n",
            "/paths/~1things/get/servers/0/variables/host: the server variable `host` has no `default`; the server is ignored",
        ),
        (
            "      servers:\n        - url: https://{host}/v1\n",
            "/paths/~1things/get/servers/0/url: the server URL `https://{host}/v1` names `{host}`, which `variables` does not declare; the server is ignored",
        ),
        (
            "      servers:\n        - url: https://{host}/v1\n          variables:\n            host: {default: 3}\n",
            "/paths/~1things/get/servers/0/variables/host/default: the default of the server variable `host` must be a string; the server is ignored",
        ),
        (
            "      servers:\n        - url: https://x.org/v1?key=1\n",
            "/paths/~1things/get/servers/0/url: the server URL `https://x.org/v1?key=1` has a query or fragment, which the client cannot add to its requests; the server is ignored",
        ),
        (
            "      servers:\n        - url: wss://x.org/v1\n",
            "/paths/~1things/get/servers/0/url: the server URL `wss://x.org/v1` is not an `http` or `https` URL; the server is ignored",
        ),
        (
            "      servers:\n        - description: no url\n",
            "/paths/~1things/get/servers/0: a server needs a `url` that is a string; it is ignored",
        ),
        (
            "      servers: https://x.org\n",
            "/paths/~1things/get/servers: `servers` must be a list; it is ignored",
        ),
    ];
    for (servers, expected) in cases {
        let schema = operation(servers);
        assert_eq!(warnings(&schema), [expected]);
        // The path item's server applies instead.
        assert_eq!(
            server_of(&lowered(&schema), "get_things"),
            relative("path"),
            "{servers}"
        );
    }

    // The first usable entry is used; the one before it is said.
    let second = operation(
        "      servers:\n        - url: https://{host}/v1\n        - url: https://up.x.org\n        - url: https://other.x.org\n",
    );
    assert_eq!(
        server_of(&lowered(&second), "get_things"),
        absolute("https://up.x.org")
    );
    assert_eq!(warnings(&second).len(), 1, "{:?}", warnings(&second));
}

#[test]
fn unknown_server_keys_warn() {
    let schema = document(
        "https://x.org",
        "",
        "      servers:\n        - url: https://up.x.org\n          weight: 2\n          variables:\n            v: {default: a, examples: [b]}\n",
    );
    // In document order.
    assert_eq!(
        warnings(&schema),
        [
            "/paths/~1things/get/servers/0/weight: unknown server keyword `weight` is ignored",
            "/paths/~1things/get/servers/0/variables/v/examples: unknown server variable keyword `examples` is ignored",
        ]
    );
}

#[test]
fn the_server_is_in_the_static_and_the_docs() {
    let schema = document(
        "https://x.org/v1",
        &path_servers("https://up.x.org/v1"),
        &operation_servers("https://x.org/v2"),
    );
    let generated = generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .unwrap();
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
            .clone()
    };
    let get = file("operations/get_things.rs");
    assert!(
        get.contains(r#"server: request::Server::Relative("../v2"),"#),
        "{get}"
    );
    assert!(
        get.contains("/// Sent to `../v2` relative to the client's base URL"),
        "{get}"
    );
    let delete = file("operations/delete_things.rs");
    assert!(
        delete.contains(r#"server: request::Server::Absolute("https://up.x.org/v1"),"#),
        "{delete}"
    );
    let none = generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &document("https://x.org/v1", "", ""),
        files: &generator::NoFiles,
    })
    .unwrap();
    let plain = &none
        .files
        .iter()
        .find(|file| file.path == "operations/get_things.rs")
        .unwrap()
        .contents;
    assert!(plain.contains("server: request::Server::Base,"), "{plain}");
    assert!(!plain.contains("Sent to"), "{plain}");
}
