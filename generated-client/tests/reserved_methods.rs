//! `src/reserved_methods.txt` lists exactly the inherent methods of `Client`
//! in the hand-written sources (section 1), and every method of the traits
//! hand-written code implements for `Client` (section 2 or section 1).
//!
//! The generator reads the list to keep generated methods from colliding
//! with these names, so a method added to `Client` without adding it here
//! fails this test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LIST: &str = include_str!("../src/reserved_methods.txt");
/// The comment line that starts the list's second section.
const SECOND_SECTION: &str = "# Section 2:";

/// The identifiers of the list, split into its two sections.
fn sections() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut first = BTreeSet::new();
    let mut second = BTreeSet::new();
    let mut in_second = false;
    for line in LIST.lines() {
        let line = line.trim();
        if line.starts_with(SECOND_SECTION) {
            in_second = true;
        }
        let name = line.split('#').next().unwrap_or_default().trim();
        if name.is_empty() {
            continue;
        }
        assert!(
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit()),
            "not an identifier: {name:?}"
        );
        let fresh = if in_second {
            second.insert(name.to_owned())
        } else {
            first.insert(name.to_owned())
        };
        assert!(fresh, "{name} is listed twice");
    }
    assert!(in_second, "no line starting with {SECOND_SECTION:?}");
    (first, second)
}

/// The hand-written `.rs` files under `src/`, without `src/generated/`.
fn hand_written() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "generated") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
}

/// Whether `ty` is `Client`, `crate::Client` or `crate::client::Client`.
fn is_client(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Client" && segment.arguments.is_none())
}

/// The methods of the standard traits a type can implement or derive.
fn std_trait_methods(name: &str) -> &'static [&'static str] {
    match name {
        "Clone" => &["clone", "clone_from"],
        "Debug" | "Display" => &["fmt"],
        "PartialEq" => &["eq", "ne"],
        "Eq" | "Send" | "Sync" | "Copy" | "Unpin" => &[],
        "PartialOrd" => &["partial_cmp", "lt", "le", "gt", "ge"],
        "Ord" => &["cmp", "max", "min", "clamp"],
        "Hash" => &["hash", "hash_slice"],
        "Default" => &["default"],
        "Drop" => &["drop"],
        _ => &[],
    }
}

/// Walks items, nested modules included, collecting `Client`'s inherent
/// methods and the methods of the traits implemented for it.
fn collect(
    items: &[syn::Item],
    file: &Path,
    inherent: &mut BTreeSet<String>,
    traits: &mut BTreeSet<String>,
) {
    for item in items {
        match item {
            syn::Item::Impl(block) if is_client(&block.self_ty) => {
                let methods = block.items.iter().filter_map(|item| match item {
                    syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
                    _ => None,
                });
                match &block.trait_ {
                    None => {
                        for method in methods {
                            assert!(
                                inherent.insert(method.clone()),
                                "{method} defined twice ({})",
                                file.display()
                            );
                        }
                    }
                    Some((path, _)) => {
                        let name = path
                            .segments
                            .last()
                            .map(|segment| segment.ident.to_string())
                            .unwrap_or_default();
                        traits.extend(methods);
                        traits.extend(std_trait_methods(&name).iter().map(|m| (*m).to_owned()));
                    }
                }
            }
            syn::Item::Struct(structure) if structure.ident == "Client" => {
                for attribute in &structure.attrs {
                    if !attribute.path().is_ident("derive") {
                        continue;
                    }
                    attribute
                        .parse_nested_meta(|meta| {
                            let name = meta
                                .path
                                .segments
                                .last()
                                .map(|segment| segment.ident.to_string())
                                .unwrap_or_default();
                            let methods = std_trait_methods(&name);
                            assert!(
                                !methods.is_empty() || matches!(name.as_str(), "Eq" | "Copy"),
                                "derive({name}) on Client: add its methods to std_trait_methods"
                            );
                            traits.extend(methods.iter().map(|m| (*m).to_owned()));
                            Ok(())
                        })
                        .expect("a derive list");
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, file, inherent, traits);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_list_names_every_inherent_and_trait_method_of_client() {
    let (first, second) = sections();
    let mut inherent = BTreeSet::new();
    let mut traits = BTreeSet::new();
    let files = hand_written();
    // `Client` and its inherent methods are in `client/mod.rs`; every file
    // is read, so that a method added elsewhere is found too.
    assert!(files.iter().any(|file| file.ends_with("client/mod.rs")));
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable source file");
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|error| panic!("{} does not parse: {error}", file.display()));
        collect(&parsed.items, file, &mut inherent, &mut traits);
    }
    // What generated code needs and the public API promise are among them.
    for expected in ["builder", "execute", "execute_bytes", "prepare"] {
        assert!(
            inherent.contains(expected),
            "no inherent `{expected}` found"
        );
    }
    assert_eq!(
        inherent, first,
        "section 1 of src/reserved_methods.txt must list exactly the inherent methods of Client"
    );
    for method in ["clone", "clone_from", "fmt"] {
        assert!(traits.contains(method), "Clone and Debug were not found");
    }
    let listed: BTreeSet<&String> = first.iter().chain(&second).collect();
    let missing: Vec<&String> = traits.iter().filter(|m| !listed.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "trait methods of Client missing from src/reserved_methods.txt: {missing:?}"
    );
    let overlap: Vec<&String> = first.intersection(&second).collect();
    assert!(overlap.is_empty(), "listed in both sections: {overlap:?}");
}
