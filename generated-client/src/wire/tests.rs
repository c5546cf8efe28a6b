//! The wire macros on hand-written models shaped like generated ones.

use std::collections::BTreeMap;

use super::*;

/// A model as the generator writes it.
#[derive(Debug, PartialEq)]
struct Sample {
    id: u64,
    name: Option<String>,
    note: Option<String>,
    extra: BTreeMap<String, serde_json::Value>,
}

crate::wire::object! {
    Sample;
    required id = "id";
    nullable name = "name";
    optional note = "note";
    ..extra;
}

/// Members named like the expansion's own locals, a keyword, and no extras.
#[derive(Debug, PartialEq)]
struct Clashing {
    map: u8,
    key: Option<u8>,
    object: u8,
    r#type: u8,
}

crate::wire::object! {
    Clashing;
    required map = "map";
    optional key = "key";
    required object = "object";
    required r#type = "type";
}

/// No members at all.
#[derive(Debug, PartialEq)]
struct Empty {}

crate::wire::object! {
    Empty;
}

/// An open tuple as the generator writes it: `prefixItems: [string,
/// integer, number, [string, null]]`, `minItems: 1`, rest of strings.
#[derive(Debug, PartialEq)]
struct Open(
    String,
    Option<i64>,
    Option<f64>,
    Option<String>,
    Vec<String>,
);

crate::wire::tuple! {
    Open;
    required 0;
    optional 1;
    optional 2;
    optional_nullable 3;
    ..4;
}

/// A tuple without a rest (`items: false`) and a nullable required item.
#[derive(Debug, PartialEq)]
struct Closed(Option<u8>, Option<u8>);

crate::wire::tuple! {
    Closed;
    nullable 0;
    optional 1;
}

#[test]
fn open_tuples_read_short_arrays_and_keep_extra_items() {
    let short: Open = serde_json::from_str(r#"["a"]"#).unwrap();
    assert_eq!(short, Open("a".into(), None, None, None, vec![]));
    let long: Open = serde_json::from_str(r#"["a",1,2.5,null,"x","y"]"#).unwrap();
    assert_eq!(
        long,
        Open(
            "a".into(),
            Some(1),
            Some(2.5),
            None,
            vec!["x".into(), "y".into()]
        )
    );
    assert_eq!(
        serde_json::to_string(&long).unwrap(),
        r#"["a",1,2.5,null,"x","y"]"#
    );
    assert_eq!(serde_json::to_string(&short).unwrap(), r#"["a"]"#);
    let error = serde_json::from_str::<Open>("[]").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("invalid length 0, expected a JSON array (Open)"),
        "{error}"
    );
    let error = serde_json::from_str::<Open>(r#"{"a":1}"#).unwrap_err();
    assert!(
        error.to_string().contains("expected a JSON array (Open)"),
        "{error}"
    );
    let value = serde_json::json!(["a", 1, 2.0, "d", "e"]);
    assert_eq!(
        serde_json::from_value::<Open>(value).unwrap().4,
        ["e".to_owned()]
    );
}

#[test]
fn a_tuple_cannot_skip_a_position() {
    let gap = Open("a".into(), None, Some(1.0), None, vec![]);
    let error = serde_json::to_string(&gap).unwrap_err();
    assert!(
        error.to_string().contains("item 1 of `Open` is `None`"),
        "{error}"
    );
    let rest_after_gap = Open("a".into(), Some(1), Some(2.0), None, vec!["x".into()]);
    assert_eq!(
        serde_json::to_string(&rest_after_gap).unwrap(),
        r#"["a",1,2.0,null,"x"]"#,
        "a nullable item is written null before a later one"
    );
}

#[test]
fn closed_tuples_refuse_extra_items() {
    let value: Closed = serde_json::from_str("[null]").unwrap();
    assert_eq!(value, Closed(None, None));
    assert_eq!(serde_json::to_string(&value).unwrap(), "[null]");
    assert_eq!(
        serde_json::to_string(&Closed(Some(1), Some(2))).unwrap(),
        "[1,2]"
    );
    let error = serde_json::from_str::<Closed>("[1,2,3]").unwrap_err();
    assert!(error.to_string().contains("invalid length 3"), "{error}");
    assert!(serde_json::from_str::<Closed>("[]").is_err());
}

/// What the generator relies on for tuples of fixed length: serde reads
/// a Rust tuple from an array of exactly its length.
#[test]
fn rust_tuples_are_arrays_of_their_length() {
    let pair: (String, i64) = serde_json::from_str(r#"["a",1]"#).unwrap();
    assert_eq!(serde_json::to_string(&pair).unwrap(), r#"["a",1]"#);
    assert!(serde_json::from_str::<(String, i64)>(r#"["a"]"#).is_err());
    assert!(serde_json::from_str::<(String, i64)>(r#"["a",1,2]"#).is_err());
    let value = serde_json::json!(["a", 1, 2]);
    assert!(serde_json::from_value::<(String, i64)>(value).is_err());
}

#[test]
fn member_names_cannot_clash_with_the_expansion() {
    let json = r#"{"map":1,"key":2,"object":3,"type":4,"other":5}"#;
    let value: Clashing = serde_json::from_str(json).unwrap();
    assert_eq!(
        value,
        Clashing {
            map: 1,
            key: Some(2),
            object: 3,
            r#type: 4
        }
    );
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#"{"map":1,"key":2,"object":3,"type":4}"#
    );
    let empty: Empty = serde_json::from_str(r#"{"a":1}"#).unwrap();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
}

#[test]
fn decodes_members_extras_and_absent_optionals() {
    let sample: Sample =
        serde_json::from_str(r#"{"x":[1],"id":7,"name":null,"a\"b":true}"#).unwrap();
    assert_eq!(sample.id, 7);
    assert_eq!(sample.name, None);
    assert_eq!(sample.note, None);
    assert_eq!(
        sample.extra.keys().collect::<Vec<_>>(),
        ["a\"b", "x"],
        "escaped names are decoded, not borrowed"
    );
}

#[test]
fn a_repeated_member_keeps_its_last_value() {
    let sample: Sample = serde_json::from_str(r#"{"id":1,"id":2}"#).unwrap();
    assert_eq!(sample.id, 2);
}

#[test]
fn errors_name_the_member_and_the_model() {
    let error = serde_json::from_str::<Sample>(r#"{"name":"n"}"#).unwrap_err();
    assert!(error.to_string().contains("missing field `id`"), "{error}");
    let error = serde_json::from_str::<Sample>("[1]").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected a JSON object (Sample)"),
        "{error}"
    );
    let mut decoder = serde_json::Deserializer::from_str(r#"{"id":"seven"}"#);
    let error = serde_path_to_error::deserialize::<_, Sample>(&mut decoder).unwrap_err();
    assert_eq!(error.path().to_string(), "id");
}

#[test]
fn encodes_nulls_only_where_the_member_is_required() {
    let sample = Sample {
        id: 1,
        name: None,
        note: None,
        extra: BTreeMap::from([("z".to_owned(), serde_json::json!(0))]),
    };
    assert_eq!(
        serde_json::to_string(&sample).unwrap(),
        r#"{"id":1,"name":null,"z":0}"#
    );
}

/// A tagged union as the generator writes it, holding one in a list.
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Group(Group),
    Unknown(serde_json::Value),
}

crate::wire::tagged_union! {
    Shape by "kind": str;
    Circle = "circle";
    Group = "group" | "set";
    ..Unknown;
}

#[derive(Debug, PartialEq)]
struct Circle {
    radius: u8,
}

crate::wire::object! {
    Circle;
    required radius;
}

#[derive(Debug, PartialEq)]
struct Group {
    shapes: Vec<Shape>,
}

crate::wire::object! {
    Group;
    required shapes;
}

/// An untagged union as the generator writes it: its members in the order
/// they are tried.
#[derive(Debug, PartialEq)]
enum Size {
    Exact(u8),
    Named(String),
}

crate::wire::untagged_union! {
    Size;
    Exact;
    Named;
}

#[test]
fn tagged_unions_decode_by_their_tag_and_keep_unknown_tags() {
    let group: Shape = serde_json::from_str(
        r#"{"kind":"set","shapes":[{"radius":1,"kind":"circle"},{"kind":"star"}]}"#,
    )
    .unwrap();
    assert_eq!(
        group,
        Shape::Group(Group {
            shapes: vec![
                Shape::Circle(Circle { radius: 1 }),
                Shape::Unknown(serde_json::json!({"kind": "star"})),
            ]
        })
    );
    assert_eq!(
        serde_json::to_value(&group).unwrap(),
        serde_json::json!({"shapes": [{"radius": 1}, {"kind": "star"}]}),
        "a member is written as it is, the tag being one of its own members"
    );
    let error = serde_json::from_str::<Shape>(r#"{"radius":1}"#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected an object with a `kind` member"),
        "{error}"
    );
}

#[test]
fn a_failure_inside_nested_tagged_unions_keeps_the_whole_path() {
    let json = r#"{"kind":"group","shapes":[{"kind":"circle","radius":1},{"kind":"circle","radius":"big"}]}"#;
    forget_member_failure();
    let mut decoder = serde_json::Deserializer::from_str(json);
    let error = serde_path_to_error::deserialize::<_, Shape>(&mut decoder).unwrap_err();
    // serde's own path stops at the outer union.
    assert_eq!(error.path().to_string(), ".");
    let text = error.into_inner().to_string();
    assert!(text.starts_with("shapes[1].radius: invalid type"), "{text}");
    let (path, cause) = take_member_failure(&text).expect("recorded");
    assert_eq!(path, "shapes[1].radius");
    assert!(cause.starts_with("invalid type: string \"big\""), "{cause}");
    assert!(take_member_failure(&text).is_none(), "taken once");
}

#[test]
fn an_untagged_union_that_decodes_forgets_the_failures_of_what_it_tried() {
    // `Exact` is tried first and fails; `Named` matches.
    let size: Size = serde_json::from_str(r#""large""#).unwrap();
    assert_eq!(size, Size::Named("large".to_owned()));
    assert_eq!(serde_json::to_string(&Size::Exact(3)).unwrap(), "3");
    // A member failure recorded earlier is not taken for a later failure.
    let _ = serde_json::from_str::<Shape>(r#"{"kind":"circle","radius":"x"}"#);
    let _: Size = serde_json::from_str("7").unwrap();
    assert!(take_member_failure("invalid type: string \"x\"").is_none());
    let error = serde_json::from_str::<Size>("true").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the value matches none of the forms of `Size`"),
        "{error}"
    );
}

#[test]
fn paths_join_as_serde_path_to_error_writes_them() {
    assert_eq!(join_paths(".", "a.b"), "a.b");
    assert_eq!(join_paths("a", "."), "a");
    assert_eq!(join_paths("a", "[0].b"), "a[0].b");
    assert_eq!(join_paths("a[1]", "b"), "a[1].b");
}

#[test]
fn numbers_decode_to_the_nearest_f64() {
    // serde_json's default parser reads this one unit in the last place off
    // (`…696`); with `float_roundtrip` it reads the nearest `f64`, directly
    // and through a `serde_json::Value` (how unions are read) alike.
    let text = "103.71036268770695";
    let nearest: f64 = text.parse().unwrap();
    assert_eq!(serde_json::from_str::<f64>(text).unwrap(), nearest);
    let value: serde_json::Value = serde_json::from_str(&format!("[{text}]")).unwrap();
    assert_eq!(value[0].as_f64(), Some(nearest));
    let decoded: Vec<f64> = serde_json::from_value(value).unwrap();
    assert_eq!(decoded, [nearest]);
    assert_eq!(serde_json::to_string(&nearest).unwrap(), text);
}
