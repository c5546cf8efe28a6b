//! Every fixture schema of the generator's snapshot tests generates a client
//! that compiles with warnings denied next to the real runtime, in the same
//! scratch crates `cargo xtask corpus` builds. (`generator/tests/snapshots.rs`
//! checks that this output is exactly the checked-in snapshots.)

#[test]
fn generator_fixtures_compile_without_warnings() {
    let root = xtask::workspace_root();
    let options = xtask::corpus::Options {
        dir: root.join("generator/tests/fixtures"),
        // Outside the repository, as the harness requires.
        scratch: std::env::temp_dir().join("fluxer-fixture-check"),
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = xtask::corpus::run(&root, &options, &mut stdout, &mut stderr);
    assert_eq!(
        status,
        0,
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
}
