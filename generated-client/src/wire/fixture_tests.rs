//! The generator's `tuples` fixture snapshot, decoded and encoded with this runtime.

use super::tuples_fixture::{Place, PlaceExtra, PlaceHours, Position, PutSettingResponse, Tree};
use crate::Constraint;
use crate::Validate;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|error| panic!("{json}: {error}"));
    let original: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), original, "{json}");
    value
}

#[test]
fn an_open_tuple_keeps_the_items_after_its_prefix() {
    let position: Position = round_trip("[2.35,48.85]");
    assert_eq!(position, Position(2.35, 48.85, vec![]));
    let with_altitude: Position = round_trip("[2.35,48.85,35.0,1.0]");
    assert_eq!(with_altitude.2, [35.0, 1.0]);
    let error = serde_json::from_str::<Position>("[2.35]").unwrap_err();
    assert!(error.to_string().contains("invalid length 1"), "{error}");
}

#[test]
fn a_place_with_every_kind_of_tuple_round_trips() {
    let place: Place = round_trip(
        r#"{"name":"Louvre","location":[2.3376,48.8606],"outline":[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]],
            "bbox":[2.33,48.85,2.34,48.87],"hours":[9],"label":["museum",{"kind":"art"}],
            "extra":["tag",1,{"a":true}]}"#,
    );
    assert_eq!(place.bbox, Some((2.33, 48.85, 2.34, 48.87)));
    assert_eq!(place.hours, Some(PlaceHours(9, None)));
    assert_eq!(
        place.label.as_ref().map(|label| label.1.kind.as_str()),
        Some("art")
    );
    let extra = place.extra.clone().unwrap();
    assert_eq!(extra.0.as_deref(), Some("tag"));
    assert_eq!(extra.1.len(), 2);
    assert_eq!(round_trip::<PlaceExtra>("[]"), PlaceExtra::default());
    assert!(place.validate().is_ok());
}

#[test]
fn closed_tuples_refuse_more_items_than_the_schema_allows() {
    assert!(serde_json::from_str::<PlaceHours>("[9,17]").is_ok());
    assert!(serde_json::from_str::<PlaceHours>("[9,17,20]").is_err());
    let bbox = r#"{"name":"n","location":[0,0],"bbox":[1,2,3]}"#;
    assert!(serde_json::from_str::<Place>(bbox).is_err());
}

#[test]
fn constraints_inside_items_are_checked() {
    let place = Place {
        name: "n".into(),
        location: Position(200.0, 0.0, vec![]),
        outline: None,
        bbox: None,
        hours: Some(PlaceHours(9, Some(24))),
        label: None,
        extra: None,
    };
    let error = place.validate().unwrap_err();
    assert_eq!(error.field(), "location[0]");
    assert_eq!(error.constraint(), Constraint::Maximum(180));
    let place = Place {
        location: Position(2.0, 48.0, vec![]),
        ..place
    };
    let error = place.validate().unwrap_err();
    assert_eq!(error.field(), "hours[1]");
    assert_eq!(error.constraint(), Constraint::Maximum(23));
}

#[test]
fn recursive_and_nested_tuples_round_trip() {
    let tree: Tree = round_trip(r#"["root",["a"],["b",["c"]]]"#);
    assert_eq!(tree.1.as_ref().map(|a| a.0.as_str()), Some("a"));
    assert!(
        tree.2
            .as_ref()
            .is_some_and(|b| b.1.is_some() && b.2.is_none())
    );
    let history: PutSettingResponse = round_trip(r#"[["a",1],["b",null],["c",3]]"#);
    assert_eq!(history.0, ("a".to_owned(), Some(1)));
    assert_eq!(
        history.1,
        [("b".to_owned(), None), ("c".to_owned(), Some(3))]
    );
    assert!(serde_json::from_str::<PutSettingResponse>("[]").is_err());
}
