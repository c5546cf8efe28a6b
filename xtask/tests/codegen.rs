//! Tests of `cargo xtask codegen` against temporary workspaces, with hand-made
//! generator output, so they do not depend on the real generator or schema;
//! one runs the real generator on a small schema written in two files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use xtask::{
    Action, Command, Diagnostic, Diagnostics, Error, FIX_COMMAND, Generated, GeneratedFile,
    OUTPUT_DIR, Plan, Severity, apply, check, parse_args, plan, read_existing, render_changes,
    render_check_failure, run,
};

/// A temporary workspace root, removed on drop.
struct TempRoot(PathBuf);

impl TempRoot {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// `<root>/generated-client/src/generated/<relative>`.
    fn out(&self, relative: &str) -> PathBuf {
        let mut path = self.0.join(OUTPUT_DIR);
        if !relative.is_empty() {
            path.extend(relative.split('/'));
        }
        path
    }

    fn write_out(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.out(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    fn write_schema(&self) {
        fs::create_dir_all(self.0.join("schema")).unwrap();
        fs::write(self.0.join("schema/fluxer.yaml"), "openapi: 3.1.0\n").unwrap();
    }

    /// Every file and directory under the root, with file contents and mtimes.
    fn snapshot(&self) -> BTreeMap<PathBuf, Option<(Vec<u8>, SystemTime)>> {
        fn walk(dir: &Path, into: &mut BTreeMap<PathBuf, Option<(Vec<u8>, SystemTime)>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let metadata = fs::symlink_metadata(&path).unwrap();
                if metadata.is_dir() {
                    into.insert(path.clone(), None);
                    walk(&path, into);
                } else {
                    let contents = fs::read(&path).unwrap();
                    into.insert(path, Some((contents, metadata.modified().unwrap())));
                }
            }
        }
        let mut snapshot = BTreeMap::new();
        walk(&self.0, &mut snapshot);
        snapshot
    }

    /// Every path under the root whose name contains `.tmp-`.
    fn temporary_files(&self) -> Vec<PathBuf> {
        self.snapshot()
            .into_keys()
            .filter(|path| path.to_string_lossy().contains(".tmp-"))
            .collect()
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn file(path: &str, contents: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.to_owned(),
        contents: contents.to_owned(),
    }
}

fn existing(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|(path, contents)| ((*path).to_owned(), contents.as_bytes().to_vec()))
        .collect()
}

fn actions(plan: &Plan) -> Vec<(&str, Action)> {
    plan.files
        .iter()
        .map(|file| (file.path.as_str(), file.action))
        .collect()
}

const OLD_TIME: Duration = Duration::from_secs(1_000_000_000);

fn age(path: &Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + OLD_TIME)
        .unwrap();
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

// ---------------------------------------------------------------- plan (pure)

#[test]
fn plan_classifies_every_file_in_path_order() {
    let generated = [
        file("operations/b.rs", "b\n"),
        file("models.rs", "new\n"),
        file("mod.rs", "mod\n"),
    ];
    let on_disk = existing(&[
        ("mod.rs", "mod\n"),
        ("models.rs", "old\n"),
        ("operations/stale.rs", "gone\n"),
    ]);
    let plan = plan(&generated, &on_disk).unwrap();
    assert_eq!(
        actions(&plan),
        [
            ("mod.rs", Action::Keep),
            ("models.rs", Action::Update),
            ("operations/b.rs", Action::Create),
            ("operations/stale.rs", Action::Delete),
        ]
    );
    assert!(!plan.is_fresh());
    assert_eq!(plan.generated_count(), 3);
    assert_eq!(plan.count(Action::Keep), 1);
    let models = &plan.files[1];
    assert_eq!(models.old.as_deref(), Some(&b"old\n"[..]));
    assert_eq!(models.new.as_deref(), Some("new\n"));
    assert_eq!(
        models.display_path(),
        "generated-client/src/generated/models.rs"
    );
}

#[test]
fn plan_compares_bytes_exactly() {
    let generated = [file("a.rs", "x\n"), file("b.rs", "y")];
    let on_disk = existing(&[("a.rs", "x\r\n"), ("b.rs", "y\n")]);
    let plan = plan(&generated, &on_disk).unwrap();
    assert_eq!(
        actions(&plan),
        [("a.rs", Action::Update), ("b.rs", Action::Update)]
    );
}

#[test]
fn plan_of_identical_files_is_fresh() {
    let generated = [file("mod.rs", "mod\n"), file("a/b.rs", "b\n")];
    let plan = plan(
        &generated,
        &existing(&[("a/b.rs", "b\n"), ("mod.rs", "mod\n")]),
    )
    .unwrap();
    assert!(plan.is_fresh());
    assert_eq!(plan.changes().count(), 0);
    assert_eq!(render_changes(&plan), "codegen: up to date (2 files)\n");
}

#[test]
fn plan_rejects_unsafe_duplicate_and_conflicting_paths() {
    let cases: [(&[GeneratedFile], &str); 8] = [
        (&[file("../escape.rs", "")], "`../escape.rs`"),
        (&[file("/abs.rs", "")], "`/abs.rs`"),
        (&[file("a//b.rs", "")], "`a//b.rs`"),
        (&[file("a/./b.rs", "")], "`a/./b.rs`"),
        (&[file("a\\b.rs", "")], "`a\\b.rs`"),
        (&[file("", "")], "``"),
        (
            &[file("x.rs", "1"), file("x.rs", "2")],
            "produced `x.rs` twice",
        ),
        (
            &[file("models", ""), file("models/a.rs", "")],
            "both the file `models` and the file `models/a.rs`",
        ),
    ];
    for (generated, expected) in cases {
        let error = plan(generated, &BTreeMap::new()).unwrap_err();
        assert!(matches!(error, Error::Tree(_)), "{error:?}");
        let report = error.report();
        assert!(report.contains(expected), "{report}");
        assert!(report.ends_with("; nothing was written\n"), "{report}");
    }
}

// ------------------------------------------------------------- apply (disk)

#[test]
fn apply_creates_updates_deletes_and_leaves_unchanged_files_alone() {
    let root = TempRoot::new("apply");
    root.write_out("mod.rs", "pub mod models;\n");
    root.write_out("models.rs", "pub struct Old;\n");
    root.write_out("operations/removed.rs", "gone\n");
    root.write_out("operations/kept.rs", "kept\n");
    root.write_out("old/deeply/nested.rs", "gone\n");
    fs::create_dir_all(root.out("empty/subdir")).unwrap();
    age(&root.out("mod.rs"));
    age(&root.out("operations/kept.rs"));

    let generated = [
        file("mod.rs", "pub mod models;\n"),
        file("models.rs", "pub struct New;\n"),
        file("operations/kept.rs", "kept\n"),
        file("operations/new/created.rs", "created\n"),
    ];
    let plan = check(root.path(), &generated).unwrap();
    apply(root.path(), &plan).unwrap();

    let expected: BTreeMap<String, Vec<u8>> = generated
        .iter()
        .map(|file| (file.path.clone(), file.contents.clone().into_bytes()))
        .collect();
    assert_eq!(read_existing(root.path()).unwrap(), expected);
    // Unchanged files were not rewritten: their old modification time survives.
    assert_eq!(
        modified(&root.out("mod.rs")),
        SystemTime::UNIX_EPOCH + OLD_TIME
    );
    assert_eq!(
        modified(&root.out("operations/kept.rs")),
        SystemTime::UNIX_EPOCH + OLD_TIME
    );
    // Directories left empty (or empty to begin with) are gone; needed ones stay.
    assert!(!root.out("old").exists());
    assert!(!root.out("empty").exists());
    assert!(root.out("operations").is_dir());
    assert_eq!(root.temporary_files(), Vec::<PathBuf>::new());
    assert!(check(root.path(), &generated).unwrap().is_fresh());

    assert_eq!(
        render_changes(&plan),
        "  updated generated-client/src/generated/models.rs\n\
         \x20 deleted generated-client/src/generated/old/deeply/nested.rs\n\
         \x20 created generated-client/src/generated/operations/new/created.rs\n\
         \x20 deleted generated-client/src/generated/operations/removed.rs\n\
         codegen: 1 updated, 1 created, 2 deleted, 2 unchanged\n"
    );
}

#[test]
fn apply_creates_the_output_directory() {
    let root = TempRoot::new("create-dir");
    let generated = [file("mod.rs", "mod\n"), file("a/b.rs", "b\n")];
    let plan = check(root.path(), &generated).unwrap();
    assert_eq!(
        actions(&plan),
        [("a/b.rs", Action::Create), ("mod.rs", Action::Create)]
    );
    apply(root.path(), &plan).unwrap();
    assert_eq!(fs::read_to_string(root.out("a/b.rs")).unwrap(), "b\n");
    assert_eq!(fs::read_to_string(root.out("mod.rs")).unwrap(), "mod\n");
    assert_eq!(root.temporary_files(), Vec::<PathBuf>::new());
}

#[test]
fn apply_swaps_files_and_directories_of_the_same_name() {
    let root = TempRoot::new("swap");
    root.write_out("models", "was a file\n");
    root.write_out("ops.rs/inner.rs", "was a directory\n");
    let generated = [file("models/a.rs", "a\n"), file("ops.rs", "ops\n")];
    let plan = check(root.path(), &generated).unwrap();
    apply(root.path(), &plan).unwrap();
    assert_eq!(fs::read_to_string(root.out("models/a.rs")).unwrap(), "a\n");
    assert_eq!(fs::read_to_string(root.out("ops.rs")).unwrap(), "ops\n");
    assert!(check(root.path(), &generated).unwrap().is_fresh());
}

#[test]
fn leftover_temporary_files_are_deleted() {
    let root = TempRoot::new("leftover");
    root.write_out("mod.rs", "mod\n");
    root.write_out("mod.rs.tmp-12345", "half-written");
    let generated = [file("mod.rs", "mod\n")];
    let plan = check(root.path(), &generated).unwrap();
    assert_eq!(
        actions(&plan),
        [
            ("mod.rs", Action::Keep),
            ("mod.rs.tmp-12345", Action::Delete)
        ]
    );
    apply(root.path(), &plan).unwrap();
    assert_eq!(root.temporary_files(), Vec::<PathBuf>::new());
}

#[test]
fn non_utf8_files_are_stale_and_replaced() {
    let root = TempRoot::new("non-utf8");
    root.write_out("models.rs", b"pub struct A;\n\xff\xfe\n");
    let generated = [file("models.rs", "pub struct A;\n")];
    let plan = check(root.path(), &generated).unwrap();
    assert_eq!(actions(&plan), [("models.rs", Action::Update)]);
    let failure = render_check_failure(&plan);
    assert!(failure.contains("-\u{fffd}\u{fffd}\n"), "{failure}");
    assert!(failure.contains("not valid UTF-8"), "{failure}");
    apply(root.path(), &plan).unwrap();
    assert_eq!(fs::read(root.out("models.rs")).unwrap(), b"pub struct A;\n");
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_generated_tree_are_refused() {
    let root = TempRoot::new("symlink");
    root.write_out("mod.rs", "mod\n");
    std::os::unix::fs::symlink(root.out("mod.rs"), root.out("link.rs")).unwrap();
    let error = read_existing(root.path()).unwrap_err();
    assert_eq!(
        error.report(),
        "error: generated-client/src/generated/link.rs is neither a regular file nor a \
         directory; everything under generated-client/src/generated/ is generated, so remove \
         it; nothing was written\n"
    );
}

#[test]
fn io_errors_name_the_path() {
    let root = TempRoot::new("io-error");
    // `generated-client` is a file, so its `src/generated` cannot be created.
    fs::write(root.path().join("generated-client"), "").unwrap();
    let plan = plan(&[file("mod.rs", "mod\n")], &BTreeMap::new()).unwrap();
    let error = apply(root.path(), &plan).unwrap_err();
    let report = error.report();
    assert!(
        report.starts_with("error: could not create directory generated-client/src/generated: "),
        "{report}"
    );
    assert!(matches!(error, Error::Io { .. }));
}

// ------------------------------------------------------------------- check

#[test]
fn check_writes_nothing_and_shows_a_diff_with_the_fix() {
    let root = TempRoot::new("check");
    root.write_out("mod.rs", "pub mod models;\n");
    root.write_out(
        "models.rs",
        "one\ntwo\nthree\nfour\nfive\nsix\nseven\nold line\n",
    );
    root.write_out("extra.rs", "extra\n");
    let generated = [
        file("mod.rs", "pub mod models;\n"),
        file(
            "models.rs",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\nnew line\n",
        ),
        file("missing.rs", "missing\n"),
    ];
    let before = root.snapshot();
    let plan = check(root.path(), &generated).unwrap();
    let failure = render_check_failure(&plan);
    assert_eq!(root.snapshot(), before, "check mode must not write");

    assert_eq!(
        failure,
        format!(
            "\
generated-client/src/generated/extra.rs is not generated from the schema (would be deleted):
--- a/generated-client/src/generated/extra.rs
+++ b/generated-client/src/generated/extra.rs
@@ -1 +0,0 @@
-extra

generated-client/src/generated/missing.rs is missing (would be created):
--- a/generated-client/src/generated/missing.rs
+++ b/generated-client/src/generated/missing.rs
@@ -0,0 +1 @@
+missing

generated-client/src/generated/models.rs is out of date (would be updated):
--- a/generated-client/src/generated/models.rs
+++ b/generated-client/src/generated/models.rs
@@ -5,4 +5,4 @@
 five
 six
 seven
-old line
+new line

codegen --check: 1 to update, 1 to create, 1 to delete, 1 unchanged
error: the checked-in client is out of date with schema/fluxer.yaml; run `{FIX_COMMAND}` and commit the result
"
        )
    );
}

#[test]
fn check_failure_shows_a_missing_final_newline_and_empty_files() {
    let plan = plan(
        &[file("a.rs", "a\n"), file("empty.rs", "")],
        &existing(&[("a.rs", "a")]),
    )
    .unwrap();
    let failure = render_check_failure(&plan);
    assert!(
        failure.contains("-a\n\\ No newline at end of file\n+a\n"),
        "{failure}"
    );
    assert!(
        failure.contains("empty.rs is missing (would be created):\n(the file is empty)\n"),
        "{failure}"
    );
}

// ---------------------------------------------------------- run (end to end)

fn fake_generator(
    files: Vec<GeneratedFile>,
) -> impl FnOnce(&xtask::Input<'_>) -> Result<Generated, Diagnostics> {
    move |input| {
        assert_eq!(input.schema_path, "schema/fluxer.yaml");
        assert_eq!(input.schema_text, "openapi: 3.1.0\n");
        Ok(Generated {
            files,
            warnings: Diagnostics(Vec::new()),
        })
    }
}

fn run_xtask(
    root: &TempRoot,
    args: &[&str],
    generate: impl FnOnce(&xtask::Input<'_>) -> Result<Generated, Diagnostics>,
) -> (u8, String, String) {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let status = run(args, root.path(), generate, &mut stdout, &mut stderr);
    (
        status,
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn run_codegen_then_check() {
    let root = TempRoot::new("run");
    root.write_schema();
    let generated = vec![file("mod.rs", "mod\n"), file("models.rs", "models\n")];

    let (status, stdout, stderr) = run_xtask(
        &root,
        &["codegen", "--check"],
        fake_generator(generated.clone()),
    );
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("+models\n"), "{stderr}");
    assert!(!root.out("").exists(), "check mode must not write");

    let (status, stdout, stderr) =
        run_xtask(&root, &["codegen"], fake_generator(generated.clone()));
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "  created generated-client/src/generated/mod.rs\n  \
         created generated-client/src/generated/models.rs\n\
         codegen: 0 updated, 2 created, 0 deleted, 0 unchanged\n"
    );

    let (status, stdout, _) = run_xtask(&root, &["codegen"], fake_generator(generated.clone()));
    assert_eq!(status, 0);
    assert_eq!(stdout, "codegen: up to date (2 files)\n");

    let (status, stdout, stderr) = run_xtask(
        &root,
        &["codegen", "--check"],
        fake_generator(generated.clone()),
    );
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "codegen --check: up to date (2 files)\n");

    root.write_out("models.rs", "hand-edited\n");
    let (status, _, stderr) = run_xtask(
        &root,
        &["codegen", "--check"],
        fake_generator(generated.clone()),
    );
    assert_eq!(status, 1);
    assert!(stderr.contains("-hand-edited\n+models\n"), "{stderr}");
    assert!(
        stderr.ends_with(
            "error: the checked-in client is out of date with schema/fluxer.yaml; \
             run `cargo xtask codegen` and commit the result\n"
        ),
        "{stderr}"
    );
}

#[test]
fn run_reports_every_diagnostic_and_writes_nothing() {
    let root = TempRoot::new("diagnostics");
    root.write_schema();
    root.write_out("models.rs", "old\n");
    let before = root.snapshot();
    let diagnostic = |line, pointer: &str, message: &str| Diagnostic {
        severity: Severity::Error,
        file: "schema/fluxer.yaml".to_owned(),
        line,
        column: 7,
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    };
    for args in [&["codegen"][..], &["codegen", "--check"][..]] {
        let diagnostics = Diagnostics(vec![
            diagnostic(3, "/paths/~1users", "first problem"),
            diagnostic(9, "/components/schemas/User", "second problem"),
        ]);
        let (status, stdout, stderr) = run_xtask(&root, args, |_| Err(diagnostics));
        assert_eq!(status, 1);
        assert_eq!(stdout, "");
        assert_eq!(
            stderr,
            "schema/fluxer.yaml:3:7: error at /paths/~1users: first problem\n\
             schema/fluxer.yaml:9:7: error at /components/schemas/User: second problem\n\
             error: 2 problems in schema/fluxer.yaml; nothing was written\n"
        );
        assert_eq!(root.snapshot(), before);
    }
}

#[test]
fn warnings_in_our_own_schema_fail_like_errors() {
    let root = TempRoot::new("warnings");
    root.write_schema();
    root.write_out("models.rs", "old\n");
    let before = root.snapshot();
    let warning = Diagnostic {
        severity: Severity::Warning,
        file: "schema/fluxer.yaml".to_owned(),
        line: 4,
        column: 3,
        pointer: "/paths/~1a/get/servers".to_owned(),
        message: "unknown operation keyword `servers` is ignored".to_owned(),
    };
    for args in [&["codegen"][..], &["codegen", "--check"][..]] {
        let warning = warning.clone();
        let (status, stdout, stderr) = run_xtask(&root, args, move |_| {
            Ok(Generated {
                files: vec![file("models.rs", "new\n")],
                warnings: Diagnostics(vec![warning]),
            })
        });
        assert_eq!(status, 1, "{stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.starts_with(
                "schema/fluxer.yaml:4:3: warning at /paths/~1a/get/servers: unknown operation keyword `servers` is ignored\n"
            ),
            "{stderr}"
        );
        assert_eq!(root.snapshot(), before);
    }
}

#[test]
fn run_reports_a_missing_schema() {
    let root = TempRoot::new("no-schema");
    let (status, _, stderr) = run_xtask(&root, &["codegen"], |_| unreachable!());
    assert_eq!(status, 1);
    assert!(
        stderr.starts_with("error: could not read schema/fluxer.yaml: "),
        "{stderr}"
    );
}

#[test]
fn command_line_parsing() {
    assert_eq!(parse_args::<&str>(&[]), Ok(Command::Help));
    assert_eq!(parse_args(&["help"]), Ok(Command::Help));
    assert_eq!(parse_args(&["--help"]), Ok(Command::Help));
    assert_eq!(parse_args(&["codegen", "-h"]), Ok(Command::Help));
    assert_eq!(
        parse_args(&["codegen"]),
        Ok(Command::Codegen { check: false })
    );
    assert_eq!(
        parse_args(&["codegen", "--check"]),
        Ok(Command::Codegen { check: true })
    );
    assert_eq!(
        parse_args(&["codegen", "--chek"]),
        Err("unexpected argument `--chek` for `codegen`".to_owned())
    );
    assert_eq!(
        parse_args(&["codegen", "--check", "extra"]),
        Err("unexpected argument `extra` for `codegen`".to_owned())
    );
    assert_eq!(
        parse_args(&["frobnicate"]),
        Err("unknown command `frobnicate`".to_owned())
    );

    let root = TempRoot::new("args");
    let (status, stdout, stderr) = run_xtask(&root, &["frobnicate"], |_| unreachable!());
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: unknown command `frobnicate`\n\nUsage: cargo xtask <command>\n"),
        "{stderr}"
    );
    let (status, stdout, stderr) = run_xtask(&root, &["help"], |_| unreachable!());
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(stdout, xtask::USAGE);
}

/// `codegen` reads the files `schema/fluxer.yaml` references, so `--check`
/// sees a change in any of them.
#[test]
fn check_notices_a_change_in_a_referenced_file() {
    let root = TempRoot::new("split");
    fs::create_dir_all(root.path().join("schema/models")).unwrap();
    fs::write(
        root.path().join("schema/fluxer.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Invite:\n      $ref: models/invite.yaml\n",
    )
    .unwrap();
    let model = |member: &str| {
        format!(
            "type: object\ndescription: An invite.\nproperties:\n  {member}:\n    type: string\n    description: A member.\n"
        )
    };
    fs::write(root.path().join("schema/models/invite.yaml"), model("code")).unwrap();
    let (status, _, stderr) = run_xtask(&root, &["codegen"], generator::generate);
    assert_eq!(status, 0, "{stderr}");
    let models = fs::read_to_string(root.out("models.rs")).unwrap();
    assert!(models.contains("pub code: Option<String>"), "{models}");
    assert!(
        models.starts_with("// @generated by `cargo xtask codegen` from schema/fluxer.yaml"),
        "{models}"
    );
    let (status, _, _) = run_xtask(&root, &["codegen", "--check"], generator::generate);
    assert_eq!(status, 0);

    fs::write(root.path().join("schema/models/invite.yaml"), model("uses")).unwrap();
    let (status, _, stderr) = run_xtask(&root, &["codegen", "--check"], generator::generate);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("+    pub uses: Option<String>,"),
        "{stderr}"
    );
}
