//! The generator's `sloppy` fixture snapshot, decoded and encoded with this
//! runtime: untagged unions never lose or mislabel what a value says.

use super::sloppy_fixture::{
    Level, LevelKnown, Network, Owner, Reading, Row, Rule, RuleReview, Subject,
};

#[test]
fn a_value_is_read_as_the_variant_that_keeps_all_of_it() {
    // `Basic` is tried first and would drop `reviewers`.
    let rule: Rule = serde_json::from_str(r#"{"type":"review","reviewers":["ann","bo"]}"#).unwrap();
    assert_eq!(
        rule,
        Rule::Review(RuleReview {
            r#type: "review".to_owned(),
            reviewers: Some(vec!["ann".to_owned(), "bo".to_owned()]),
        })
    );
    assert_eq!(
        serde_json::to_string(&rule).unwrap(),
        r#"{"type":"review","reviewers":["ann","bo"]}"#
    );
    let basic: Rule = serde_json::from_str(r#"{"type":"plain"}"#).unwrap();
    assert!(matches!(basic, Rule::Basic(_)), "{basic:?}");
    // Neither keeps `extra`: the one that keeps the most does.
    let most: Rule = serde_json::from_str(r#"{"type":"x","reviewers":[],"extra":1}"#).unwrap();
    assert!(matches!(most, Rule::Review(_)), "{most:?}");
}

#[test]
fn a_value_is_not_read_as_a_variant_whose_constraints_refuse_it() {
    let v6: Network = serde_json::from_str(r#""2001:db8::/32""#).unwrap();
    assert_eq!(v6, Network::V6("2001:db8::/32".to_owned()));
    let v4: Network = serde_json::from_str(r#""10.0.0.0/8""#).unwrap();
    assert_eq!(v4, Network::V4("10.0.0.0/8".to_owned()));
    let name: Subject = serde_json::from_str(r#""build-bot""#).unwrap();
    assert_eq!(name, Subject::Name("build-bot".to_owned()));
    let id: Subject = serde_json::from_str(r#""6f1c2a4e-8b7d-4c3e-9a1f-0e2d3c4b5a69""#).unwrap();
    assert!(matches!(id, Subject::Id(_)), "{id:?}");
    let known: Level = serde_json::from_str(r#""high""#).unwrap();
    assert_eq!(known, Level::Known(LevelKnown::High));
    let custom: Level = serde_json::from_str(r#""extreme""#).unwrap();
    assert_eq!(custom, Level::Custom("extreme".to_owned()));
}

#[test]
fn a_value_no_variant_foresaw_is_still_read() {
    // Responses liberal: when every variant's guard refuses the value, the
    // variants are tried again without them.
    let network: Network = serde_json::from_str(r#""somewhere""#).unwrap();
    assert_eq!(network, Network::V4("somewhere".to_owned()));
    assert!(serde_json::from_str::<Network>("7").is_err());
}

#[test]
fn a_reading_keeps_its_members_and_its_number_exactly() {
    let reading: Reading = serde_json::from_str(
        r#"{"value":103.71036268770695,"owner":{"id":"1","name":"n"},
            "network":"2001:db8::/32","subject":"build-bot","level":"low"}"#,
    )
    .unwrap();
    assert_eq!(reading.value, 103.710_362_687_706_95);
    assert_eq!(
        reading.owner,
        Some(Owner {
            id: "1".to_owned(),
            name: "n".to_owned(),
        })
    );
    assert_eq!(
        reading.network,
        Some(Network::V6("2001:db8::/32".to_owned()))
    );
    // `required` next to the `allOf` holds: an owner without a name is refused.
    assert!(serde_json::from_str::<Reading>(r#"{"value":1,"owner":{"id":"1"}}"#).is_err());
    assert!(serde_json::from_str::<Reading>(r#"{"value":1,"owner":null}"#).is_ok());
}

#[test]
fn a_member_named_nothing_round_trips() {
    let row: Row =
        serde_json::from_str(r#"{"":"a","empty":2,"code":"abc","status":"done"}"#).unwrap();
    assert_eq!(row.empty, "a");
    assert_eq!(row.empty_2, Some(2));
    assert_eq!(row.status.as_deref(), Some("done"));
    assert_eq!(
        serde_json::to_string(&row).unwrap(),
        r#"{"":"a","empty":2,"code":"abc","status":"done"}"#
    );
}
