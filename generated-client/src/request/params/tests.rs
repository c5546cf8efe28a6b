//! The parameter styles against OpenAPI's Style Examples, RFC 6570 and
//! the errors for what they leave undefined.

use std::collections::BTreeMap;

use serde::Serialize;

use super::serializer::JSON_NUMBER;
use super::*;
use crate::request::{Method, OperationInfo, encode_path_segment};

static OP: OperationInfo = OperationInfo::new("op", Method::Get, "/x");

/// The specification's object example, in its order (which is not sorted).
#[derive(Serialize)]
struct Rgb {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
    #[serde(rename = "B")]
    b: u8,
}

const COLOR: Rgb = Rgb {
    r: 100,
    g: 200,
    b: 150,
};
const LIST: [&str; 3] = ["blue", "black", "brown"];

const FORM: QueryStyle = QueryStyle::Form { explode: false };
const FORM_EXPLODE: QueryStyle = QueryStyle::Form { explode: true };
const SPACE: QueryStyle = QueryStyle::SpaceDelimited { explode: false };
const PIPE: QueryStyle = QueryStyle::PipeDelimited { explode: false };
const DEEP: QueryStyle = QueryStyle::DeepObject;

fn spec() -> RequestSpec<()> {
    RequestSpec::new(&OP, "/x".to_owned())
}

fn query<V: Serialize + ?Sized>(value: &V, style: QueryStyle) -> String {
    spec()
        .query_param("color", value, style)
        .unwrap_or_else(|error| panic!("{style:?}: {error}"))
        .query_string()
}

fn query_error<V: Serialize + ?Sized>(value: &V, style: QueryStyle) -> String {
    let error = spec().query_param("color", value, style).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Encode { .. }),
        "{error:?}"
    );
    error.to_string()
}

/// Every query row of the Style Examples table (OpenAPI 3.1.1 and 3.2.0).
#[test]
fn query_style_examples() {
    let rows: [(QueryStyle, &str, &str, &str); 5] = [
        (
            FORM,
            "color=blue",
            "color=blue,black,brown",
            "color=R,100,G,200,B,150",
        ),
        (
            FORM_EXPLODE,
            "color=blue",
            "color=blue&color=black&color=brown",
            "R=100&G=200&B=150",
        ),
        (
            SPACE,
            "",
            "color=blue%20black%20brown",
            "color=R%20100%20G%20200%20B%20150",
        ),
        (
            PIPE,
            "",
            "color=blue%7Cblack%7Cbrown",
            "color=R%7C100%7CG%7C200%7CB%7C150",
        ),
        (
            DEEP,
            "",
            "",
            "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
        ),
    ];
    for (style, primitive, list, object) in rows {
        if primitive.is_empty() {
            query_error(&"blue", style);
        } else {
            assert_eq!(query(&"blue", style), primitive, "{style:?}");
        }
        if list.is_empty() {
            query_error(&LIST, style);
        } else {
            assert_eq!(query(&LIST, style), list, "{style:?}");
        }
        assert_eq!(query(&COLOR, style), object, "{style:?}");
    }
}

/// The cells marked n/a are errors, with messages that say why.
#[test]
fn undefined_query_combinations_are_errors() {
    for style in [
        QueryStyle::SpaceDelimited { explode: true },
        QueryStyle::PipeDelimited { explode: true },
    ] {
        assert!(query_error(&LIST, style).contains("explode: true"));
        assert!(query_error(&COLOR, style).contains("undefined"));
    }
    assert!(query_error(&"blue", SPACE).contains("not for a primitive"));
    assert!(query_error(&3, PIPE).contains("pipeDelimited"));
    assert!(query_error(&LIST, DEEP).contains("only for objects"));
    assert!(query_error(&true, DEEP).contains("deepObject"));
    // Lists or objects inside lists or objects, in every style.
    let nested_list = vec![vec![1, 2], vec![3]];
    let nested_object = BTreeMap::from([("a", BTreeMap::from([("b", 1)]))]);
    let list_in_object = BTreeMap::from([("a", vec![1, 2])]);
    for style in [FORM, FORM_EXPLODE, SPACE, PIPE, DEEP] {
        let message = query_error(&nested_list, style);
        assert!(
            message.contains("`color` holds a list or object inside"),
            "{message}"
        );
        query_error(&nested_object, style);
        query_error(&list_in_object, style);
    }
    // Deeper nesting is refused while serialising.
    let deep = vec![vec![vec![1]]];
    assert!(query_error(&deep, FORM).contains("more than two levels"));
}

/// RFC 6570 §2.3: `null`, empty lists and empty objects are undefined and
/// add nothing; an empty string is a value.
#[test]
fn undefined_and_empty_query_values() {
    let empty_list: [u8; 0] = [];
    let only_nulls = BTreeMap::from([("a", None::<u8>)]);
    for style in [FORM, FORM_EXPLODE, SPACE, PIPE, DEEP] {
        assert_eq!(query(&None::<&str>, style), "", "{style:?}");
        assert_eq!(query(&(), style), "", "{style:?}");
        assert_eq!(query(&empty_list, style), "", "{style:?}");
        assert_eq!(query(&[None::<u8>, None], style), "", "{style:?}");
        assert_eq!(query(&BTreeMap::<String, u8>::new(), style), "");
        assert_eq!(query(&only_nulls, style), "", "{style:?}");
    }
    assert_eq!(query(&"", FORM), "color=");
    assert_eq!(query(&"", FORM_EXPLODE), "color=");
    assert_eq!(query(&Some(""), FORM_EXPLODE), "color=");
    assert_eq!(query(&["", "a"], FORM), "color=,a");
    assert_eq!(query(&["", "a"], FORM_EXPLODE), "color=&color=a");
    assert_eq!(query(&["", "a"], PIPE), "color=%7Ca");
    assert_eq!(query(&BTreeMap::from([("k", "")]), FORM_EXPLODE), "k=");
    assert_eq!(query(&BTreeMap::from([("k", "")]), DEEP), "color%5Bk%5D=");
    // `null` items and members are left out.
    assert_eq!(
        query(&[Some(1), None, Some(2)], FORM_EXPLODE),
        "color=1&color=2"
    );
    assert_eq!(query(&[Some(1), None, Some(2)], SPACE), "color=1%202");
    let sparse = BTreeMap::from([("a", Some(1)), ("b", None), ("c", Some(3))]);
    assert_eq!(query(&sparse, FORM), "color=a,1,c,3");
    assert_eq!(query(&sparse, DEEP), "color%5Ba%5D=1&color%5Bc%5D=3");
}

/// Reserved characters inside values are encoded; the separators the
/// style adds are not (form's `,`) or are encoded as the table shows.
#[test]
fn reserved_characters_in_query_values() {
    let cases = [
        ("a,b", "a%2Cb"),
        ("a b", "a%20b"),
        ("a/b", "a%2Fb"),
        ("ü", "%C3%BC"),
        ("&", "%26"),
        ("=", "%3D"),
        ("#", "%23"),
        ("%", "%25"),
        ("+", "%2B"),
        ("a|b", "a%7Cb"),
        ("[x]", "%5Bx%5D"),
        ("?;:@!$'()*", "%3F%3B%3A%40%21%24%27%28%29%2A"),
        ("AZaz09-._~", "AZaz09-._~"),
        ("\r\n\0", "%0D%0A%00"),
        ("😀", "%F0%9F%98%80"),
    ];
    for (raw, encoded) in cases {
        assert_eq!(query(&raw, FORM), format!("color={encoded}"), "{raw:?}");
        assert_eq!(query(&raw, FORM_EXPLODE), format!("color={encoded}"));
        assert_eq!(
            query(&[raw, raw], FORM),
            format!("color={encoded},{encoded}")
        );
        assert_eq!(
            query(&[raw, raw], FORM_EXPLODE),
            format!("color={encoded}&color={encoded}")
        );
        let object = BTreeMap::from([(raw, raw)]);
        assert_eq!(query(&object, FORM), format!("color={encoded},{encoded}"));
        assert_eq!(query(&object, FORM_EXPLODE), format!("{encoded}={encoded}"));
        if !raw.contains(' ') {
            assert_eq!(
                query(&[raw, raw], SPACE),
                format!("color={encoded}%20{encoded}")
            );
        }
        if !raw.contains('|') {
            assert_eq!(
                query(&[raw, raw], PIPE),
                format!("color={encoded}%7C{encoded}")
            );
        }
        if !raw.contains(['[', ']']) {
            assert_eq!(
                query(&object, DEEP),
                format!("color%5B{encoded}%5D={encoded}")
            );
        }
    }
    // Names are encoded like values.
    let spec = spec()
        .query_param("a b&c", &"x", FORM_EXPLODE)
        .unwrap()
        .query_param("ü", &["x", "y"], FORM)
        .unwrap()
        .query_param("d=e", &BTreeMap::from([("k", 1)]), DEEP)
        .unwrap();
    assert_eq!(spec.query_string(), "a%20b%26c=x&%C3%BC=x,y&d%3De%5Bk%5D=1");
}

/// A delimiter inside an item of spaceDelimited, pipeDelimited or a
/// deepObject key would be read as a delimiter: refused.
#[test]
fn delimiters_inside_values_are_refused() {
    assert!(query_error(&["a b", "c"], SPACE).contains("contains a space"));
    assert!(query_error(&BTreeMap::from([("k", "a b")]), SPACE).contains("\"a b\""));
    assert!(query_error(&["a|b"], PIPE).contains("contains a `|`"));
    assert!(query_error(&BTreeMap::from([("a|b", 1)]), PIPE).contains("pipeDelimited"));
    // The other style's delimiter is fine.
    assert_eq!(query(&["a|b"], SPACE), "color=a%7Cb");
    assert_eq!(query(&["a b"], PIPE), "color=a%20b");
    let message = query_error(&BTreeMap::from([("a[b]", 1)]), DEEP);
    assert!(
        message.contains("\"a[b]\" contains `[` or `]`"),
        "{message}"
    );
    let error = spec()
        .query_param("f[x]", &BTreeMap::from([("k", 1)]), DEEP)
        .unwrap_err();
    assert!(error.to_string().contains("its name cannot contain"));
    // Brackets in values are fine.
    assert_eq!(
        query(&BTreeMap::from([("k", "[v]")]), DEEP),
        "color%5Bk%5D=%5Bv%5D"
    );
}

/// Objects keep serde's order: a struct's declaration order (whatever
/// serde_json's `preserve_order` says), a `BTreeMap`'s sorted order.
#[test]
fn object_order_is_serdes() {
    assert_eq!(query(&COLOR, FORM), "color=R,100,G,200,B,150");
    let sorted = BTreeMap::from([("R", 100), ("G", 200), ("B", 150)]);
    assert_eq!(query(&sorted, FORM), "color=B,150,G,200,R,100");
    #[derive(Serialize)]
    struct Partial {
        z: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<u8>,
        x: u8,
    }
    let partial = Partial {
        z: Some(1),
        y: None,
        x: 2,
    };
    assert_eq!(query(&partial, FORM_EXPLODE), "z=1&x=2");
    assert_eq!(query(&partial, DEEP), "color%5Bz%5D=1&color%5Bx%5D=2");
}

/// Scalars of every kind, enums and unions.
#[test]
fn scalars_enums_and_unions() {
    assert_eq!(query(&true, FORM), "color=true");
    assert_eq!(query(&-7_i8, FORM), "color=-7");
    assert_eq!(query(&u64::MAX, FORM), "color=18446744073709551615");
    assert_eq!(query(&i128::MIN, FORM), format!("color=-{}", 1_u128 << 127));
    assert_eq!(query(&1.5_f64, FORM), "color=1.5");
    assert_eq!(query(&1.0_f64, FORM), "color=1.0");
    assert_eq!(query(&0.1_f32, FORM), "color=0.1");
    // As JSON writes it: `1e+300`.
    assert_eq!(query(&1e300_f64, FORM), "color=1e%2B300");
    assert_eq!(query(&'ü', FORM), "color=%C3%BC");
    assert_eq!(query(&[1.5, 2.0], PIPE), "color=1.5%7C2.0");
    assert!(query_error(&f64::NAN, FORM).contains("NaN"));
    assert!(query_error(&[f32::INFINITY], FORM).contains("infinite"));
    assert!(query_error(serde_bytes_like(), FORM).contains("raw bytes"));
    assert_eq!(
        query(&crate::Snowflake::new(1_183_436_478_421_147_648), FORM),
        "color=1183436478421147648"
    );

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        GroupDm,
        #[serde(rename = "a b")]
        Spaced,
    }
    #[derive(Serialize)]
    #[serde(untagged)]
    enum NameOrId {
        Id(u64),
        Name(String),
    }
    assert_eq!(query(&Kind::GroupDm, FORM), "color=group_dm");
    assert_eq!(
        query(&[Kind::GroupDm, Kind::Spaced], FORM),
        "color=group_dm,a%20b"
    );
    assert_eq!(query(&NameOrId::Id(5), FORM), "color=5");
    assert_eq!(
        query(
            &[NameOrId::Id(5), NameOrId::Name("x,y".into())],
            FORM_EXPLODE
        ),
        "color=5&color=x%2Cy"
    );
    // Tuples are lists; an enum variant with data is `{variant: data}`.
    assert_eq!(query(&(1, "a", true), FORM), "color=1,a,true");
    #[derive(Serialize)]
    enum Tagged {
        One(u8),
        Pair(u8, u8),
        Named { a: u8 },
    }
    assert_eq!(query(&Tagged::One(1), FORM_EXPLODE), "One=1");
    query_error(&Tagged::Pair(1, 2), FORM);
    query_error(&Tagged::Named { a: 1 }, FORM);
    // Map keys must be scalars.
    let keyed = BTreeMap::from([(1, "a"), (2, "b")]);
    assert_eq!(query(&keyed, FORM), "color=1,a,2,b");
    let bad_keys = BTreeMap::from([(vec![1], "a")]);
    assert!(query_error(&bad_keys, FORM).contains("map key"));
    // serde_json's `arbitrary_precision` numbers are their digits.
    struct Precise;
    impl Serialize for Precise {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct as _;
            let mut number = serializer.serialize_struct(JSON_NUMBER, 1)?;
            number.serialize_field(JSON_NUMBER, "1.10")?;
            number.end()
        }
    }
    assert_eq!(query(&Precise, FORM), "color=1.10");
    assert_eq!(query(&[Precise, Precise], PIPE), "color=1.10%7C1.10");
}

/// `&[u8]` serialises as a sequence; this serialises as bytes.
fn serde_bytes_like() -> &'static impl Serialize {
    struct Bytes;
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(b"ab")
        }
    }
    &Bytes
}

#[test]
fn serialisation_errors_name_the_parameter() {
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("nope"))
        }
    }
    let message = query_error(&Failing, FORM);
    assert!(
        message.contains("the query parameter `color` cannot be serialised: nope"),
        "{message}"
    );
}

#[test]
fn json_values_keep_their_order_too() {
    // serde_json's map order depends on a feature, so only one member here.
    let value = serde_json::json!({"R": 100});
    assert_eq!(query(&value, FORM), "color=R,100");
    assert_eq!(query(&serde_json::json!([1, "a", null]), FORM), "color=1,a");
    assert_eq!(query(&serde_json::json!(null), FORM), "");
    assert_eq!(query(&serde_json::json!(2.5), FORM), "color=2.5");
}

#[test]
fn query_json_sends_the_json_text() {
    let spec = spec()
        .query_json("filter", &serde_json::json!({"a": [1, "x y"]}))
        .unwrap()
        .query_json("none", &None::<u8>)
        .unwrap()
        .query_json("text", "a,b")
        .unwrap();
    assert_eq!(
        spec.query_string(),
        "filter=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D&none=null&text=%22a%2Cb%22"
    );
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("nope"))
        }
    }
    let error = RequestSpec::<()>::new(&OP, "/x")
        .query_json("bad", &Failing)
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
    assert!(
        error
            .to_string()
            .contains("`bad` cannot be serialised as JSON: nope")
    );
}

fn path<V: Serialize + ?Sized>(value: &V, style: PathStyle) -> String {
    path_param("color", value, style).unwrap_or_else(|error| panic!("{style:?}: {error}"))
}

const SIMPLE: PathStyle = PathStyle::Simple { explode: false };
const SIMPLE_EXPLODE: PathStyle = PathStyle::Simple { explode: true };
const LABEL: PathStyle = PathStyle::Label { explode: false };
const LABEL_EXPLODE: PathStyle = PathStyle::Label { explode: true };
const MATRIX: PathStyle = PathStyle::Matrix { explode: false };
const MATRIX_EXPLODE: PathStyle = PathStyle::Matrix { explode: true };
const PATH_STYLES: [PathStyle; 6] = [
    SIMPLE,
    SIMPLE_EXPLODE,
    LABEL,
    LABEL_EXPLODE,
    MATRIX,
    MATRIX_EXPLODE,
];

/// Every path row of the Style Examples table (OpenAPI 3.1.1 and 3.2.0);
/// the `undefined` column is what RFC 6570 gives for the empty string.
#[test]
fn path_style_examples() {
    let rows = [
        (
            MATRIX,
            ";color",
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ),
        (
            MATRIX_EXPLODE,
            ";color",
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ),
        (
            LABEL,
            ".",
            ".blue",
            ".blue,black,brown",
            ".R,100,G,200,B,150",
        ),
        (
            LABEL_EXPLODE,
            ".",
            ".blue",
            ".blue.black.brown",
            ".R=100.G=200.B=150",
        ),
        (SIMPLE, "", "blue", "blue,black,brown", "R,100,G,200,B,150"),
        (
            SIMPLE_EXPLODE,
            "",
            "blue",
            "blue,black,brown",
            "R=100,G=200,B=150",
        ),
    ];
    for (style, empty, primitive, list, object) in rows {
        assert_eq!(path(&"", style), empty, "{style:?}");
        assert_eq!(path(&"blue", style), primitive, "{style:?}");
        assert_eq!(path(&LIST, style), list, "{style:?}");
        assert_eq!(path(&COLOR, style), object, "{style:?}");
    }
    assert_eq!(PathStyle::default(), SIMPLE);
}

/// RFC 6570 §2.3: undefined values expand to nothing, prefix included
/// (`X{.undef}` is `X`, `{;undef}` is empty); empty strings inside
/// lists and objects keep their place.
#[test]
fn undefined_and_empty_path_values() {
    let empty_list: [u8; 0] = [];
    for style in PATH_STYLES {
        assert_eq!(path(&None::<u8>, style), "", "{style:?}");
        assert_eq!(path(&empty_list, style), "", "{style:?}");
        assert_eq!(path(&BTreeMap::<u8, u8>::new(), style), "", "{style:?}");
        assert_eq!(path(&[None::<u8>], style), "", "{style:?}");
    }
    assert_eq!(path(&["", "a"], SIMPLE), ",a");
    assert_eq!(path(&["", "a"], LABEL_EXPLODE), "..a");
    assert_eq!(path(&["", "a"], MATRIX), ";color=,a");
    // Matrix drops the `=` of an empty value: `{;list*}` with "" is `;list`.
    assert_eq!(path(&["", "a"], MATRIX_EXPLODE), ";color;color=a");
    let object = BTreeMap::from([("k", "")]);
    assert_eq!(path(&object, MATRIX_EXPLODE), ";k");
    assert_eq!(path(&object, SIMPLE_EXPLODE), "k=");
    assert_eq!(path(&object, LABEL_EXPLODE), ".k=");
    assert_eq!(path(&object, MATRIX), ";color=k,");
}

/// Reserved characters inside values are encoded in every style, so a
/// `/` never splits the path; the style's separators stay literal.
#[test]
fn reserved_characters_in_path_values() {
    let cases = [
        ("a,b", "a%2Cb"),
        ("a b", "a%20b"),
        ("a/b", "a%2Fb"),
        ("ü", "%C3%BC"),
        ("&", "%26"),
        ("=", "%3D"),
        ("#", "%23"),
        ("%", "%25"),
        ("?", "%3F"),
        (";", "%3B"),
        (".", "."),
        ("AZaz09-_~", "AZaz09-_~"),
    ];
    for (raw, encoded) in cases {
        assert_eq!(path(&raw, SIMPLE), encoded, "{raw:?}");
        assert_eq!(path(&raw, SIMPLE), encode_path_segment(raw));
        assert_eq!(path(&raw, LABEL), format!(".{encoded}"));
        assert_eq!(path(&raw, MATRIX), format!(";color={encoded}"));
        assert_eq!(path(&[raw, raw], SIMPLE), format!("{encoded},{encoded}"));
        assert_eq!(
            path(&[raw, raw], LABEL_EXPLODE),
            format!(".{encoded}.{encoded}")
        );
        assert_eq!(
            path(&[raw, raw], MATRIX_EXPLODE),
            format!(";color={encoded};color={encoded}")
        );
        let object = BTreeMap::from([(raw, raw)]);
        assert_eq!(path(&object, SIMPLE), format!("{encoded},{encoded}"));
        assert_eq!(
            path(&object, SIMPLE_EXPLODE),
            format!("{encoded}={encoded}")
        );
        assert_eq!(
            path(&object, MATRIX_EXPLODE),
            format!(";{encoded}={encoded}")
        );
    }
    for style in PATH_STYLES {
        assert!(!path(&["a/b", "c/d"], style).contains('/'), "{style:?}");
    }
    // The name of a matrix parameter is encoded too.
    assert_eq!(path_param("a b", &1, MATRIX).unwrap(), ";a%20b=1");
}

#[test]
fn undefined_path_combinations_are_errors() {
    for style in PATH_STYLES {
        let error = path_param("id", &[[1]], style).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
        assert!(
            error
                .to_string()
                .contains("the path parameter `id` holds a list"),
            "{error}"
        );
        assert!(path_param("id", &BTreeMap::from([("k", [1])]), style).is_err());
        assert!(path_param("id", &f64::NAN, style).is_err());
    }
}

fn header(value: &(impl Serialize + ?Sized), explode: bool) -> Vec<(&'static str, String)> {
    spec()
        .header_param("X-Color", value, explode)
        .unwrap_or_else(|error| panic!("{error}"))
        .header_pairs()
        .to_vec()
}

fn one_header(value: &(impl Serialize + ?Sized), explode: bool) -> String {
    match header(value, explode).as_slice() {
        [("X-Color", text)] => text.clone(),
        other => panic!("{other:?}"),
    }
}

/// The header rows of the Style Examples table (`simple`).
#[test]
fn header_style_examples() {
    for explode in [false, true] {
        assert_eq!(one_header(&"blue", explode), "blue");
        assert_eq!(one_header(&LIST, explode), "blue,black,brown");
        assert_eq!(one_header(&"", explode), "");
        assert_eq!(header(&None::<u8>, explode), []);
        assert_eq!(header(&Vec::<u8>::new(), explode), []);
    }
    assert_eq!(one_header(&COLOR, false), "R,100,G,200,B,150");
    assert_eq!(one_header(&COLOR, true), "R=100,G=200,B=150");
    assert_eq!(one_header(&[Some(1), None, Some(2)], false), "1,2");
}

/// Header values are passed through unchanged (OpenAPI 3.2), but only
/// what a header can carry is accepted.
#[test]
fn header_values_are_sent_as_they_are_and_checked() {
    for raw in [
        "a b,c=%20;d",
        "\"etag\"",
        "W/\"x\"",
        "a\tb",
        "~!#$&'()*+/:<>?@[]^`{|}",
    ] {
        assert_eq!(one_header(&raw, false), raw);
    }
    for (bad, what) in [
        ("a\r\nX-Injected: 1", "a line break"),
        ("a\nb", "a line break"),
        ("a\0b", "a control character"),
        ("\u{7f}", "a control character"),
        ("grüße", "a character outside ASCII"),
    ] {
        let error = spec().header_param("X-Color", bad, false).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
        let message = error.to_string();
        assert!(
            message.contains("the header parameter `X-Color` contains") && message.contains(what),
            "{message}"
        );
        assert!(spec().header_param("X-Color", &[bad], true).is_err());
    }
    for bad_name in ["X Color", "", "X:Color", "X-Cölor", "X\r\n"] {
        let error = spec().header_param(bad_name, "v", false).unwrap_err();
        assert!(
            error.to_string().contains("not a valid header name"),
            "{error}"
        );
    }
    assert!(spec().header_param("X-Color", &[[1]], false).is_err());
    // Several headers keep their order; `header` still works beside them.
    let spec = spec()
        .header_param("X-A", &1, false)
        .unwrap()
        .header("X-B", "two")
        .header_param("X-C", &[3, 4], true)
        .unwrap();
    assert_eq!(
        spec.header_pairs(),
        [
            ("X-A", "1".to_owned()),
            ("X-B", "two".to_owned()),
            ("X-C", "3,4".to_owned())
        ]
    );
}

fn cookie(value: &(impl Serialize + ?Sized), explode: bool) -> Option<String> {
    let spec = spec()
        .cookie_param("color", value, explode)
        .unwrap_or_else(|error| panic!("{error}"));
    match spec.header_pairs() {
        [] => None,
        [("Cookie", text)] => Some(text.clone()),
        other => panic!("{other:?}"),
    }
}

/// The cookie rows of the Style Examples table (`form` in 3.1.1; the
/// `; ` separator of 3.2's `cookie` rows, since `&` is wrong in a
/// `Cookie` header), with form's percent-encoding.
#[test]
fn cookie_style_examples() {
    for explode in [false, true] {
        assert_eq!(cookie(&"blue", explode).unwrap(), "color=blue");
        assert_eq!(cookie(&"", explode).unwrap(), "color=");
        assert_eq!(cookie(&None::<u8>, explode), None);
        assert_eq!(cookie(&BTreeMap::<u8, u8>::new(), explode), None);
    }
    assert_eq!(cookie(&LIST, false).unwrap(), "color=blue,black,brown");
    assert_eq!(
        cookie(&LIST, true).unwrap(),
        "color=blue; color=black; color=brown"
    );
    assert_eq!(cookie(&COLOR, false).unwrap(), "color=R,100,G,200,B,150");
    assert_eq!(cookie(&COLOR, true).unwrap(), "R=100; G=200; B=150");
}

#[test]
fn cookie_values_are_encoded_and_names_checked() {
    // OpenAPI 3.2's example of form's percent-encoding in a cookie.
    let greeting = spec()
        .cookie_param("greeting", "Hello, world!", false)
        .unwrap();
    assert_eq!(
        greeting.header_pairs(),
        [("Cookie", "greeting=Hello%2C%20world%21".to_owned())]
    );
    assert_eq!(
        cookie(&"a;b\r\nSet-Cookie: x=1", false).unwrap(),
        "color=a%3Bb%0D%0ASet-Cookie%3A%20x%3D1"
    );
    assert_eq!(cookie(&["a,b", "ü"], false).unwrap(), "color=a%2Cb,%C3%BC");
    for bad_name in ["a b", "", "a;b", "a=b", "grüße", "a\r\n"] {
        let error = spec().cookie_param(bad_name, "v", false).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
        assert!(
            error.to_string().contains("not a valid cookie name"),
            "{error}"
        );
    }
    let bad_key = BTreeMap::from([("a=b", 1)]);
    let error = spec().cookie_param("c", &bad_key, true).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("\"a=b\" is not a valid cookie name"),
        "{error}"
    );
    // Without explode the keys are values, and encoded.
    assert_eq!(cookie(&bad_key, false).unwrap(), "color=a%3Db,1");
    assert!(spec().cookie_param("c", &[[1]], false).is_err());
}

/// Every cookie goes into one `Cookie` header, `header("Cookie", ..)` too.
#[test]
fn cookies_share_one_header() {
    let spec = spec()
        .header("X-A", "1")
        .cookie_param("a", &1, true)
        .unwrap()
        .cookie_param("none", &None::<u8>, true)
        .unwrap()
        .header("cookie", "raw=x")
        .cookie_param("b", &["2", "3"], true)
        .unwrap()
        .header_param("Cookie", &"c=4", false)
        .unwrap();
    assert_eq!(
        spec.header_pairs(),
        [
            ("X-A", "1".to_owned()),
            ("Cookie", "a=1; raw=x; b=2; b=3; c=4".to_owned())
        ]
    );
}

/// The methods that predate styles.
#[test]
fn query_and_query_serialized() {
    let spec = spec()
        .query("a b", "c&d")
        .query("n", 5)
        .query_serialized("ids", &[Some(1), None, Some(2)])
        .unwrap()
        .query_serialized("one", &"x,y")
        .unwrap()
        .query_serialized("none", &None::<u8>)
        .unwrap();
    assert_eq!(spec.query_string(), "a%20b=c%26d&n=5&ids=1&ids=2&one=x%2Cy");
    let error = spec
        .clone()
        .query_serialized("o", &BTreeMap::from([("k", 1)]))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("must be a scalar or a list of scalars")
    );
    assert!(spec.query_serialized("o", &[[1]]).is_err());
    assert_eq!(QueryStyle::default(), FORM_EXPLODE);
}
