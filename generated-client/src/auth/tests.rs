use super::*;

const TOKEN: &str = "MTE4MzQzNjQ3ODQyMTE0NzY0OA.secret-token";

static BOT: SecurityScheme = SecurityScheme {
    key: "botToken",
    kind: SchemeKind::Http { scheme: "Bot" },
};
static BEARER: SecurityScheme = SecurityScheme {
    key: "bearerAuth",
    // As the generator writes a document's `bearer`: the registered spelling.
    kind: SchemeKind::Http { scheme: "Bearer" },
};
static BASIC: SecurityScheme = SecurityScheme {
    key: "basicAuth",
    kind: SchemeKind::Http { scheme: "basic" },
};
static OAUTH: SecurityScheme = SecurityScheme {
    key: "oauth",
    kind: SchemeKind::OAuth2,
};
static OIDC: SecurityScheme = SecurityScheme {
    key: "oidc",
    kind: SchemeKind::OpenIdConnect,
};
static HEADER_KEY: SecurityScheme = SecurityScheme {
    key: "headerKey",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: "X-Api-Key",
        prefix: "",
    },
};
static QUERY_KEY: SecurityScheme = SecurityScheme {
    key: "queryKey",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Query,
        name: "api_key",
        prefix: "",
    },
};
static COOKIE_KEY: SecurityScheme = SecurityScheme {
    key: "cookieKey",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Cookie,
        name: "session",
        prefix: "",
    },
};
static SESSION: SecurityScheme = SecurityScheme {
    key: "sessionToken",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: "Authorization",
        prefix: "",
    },
};
/// Fluxer's `botToken`: an `apiKey` in `Authorization` with a prefix.
static PREFIXED: SecurityScheme = SecurityScheme {
    key: "botToken",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: "Authorization",
        prefix: "Bot ",
    },
};
static TLS: SecurityScheme = SecurityScheme {
    key: "tls",
    kind: SchemeKind::MutualTls,
};

/// What `credentials` send for an operation accepting `security`, as text.
fn sent(credentials: &Credentials, security: Security) -> Result<Vec<String>, Error> {
    let applied = credentials.apply("op", &security)?;
    let mut out: Vec<String> = applied
        .headers
        .iter()
        .map(|(name, value)| {
            assert!(value.is_sensitive(), "{name}");
            format!("{name}: {}", value.to_str().unwrap())
        })
        .collect();
    out.extend(applied.query.iter().map(|(n, v)| format!("?{n}={v}")));
    out.extend(applied.cookies.iter().map(|c| format!("cookie {c}")));
    Ok(out)
}

/// An operation accepting `scheme` alone (leaked: tests only).
fn only(scheme: &'static SecurityScheme) -> Security {
    let alternative: &'static [&'static SecurityScheme] = Box::leak(Box::new([scheme]));
    Security::Requirements(Box::leak(Box::new([alternative])))
}

#[test]
fn each_scheme_sends_what_it_says() {
    let cases: [(Credentials, &'static SecurityScheme, String); 11] = [
        (
            Credentials::bot(TOKEN),
            &PREFIXED,
            format!("authorization: Bot {TOKEN}"),
        ),
        (
            Credentials::token(&PREFIXED, TOKEN),
            &PREFIXED,
            format!("authorization: Bot {TOKEN}"),
        ),
        (
            Credentials::token(&BOT, TOKEN),
            &BOT,
            format!("authorization: Bot {TOKEN}"),
        ),
        (
            Credentials::bot(TOKEN),
            &BOT,
            format!("authorization: Bot {TOKEN}"),
        ),
        (
            Credentials::token(&BEARER, TOKEN),
            &BEARER,
            format!("authorization: Bearer {TOKEN}"),
        ),
        (
            Credentials::bearer(TOKEN),
            &OAUTH,
            format!("authorization: Bearer {TOKEN}"),
        ),
        (
            Credentials::token(&OIDC, TOKEN),
            &OIDC,
            format!("authorization: Bearer {TOKEN}"),
        ),
        (
            Credentials::token(&HEADER_KEY, TOKEN),
            &HEADER_KEY,
            format!("x-api-key: {TOKEN}"),
        ),
        (
            Credentials::token(&QUERY_KEY, TOKEN),
            &QUERY_KEY,
            format!("?api_key={TOKEN}"),
        ),
        (
            Credentials::token(&COOKIE_KEY, TOKEN),
            &COOKIE_KEY,
            format!("cookie session={TOKEN}"),
        ),
        (
            Credentials::session(TOKEN),
            &SESSION,
            format!("authorization: {TOKEN}"),
        ),
    ];
    for (credentials, scheme, expected) in cases {
        assert_eq!(
            sent(&credentials, only(scheme)).unwrap(),
            [expected],
            "{scheme}"
        );
    }
    // "Aladdin:open sesame", RFC 7617's example.
    let basic = Credentials::basic(&BASIC, "Aladdin", "open sesame");
    assert_eq!(
        sent(&basic, only(&BASIC)).unwrap(),
        ["authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]
    );
    // A session token is not a bot token, nor the other way round.
    assert!(sent(&Credentials::session(TOKEN), only(&PREFIXED)).is_err());
    assert!(sent(&Credentials::bot(TOKEN), only(&SESSION)).is_err());
    // A client certificate needs nothing from the credentials.
    assert!(sent(&Credentials::none(), only(&TLS)).unwrap().is_empty());
}

#[test]
fn alternatives_and_combinations() {
    static BOTH: [&SecurityScheme; 2] = [&HEADER_KEY, &QUERY_KEY];
    static ALTERNATIVES: [&[&SecurityScheme]; 2] = [&BOTH, &[&BOT]];
    let security = Security::Requirements(&ALTERNATIVES);
    // Only the bot token: the second alternative.
    assert_eq!(
        sent(&Credentials::bot(TOKEN), security).unwrap(),
        [format!("authorization: Bot {TOKEN}")]
    );
    // Both keys of the first alternative: both sent, nothing else.
    let keys = Credentials::token(&HEADER_KEY, "h")
        .and(Credentials::token(&QUERY_KEY, "q"))
        .and(Credentials::bot(TOKEN));
    assert_eq!(
        sent(&keys, security).unwrap(),
        ["x-api-key: h", "?api_key=q"]
    );
    // One key of the first alternative is not enough.
    let half = Credentials::token(&HEADER_KEY, "h");
    let error = sent(&half, security).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Credentials { .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "request not sent: `op` accepts `headerKey` (the `X-Api-Key` header) and `queryKey` \
         (the `api_key` query parameter) or `botToken` (`Authorization: Bot <token>`), and the \
         client's credentials are for none of them (it has: headerKey)"
    );
    // `security: []` sends nothing, whatever the client holds.
    assert!(sent(&keys, Security::NONE).unwrap().is_empty());
    // An empty alternative: optional credentials, sent when held.
    static OPTIONAL: [&[&SecurityScheme]; 2] = [&[], &[&BOT]];
    let optional = Security::Requirements(&OPTIONAL);
    assert!(sent(&Credentials::none(), optional).unwrap().is_empty());
    assert_eq!(sent(&Credentials::bot(TOKEN), optional).unwrap().len(), 1);
    // A hand-built operation: every credential held.
    assert_eq!(sent(&keys, Security::Client).unwrap().len(), 3);
}

#[test]
fn a_missing_credential_is_a_clear_error_without_secrets() {
    for credentials in [
        Credentials::none(),
        Credentials::bearer(TOKEN),
        Credentials::token(&ADMIN, TOKEN),
    ] {
        let error = sent(&credentials, only(&BOT)).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(matches!(error.kind(), ErrorKind::Credentials { .. }));
        assert!(shown.contains("`botToken`"), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

static ADMIN: SecurityScheme = SecurityScheme {
    key: "adminApiKey",
    kind: SchemeKind::Http { scheme: "Admin" },
};

#[test]
fn debug_is_redacted_for_every_scheme() {
    let all = Credentials::bot(TOKEN)
        .and(Credentials::bearer(TOKEN))
        .and(Credentials::session(TOKEN))
        .and(Credentials::token(&HEADER_KEY, TOKEN))
        .and(Credentials::token(&QUERY_KEY, TOKEN))
        .and(Credentials::token(&COOKIE_KEY, TOKEN))
        .and(Credentials::token(&OAUTH, TOKEN))
        .and(Credentials::basic(&BASIC, "user", TOKEN));
    let shown = format!("{all:?} {all:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains("user"), "{shown}");
    assert!(shown.starts_with(
        "Credentials[Bot(<redacted>), Bearer(<redacted>), Session(<redacted>), headerKey(<redacted>)"
    ));
    // A later credential for the same scheme replaces the earlier one.
    let replaced = Credentials::bot("a").and(Credentials::bot("b"));
    assert_eq!(format!("{replaced:?}"), "Credentials[Bot(<redacted>)]");
}

#[test]
fn rejects_bad_secrets_without_echoing_them() {
    for token in [
        "xyzzy\r\nX-Injected: 1",
        "xyzzy\nline",
        "xyz zy",
        "xyzzy\t",
        "xyzzé",
        "xyzzy\u{7f}",
        "",
    ] {
        for credentials in [
            Credentials::bot(token),
            Credentials::token(&HEADER_KEY, token),
            Credentials::token(&COOKIE_KEY, token),
        ] {
            let error = credentials.check().unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Builder { .. }));
            let shown = format!("{error} {error:?}");
            if !token.is_empty() {
                assert!(!shown.contains("xyz"), "{shown}");
            }
        }
    }
    // A query parameter is percent-encoded, so spaces and non-ASCII are fine;
    // control characters are not.
    assert!(Credentials::token(&QUERY_KEY, "a b é").check().is_ok());
    assert!(Credentials::token(&QUERY_KEY, "a\nb").check().is_err());
    assert!(Credentials::token(&COOKIE_KEY, "a;b").check().is_err());
    assert!(Credentials::basic(&BASIC, "a:b", "c").check().is_err());
    assert!(Credentials::basic(&BOT, "a", "c").check().is_err());
}

#[test]
fn base64_matches_rfc_4648() {
    for (input, expected) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(input.as_bytes()), expected);
    }
}
