//! Decoding and encoding speed of the generated models' serde impls, which
//! come from the runtime's `wire::object!` (a few lines per member calling
//! `wire` helpers) instead of serde's derive, to keep `cargo check` of large
//! APIs fast.
//!
//! `cargo bench -p fluxer-client --bench decode` times a list of 100 channels
//! (the seed page's channel, 20 members, nested overwrites and users) decoded
//! and encoded with the generated `models::Channel` and with
//! `DerivedChannel`, the same struct with `#[derive(Serialize, Deserialize)]`
//! (nested types are the generated ones in both, so only the top-level impls
//! differ).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fluxer_client::models::{Channel, PermissionOverwrite, UserPartial};
use fluxer_client::{Snowflake, Timestamp};
use serde::{Deserialize, Serialize};

const CHANNEL: &str = include_str!("../tests/fixtures/channel.json");

/// `models::Channel` as serde's derive would handle it.
#[derive(Debug, Serialize, Deserialize)]
struct DerivedChannel {
    id: Snowflake,
    r#type: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guild_id: Option<Snowflake>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner_id: Option<Snowflake>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent_id: Option<Snowflake>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bitrate: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rtc_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_message_id: Option<Snowflake>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_pin_timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    permission_overwrites: Option<Vec<PermissionOverwrite>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recipients: Option<Vec<UserPartial>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nsfw: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rate_limit_per_user: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nicks: Option<BTreeMap<String, String>>,
}

fn benches(c: &mut Criterion) {
    let list = format!("[{}]", vec![CHANNEL; 100].join(","));
    let generated: Vec<Channel> = serde_json::from_str(&list).expect("the generated type decodes");
    let derived: Vec<DerivedChannel> =
        serde_json::from_str(&list).expect("the derived type decodes");
    // Both encode to the same JSON, so the comparison is like for like.
    assert_eq!(
        serde_json::to_value(&generated).unwrap(),
        serde_json::to_value(&derived).unwrap()
    );

    let mut group = c.benchmark_group("decode 100 channels");
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Channel>>(black_box(list.as_bytes())))
    });
    group.bench_function("derived", |b| {
        b.iter(|| serde_json::from_slice::<Vec<DerivedChannel>>(black_box(list.as_bytes())))
    });
    group.finish();

    let mut group = c.benchmark_group("encode 100 channels");
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)))
    });
    group.bench_function("derived", |b| {
        b.iter(|| serde_json::to_vec(black_box(&derived)))
    });
    group.finish();
}

criterion_group!(decode, benches);
criterion_main!(decode);
