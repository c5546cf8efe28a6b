//! The checked-in client must be exactly what the schema generates.
//!
//! This is `cargo xtask codegen --check` as a test, so a stale
//! `generated-client/src/generated/` fails `cargo test --workspace`. The fix is
//! always `cargo xtask codegen`, then committing the result.

#[test]
fn generated_client_is_fresh() {
    let root = xtask::workspace_root();
    let generated = match xtask::generate_files(&root, generator::generate) {
        Ok(generated) => generated,
        Err(error) => panic!(
            "\n{}`cargo xtask codegen` cannot run until the schema (or the generator) is fixed",
            error.report()
        ),
    };
    let plan = match xtask::check(&root, &generated) {
        Ok(plan) => plan,
        Err(error) => panic!("\n{}", error.report()),
    };
    assert!(plan.is_fresh(), "\n{}", xtask::render_check_failure(&plan));
}
