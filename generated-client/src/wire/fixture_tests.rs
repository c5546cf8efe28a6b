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

/// The `nulls` fixture: an optional nullable request member is absent, `null`
/// or a value, each written as it is and read back the same; members that
/// are only optional or only nullable, and those of types only received,
/// stay `Option`s.
mod nulls {
    use super::super::nulls_fixture::{Channel, ChannelPatch, Node, Parent};
    use crate::{Constraint, Nullable, Validate};

    fn json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }

    #[test]
    fn each_state_is_written_as_it_is() {
        let absent = ChannelPatch::default();
        assert_eq!(json(&absent), r#"{"nsfw":null}"#);
        let cleared = ChannelPatch {
            topic: Nullable::Null,
            parent: Nullable::Null,
            tags: Nullable::Null,
            ..Default::default()
        };
        assert_eq!(
            json(&cleared),
            r#"{"nsfw":null,"topic":null,"parent":null,"tags":null}"#
        );
        let set = ChannelPatch {
            name: Some("general".into()),
            nsfw: Some(false),
            topic: String::from("news").into(),
            position: 3.into(),
            parent: Parent { id: "9".into() }.into(),
            tags: vec!["a".to_owned()].into(),
        };
        let text = json(&set);
        assert_eq!(
            text,
            r#"{"name":"general","nsfw":false,"topic":"news","position":3,"parent":{"id":"9"},"tags":["a"]}"#
        );
        for value in [absent, cleared, set] {
            let back: ChannelPatch = serde_json::from_str(&json(&value)).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn only_a_value_is_validated() {
        let cleared = ChannelPatch {
            topic: Nullable::Null,
            parent: Nullable::Null,
            ..Default::default()
        };
        assert!(cleared.validate().is_ok());
        let long = ChannelPatch {
            topic: "x".repeat(1025).into(),
            ..Default::default()
        };
        let problem = long.validate().unwrap_err();
        assert_eq!(
            (problem.field(), problem.constraint()),
            ("topic", Constraint::MaxLength(1024))
        );
        let nested = ChannelPatch {
            parent: Parent { id: String::new() }.into(),
            ..Default::default()
        };
        assert_eq!(nested.validate().unwrap_err().field(), "parent.id");
    }

    #[test]
    fn a_type_only_received_keeps_options_and_a_recursive_one_is_boxed() {
        let channel: Channel = serde_json::from_str(r#"{"id":"1","topic":null}"#).unwrap();
        assert_eq!(channel.topic, None);
        assert_eq!(channel.position, None);
        let node: Node =
            serde_json::from_str(r#"{"label":"a","next":{"label":"b","next":null}}"#).unwrap();
        let Nullable::Value(next) = &node.next else {
            panic!("{node:?}")
        };
        assert!(next.next.is_null());
        assert_eq!(
            json(&Node {
                label: "c".into(),
                next: Nullable::Absent
            }),
            r#"{"label":"c"}"#
        );
    }
}
