//! A sample of the property tests' plausible documents
//! (`generator/tests/plausible`) compiles against the real runtime with
//! warnings denied, in the same scratch crates `cargo xtask corpus` builds:
//! the property tests themselves only check that the output parses.
//!
//! The sample is drawn with a fixed seed, so every run compiles the same
//! documents; `ROBUSTNESS_COMPILE_SEED` picks another sample.

#[path = "../../generator/tests/plausible/mod.rs"]
mod plausible;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// How many documents of each kind of names are drawn; those that generate
/// are compiled. The property tests run 256 of each, so this is about one in
/// thirty.
const SAMPLE: usize = 8;

#[test]
fn a_sample_of_plausible_documents_compiles() {
    let seed: u64 = std::env::var("ROBUSTNESS_COMPILE_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(20_261_202);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let dir = std::env::temp_dir().join(format!("robustness-sample-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the sample directory");
    let mut written = 0;
    for (kind, names) in [
        ("tame", plausible::tame_name()),
        ("awkward", plausible::awkward_name()),
    ] {
        let strategy = plausible::document(names);
        for index in 0..SAMPLE {
            let document = strategy
                .new_tree(&mut runner)
                .expect("a document is drawn")
                .current();
            let text = serde_json::to_string_pretty(&document.to_value()).expect("serialises");
            let generates = generator::generate(&generator::Input {
                schema_path: "sample.json",
                schema_text: &text,
                files: &generator::NoFiles,
            })
            .is_ok();
            if generates {
                std::fs::write(dir.join(format!("{kind}-{index}.json")), text)
                    .expect("write a sampled document");
                written += 1;
            }
        }
    }
    assert!(
        written >= SAMPLE,
        "only {written} sampled documents generate"
    );
    let root = xtask::workspace_root();
    let options = xtask::corpus::Options {
        dir: dir.clone(),
        // The fixtures' scratch: dependencies are built once for both.
        scratch: std::env::temp_dir().join("fluxer-fixture-check"),
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = xtask::corpus::run(&root, &options, &mut stdout, &mut stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        status,
        0,
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
}
