//! Stage 0: a document written in several files → one tree, before
//! `normalize` reads it.
//!
//! The root file is parsed; every `$ref` is read relative to the file it is
//! written in ([`path`]), and the fragment after `#` is a JSON pointer into
//! that file. Each file is asked of the caller's [`Files`] once and parsed
//! with positions. What another file holds is placed in the root's tree:
//!
//! - a schema becomes a component of `components/schemas`, named from its
//!   key in that file (or from the file's name for a whole-file schema),
//!   numbered when the key is taken; a root component that is only a `$ref`
//!   to another file becomes that schema itself, under its own key. The
//!   `$ref` is rewritten to name the component, so a schema reached twice
//!   is one type, and cycles across files end where they started.
//! - anything else (a path item, a parameter, a response, a map of schemas
//!   such as `components: {schemas: {$ref: schemas/_index.yaml}}`) is copied
//!   where the `$ref` was.
//! - a `$ref` where a string belongs (`summary`, `description`,
//!   `operationId`) is replaced by the string it names.
//!
//! Every node placed is recorded in the document's [`Sources`] with the file
//! and pointer it was read from, so a diagnostic names the file it is about.
//!
//! Besides: a schema `$ref` that names nothing (a typo, a component never
//! published), one to a URI (`https://…`, which is not fetched: the generator
//! reads no network) and one to a file that cannot be read or parsed each
//! become any JSON value, with a located warning; another such `$ref` (a
//! parameter, a response) is left out, with a warning. A pointer that passes
//! through a `$ref` (`#/components/schemas/A` where `components/schemas` is
//! a `$ref` to an index file) is read on in the node that `$ref` names. The
//! root file that cannot be parsed stays an error.

pub(crate) mod path;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::Files;
use crate::diagnostics::Diagnostic;
use crate::naming::numbered;
use crate::parse::{self, Document, Sources};
use crate::vocab::keywords::{SCHEMA_MAPS, is_extension};
use crate::vocab::pointer::{child, escape_token, find, unescape_token};
use crate::vocab::refs::reference_pointer;
use path::FileRef;

/// How deep copies of non-schema nodes may nest (a path item that names a
/// parameter that names …); the bound is a backstop against cycles.
const MAX_NESTING: usize = 64;

/// Parses the root file and places what its `$ref`s name in other files in
/// its tree. Returns the document and the warnings about `$ref`s that were
/// not followed; only a root that cannot be parsed is an error.
pub(crate) fn load(
    root_path: &str,
    root_text: &str,
    files: &dyn Files,
) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let mut document = parse::parse(root_path, root_text)?;
    let mut loader = Loader {
        files,
        paths: BTreeMap::from([(path::normalize(root_path), 0)]),
        names: vec![path::normalize(root_path)],
        trees: vec![Ok(document.root.clone())],
        sources: Sources::default(),
        placed: BTreeMap::new(),
        taken: BTreeSet::new(),
        pending: Vec::new(),
        nesting: Vec::new(),
        finding: 0,
        warnings: Vec::new(),
    };
    let mut root = std::mem::take(&mut document.root);
    loader.prepare_components(&mut root);
    let mut at = String::new();
    loader.walk(&mut root, &mut at, 0, Place::Other);
    loader.place_pending(&mut root);
    document.root = root;
    document.sources = loader.sources;
    let warnings = loader
        .warnings
        .into_iter()
        .map(|(pointer, message)| document.warning(&pointer, message))
        .collect();
    Ok((document, warnings))
}

/// What a node is, as far as following `$ref`s is concerned.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Place {
    /// A schema: another file's schema becomes a component.
    Schema,
    /// A map of schemas by name (`properties`, `components/schemas`).
    SchemaMap,
    /// Any other OpenAPI object (a path item, a parameter, a response): what
    /// another file holds is copied here.
    Other,
    /// A map of Example objects: each may be a `$ref`, copied as data.
    Examples,
    /// A string that may be written as a `$ref` (`summary`, `description`,
    /// `operationId`).
    Text,
    /// Values (`example`, `default`, `enum`, extensions): left as they are.
    Data,
}

impl Place {
    /// What the member `key` of a node at this place is.
    fn member(self, key: &str) -> Place {
        match self {
            Place::Data | Place::Text => Place::Data,
            Place::SchemaMap => Place::Schema,
            Place::Examples => Place::Other,
            _ if is_extension(key) => Place::Data,
            Place::Schema => match key {
                "example" | "examples" | "default" | "enum" | "const" | "required"
                | "discriminator" | "xml" | "externalDocs" => Place::Data,
                "description" | "title" => Place::Text,
                _ if SCHEMA_MAPS.contains(&key) => Place::SchemaMap,
                _ => Place::Schema,
            },
            Place::Other => match key {
                "schema" => Place::Schema,
                "schemas" => Place::SchemaMap,
                "examples" => Place::Examples,
                "example" | "value" => Place::Data,
                "summary" | "description" | "operationId" => Place::Text,
                _ => Place::Other,
            },
        }
    }

    /// What an item of an array at this place is.
    fn item(self) -> Place {
        match self {
            Place::Schema | Place::SchemaMap => Place::Schema,
            Place::Other => Place::Other,
            _ => Place::Data,
        }
    }
}

/// A node of a file, by file id (0: the root) and JSON pointer.
type Target = (usize, String);

/// What becomes of a node after its `$ref` was read.
enum Outcome {
    Keep,
    /// Left out of its parent (a `$ref` that names nothing where no schema is).
    Remove,
}

struct Loader<'f> {
    files: &'f dyn Files,
    /// File id by path, as `path::join` spells it.
    paths: BTreeMap<String, usize>,
    /// Each file's path, by id.
    names: Vec<String>,
    /// Each file's tree as written, by id, or why the file could not be read.
    trees: Vec<Result<Value, String>>,
    sources: Sources,
    /// Where the root's tree holds the schema at a target of another file.
    placed: BTreeMap<Target, String>,
    /// The keys of `components/schemas`, taken or reserved.
    taken: BTreeSet<String>,
    /// Components reserved and not yet placed: key, target.
    pending: Vec<(String, Target)>,
    /// The non-schema targets being copied right now, to stop cycles.
    nesting: Vec<Target>,
    /// How many `$ref`s `find_through` is following right now.
    finding: usize,
    /// Pointer of the tree → message.
    warnings: Vec<(String, String)>,
}

/// What a `$ref` read in a file names.
enum Named {
    Node(Target),
    /// Not followed; the message says why.
    Not(String),
}

impl Loader<'_> {
    /// Inlines `components/schemas` when it is itself a `$ref`, then claims
    /// each component that is only a `$ref` to another file's schema: that
    /// schema is placed under the component's key.
    fn prepare_components(&mut self, root: &mut Value) {
        let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        let at = "/components/schemas";
        let mut file = 0;
        if let Some(schemas) = components.get_mut("schemas")
            && let Some(reference) = reference_of(schemas)
        {
            match self.name(0, &reference) {
                Named::Node(target) => {
                    file = target.0;
                    *schemas = self.copy(&target, at);
                }
                Named::Not(message) => {
                    self.warn(
                        &child(at, "$ref"),
                        format!("{message}; no schema is read from it"),
                    );
                    *schemas = Value::Object(Map::new());
                }
            }
        }
        let Some(schemas) = components.get("schemas").and_then(Value::as_object) else {
            return;
        };
        for key in schemas.keys() {
            self.taken.insert(key.clone());
        }
        let claims: Vec<(Target, String)> = schemas
            .iter()
            .filter_map(|(key, schema)| {
                let reference = reference_of(schema)?;
                match self.name(file, &reference) {
                    Named::Node(target) if target.0 != 0 => Some((target, child(at, key))),
                    _ => None,
                }
            })
            .collect();
        for (target, pointer) in claims {
            self.placed.entry(target).or_insert(pointer);
        }
    }

    /// Follows the `$ref`s in `node` (at `at` in the tree, read from file
    /// `file`), depth first.
    fn walk(&mut self, node: &mut Value, at: &mut String, file: usize, place: Place) -> Outcome {
        if place == Place::Data {
            return Outcome::Keep;
        }
        // A node copied from another file is read in that file.
        let file = self.sources.file_at(at).unwrap_or(file);
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let reference = reference.to_owned();
            return self.reference(node, &reference, at, file, place);
        }
        match node {
            Value::Object(map) => {
                if place == Place::Schema && map.contains_key("discriminator") {
                    self.discriminator_mapping(map, at, file);
                }
                self.walk_members(map, at, file, place);
            }
            Value::Array(items) => self.walk_items(items, at, file, place.item()),
            _ => {}
        }
        Outcome::Keep
    }

    /// [`Loader::walk`] over the members of an object; members whose `$ref`
    /// is not followed where no schema is are left out.
    // Kept out of `walk`, whose frame must stay small for deep documents.
    #[inline(never)]
    fn walk_members(
        &mut self,
        map: &mut Map<String, Value>,
        at: &mut String,
        file: usize,
        place: Place,
    ) {
        let length = at.len();
        let mut removed = Vec::new();
        for (key, member) in map.iter_mut() {
            let member_place = place.member(key);
            if member_place == Place::Data || !member.is_object() && !member.is_array() {
                continue;
            }
            at.push('/');
            at.push_str(&escape_token(key));
            if let Outcome::Remove = self.walk(member, at, file, member_place) {
                removed.push(key.clone());
            }
            at.truncate(length);
        }
        for key in removed {
            map.shift_remove(&key);
        }
    }

    /// [`Loader::walk`] over the items of an array; an item left out moves
    /// the later ones up, and each is recorded as found where it was written.
    #[inline(never)]
    fn walk_items(&mut self, items: &mut Vec<Value>, at: &mut String, file: usize, place: Place) {
        if place == Place::Data {
            return;
        }
        let length = at.len();
        let mut kept = 0;
        for index in 0..items.len() {
            at.push('/');
            at.push_str(&kept.to_string());
            if kept != index {
                let (written_file, written) = self.sources.written(&at[..length]);
                self.sources.place(
                    at.clone(),
                    written_file,
                    child(&written, &index.to_string()),
                );
            }
            let mut item = std::mem::take(&mut items[index]);
            if let Outcome::Keep = self.walk(&mut item, at, file, place) {
                items[kept] = item;
                kept += 1;
            }
            at.truncate(length);
        }
        items.truncate(kept);
    }

    /// Reads the `$ref` of `node` (written in file `file`, at `at` in the tree).
    // Kept out of `walk`, whose frame must stay small for deep documents.
    #[inline(never)]
    fn reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        at: &mut String,
        file: usize,
        place: Place,
    ) -> Outcome {
        let target = match self.name(file, reference) {
            Named::Node(target) => target,
            Named::Not(message) => return self.not_followed(node, at, place, message),
        };
        match place {
            Place::Data => Outcome::Keep,
            Place::Text => {
                let text = self
                    .tree(&target)
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                match text {
                    Some(text) => {
                        *node = Value::String(text);
                        Outcome::Keep
                    }
                    None => {
                        self.warn(
                            &child(at, "$ref"),
                            format!("the `$ref` `{reference}` names no string where text belongs; it is left out"),
                        );
                        Outcome::Remove
                    }
                }
            }
            Place::Schema => {
                self.schema_reference(node, reference, at, target);
                Outcome::Keep
            }
            // In the root, a `$ref` to the root is left for `resolve`.
            Place::Other | Place::SchemaMap | Place::Examples if target.0 == 0 && file == 0 => {
                Outcome::Keep
            }
            Place::Other | Place::SchemaMap | Place::Examples => {
                if self.nesting.contains(&target) || self.nesting.len() >= MAX_NESTING {
                    let message = format!(
                        "the `$ref` `{reference}` leads back to itself through other files; it is left out"
                    );
                    self.warn(&child(at, "$ref"), message);
                    return Outcome::Remove;
                }
                let mut copy = self.copy(&target, at);
                // A Reference object's `summary` and `description` override the target's.
                if let (Value::Object(copied), Value::Object(written)) = (&mut copy, &*node) {
                    for key in ["summary", "description"] {
                        if let Some(value) = written.get(key) {
                            copied.insert(key.to_owned(), value.clone());
                        }
                    }
                }
                *node = copy;
                self.nesting.push(target.clone());
                let outcome = self.walk(node, at, target.0, place);
                self.nesting.pop();
                outcome
            }
        }
    }

    /// A schema `$ref` to `target`: the root's own nodes are named as they
    /// are (unless `normalize` merges them away); another file's schema is
    /// placed as a component, once.
    fn schema_reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        at: &mut String,
        target: Target,
    ) {
        if target.0 == 0 && reference.starts_with('#') {
            return;
        }
        if target.0 != 0 && self.placed.get(&target).is_some_and(|placed| placed == at) {
            // A component that is only a `$ref` to this schema: it is placed here.
            *node = self.copy(&target, at);
            self.walk(node, at, target.0, Place::Schema);
            return;
        }
        let pointer = self.schema_pointer(target);
        set_reference(node, &pointer);
    }

    /// The pointer of the root's tree where the schema at `target` is: the
    /// root's own node, the component it was placed as (or a node inside
    /// one), or a component reserved for it now.
    fn schema_pointer(&mut self, target: Target) -> String {
        if target.0 == 0 {
            return target.1;
        }
        if let Some(placed) = self.placed_prefix(&target) {
            return placed;
        }
        let name = component_name(&target, self.path_of(target.0));
        let key = self.reserve(&name);
        let component = child("/components/schemas", &key);
        self.placed.insert(target.clone(), component.clone());
        self.pending.push((key, target));
        component
    }

    /// A `discriminator`'s `mapping` values that are references (to another
    /// file, or into the file of a schema copied from one) name the
    /// components those schemas were placed as, spelled as the variants'
    /// `$ref`s are. A value that is a bare name names a root component.
    fn discriminator_mapping(&mut self, schema: &mut Map<String, Value>, at: &str, file: usize) {
        let Some(mapping) = schema
            .get_mut("discriminator")
            .and_then(|discriminator| discriminator.get_mut("mapping"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        for (key, value) in mapping.iter_mut() {
            let Some(reference) = value.as_str() else {
                continue;
            };
            let is_reference = reference.contains(['#', '/'])
                || [".json", ".yaml", ".yml"]
                    .iter()
                    .any(|extension| reference.ends_with(extension));
            if !is_reference || file == 0 && reference.starts_with('#') {
                continue;
            }
            match self.name(file, reference) {
                Named::Node(target) => {
                    let pointer = self.schema_pointer(target);
                    *value = Value::String(format!("#{pointer}"));
                }
                Named::Not(message) => {
                    let at = child(&child(&child(at, "discriminator"), "mapping"), key);
                    self.warn(&at, format!("{message}; the value tags no variant"));
                }
            }
        }
    }

    /// Where the tree holds the schema at `target`, or a schema it lies in.
    fn placed_prefix(&self, target: &Target) -> Option<String> {
        let (file, pointer) = target;
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(placed) = self.placed.get(&(*file, prefix.to_owned())) {
                return Some(format!("{placed}{}", &pointer[end..]));
            }
            end = prefix.rfind('/')?;
        }
    }

    /// Places the components reserved so far (and those they reserve in
    /// turn) in `components/schemas`.
    fn place_pending(&mut self, root: &mut Value) {
        let mut next = 0;
        while let Some((key, target)) = self.pending.get(next).cloned() {
            next += 1;
            let mut at = child("/components/schemas", &key);
            let mut schema = self.copy(&target, &at);
            self.walk(&mut schema, &mut at, target.0, Place::Schema);
            let Value::Object(root) = root else { return };
            let components = root
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(components) = components else {
                return;
            };
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(schemas) = schemas {
                schemas.insert(key, schema);
            }
        }
    }

    /// A fresh key of `components/schemas` made from `name`: the name, or
    /// the name numbered the way `naming` numbers every collision.
    fn reserve(&mut self, name: &str) -> String {
        let key = numbered(name, "", |key| self.taken.contains(key));
        self.taken.insert(key.clone());
        key
    }

    /// A copy of the node at `target`, recorded as placed at `at`.
    fn copy(&mut self, target: &Target, at: &str) -> Value {
        self.sources
            .place(at.to_owned(), target.0, target.1.clone());
        self.tree(target)
            .cloned()
            .unwrap_or(Value::Object(Map::new()))
    }

    /// The node at `target`, as written.
    fn tree(&self, (file, pointer): &Target) -> Option<&Value> {
        let tree = self.trees.get(*file)?.as_ref().ok()?;
        find(tree, pointer).map(|(node, _)| node)
    }

    /// The path of file `file`.
    fn path_of(&self, file: usize) -> &str {
        self.names.get(file).map_or("", String::as_str)
    }

    /// What `reference`, written in file `file`, names: a node that exists,
    /// or why it is not followed.
    fn name(&mut self, file: usize, reference: &str) -> Named {
        let (names, fragment) = path::split(self.path_of(file), reference);
        let target_file = match names {
            FileRef::This => file,
            FileRef::Remote => {
                return Named::Not(format!(
                    "the `$ref` `{reference}` names a resource on the network, which the generator does not fetch"
                ));
            }
            FileRef::Path(path) => match self.open(&path) {
                Ok(id) => id,
                Err(why) => {
                    return Named::Not(format!(
                        "the `$ref` `{reference}` names a file that cannot be read ({why})"
                    ));
                }
            },
        };
        let pointer = match reference_pointer(&format!("#{}", fragment.unwrap_or(""))) {
            Ok(pointer) => pointer,
            Err(_) => {
                return Named::Not(format!(
                    "the `$ref` `{reference}` is not a JSON pointer (anchors are not supported)"
                ));
            }
        };
        match self.find_through(target_file, &pointer) {
            Some(found) => Named::Node(found),
            None if target_file == file && file == 0 => Named::Not(format!(
                "the `$ref` `{reference}` names nothing in this document"
            )),
            None => Named::Not(format!(
                "the `$ref` `{reference}` names nothing in `{}`",
                self.path_of(target_file)
            )),
        }
    }

    /// The node `pointer` names in file `file`. When the pointer passes
    /// through a `$ref` (`#/components/schemas/A` where `components/schemas`
    /// is a `$ref` to another file), the rest of it is read in the node that
    /// `$ref` names.
    fn find_through(&mut self, file: usize, pointer: &str) -> Option<Target> {
        let (mut file, mut pointer) = (file, pointer.to_owned());
        for _ in 0..MAX_NESTING {
            let tree = self.trees.get(file)?.as_ref().ok()?;
            if let Some((_, spelled)) = find(tree, &pointer) {
                return Some((file, spelled));
            }
            // The longest prefix that names a `$ref`.
            let mut end = pointer.len();
            let (reference, rest) = loop {
                end = pointer[..end].rfind('/')?;
                if let Some((node, _)) = find(tree, &pointer[..end]) {
                    let reference = reference_of(node)?;
                    break (reference, pointer[end..].to_owned());
                }
            };
            // `name` may come back here: the depth bounds a cycle of such `$ref`s.
            if self.finding >= MAX_NESTING {
                return None;
            }
            self.finding += 1;
            let named = self.name(file, &reference);
            self.finding -= 1;
            let Named::Node((next_file, next)) = named else {
                return None;
            };
            (file, pointer) = (next_file, format!("{next}{rest}"));
        }
        None
    }

    /// The id of the file at `path`, reading and parsing it the first time.
    fn open(&mut self, path: &str) -> Result<usize, String> {
        if let Some(id) = self.paths.get(path) {
            return match &self.trees[*id] {
                Ok(_) => Ok(*id),
                Err(why) => Err(why.clone()),
            };
        }
        let id = self.trees.len();
        self.paths.insert(path.to_owned(), id);
        self.names.push(path.to_owned());
        let parsed = self.files.read(path).and_then(|text| {
            parse::parse(path, &text).map_err(|diagnostic| diagnostic.to_string())
        });
        match parsed {
            Ok(mut document) => {
                self.trees.push(Ok(std::mem::take(&mut document.root)));
                let added = self.sources.add_file(document);
                debug_assert_eq!(added, id);
                Ok(id)
            }
            Err(why) => {
                self.trees.push(Err(why.clone()));
                self.sources.add_unreadable(path);
                Err(why)
            }
        }
    }

    /// A `$ref` that is not followed: a schema becomes any JSON value (its
    /// annotations kept), anything else is left out.
    fn not_followed(
        &mut self,
        node: &mut Value,
        at: &str,
        place: Place,
        message: String,
    ) -> Outcome {
        let at = &child(at, "$ref");
        match place {
            Place::Schema => {
                self.warn(at, format!("{message}; it is read as any JSON value"));
                if let Value::Object(map) = node {
                    map.retain(|key, _| {
                        matches!(
                            key.as_str(),
                            "description"
                                | "title"
                                | "deprecated"
                                | "nullable"
                                | "readOnly"
                                | "writeOnly"
                        ) || is_extension(key)
                    });
                }
                Outcome::Keep
            }
            Place::Data => Outcome::Keep,
            _ => {
                self.warn(at, format!("{message}; it is left out"));
                Outcome::Remove
            }
        }
    }

    fn warn(&mut self, at: &str, message: String) {
        self.warnings.push((at.to_owned(), message));
    }
}

/// The `$ref` of a node that is a Reference (an object with a string `$ref`).
fn reference_of(node: &Value) -> Option<String> {
    node.get("$ref").and_then(Value::as_str).map(str::to_owned)
}

/// Makes the `$ref` of `node` name `pointer` in the root's tree.
fn set_reference(node: &mut Value, pointer: &str) {
    if let Value::Object(map) = node {
        map.insert("$ref".to_owned(), Value::String(format!("#{pointer}")));
    }
}

/// The name of a component made from the schema at `target` in the file at
/// `path`: its key there (the last member name that is not a keyword or an
/// index), or the file's name for a whole-file schema.
fn component_name((_, pointer): &Target, path: &str) -> String {
    const STRUCTURE: [&str; 12] = [
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "properties",
        "prefixItems",
        "additionalProperties",
        "schema",
        "not",
        "content",
        "$defs",
        "definitions",
    ];
    pointer
        .rsplit('/')
        .filter(|token| !token.is_empty())
        .map(unescape_token)
        .find(|token| {
            !token.is_empty()
                && !STRUCTURE.contains(&token.as_str())
                && token.parse::<usize>().is_err()
        })
        .unwrap_or_else(|| path::stem(path).to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn loader(files: &BTreeMap<String, String>) -> Loader<'_> {
        Loader {
            files,
            paths: BTreeMap::from([("api/root.yaml".to_owned(), 0)]),
            names: vec!["api/root.yaml".to_owned()],
            trees: vec![Ok(serde_json::json!({"a b": {"c/d": [true]}}))],
            sources: Sources::default(),
            placed: BTreeMap::new(),
            taken: BTreeSet::new(),
            pending: Vec::new(),
            nesting: Vec::new(),
            finding: 0,
            warnings: Vec::new(),
        }
    }

    fn target(named: Named) -> Target {
        match named {
            Named::Node(target) => target,
            Named::Not(message) => panic!("{message}"),
        }
    }

    #[test]
    fn a_fragment_is_a_percent_encoded_json_pointer_into_the_file_it_names() {
        let files = BTreeMap::from([(
            "api/models/b.yaml".to_owned(),
            "'x y':\n  'p/q':\n    - 1\n    - 2\n".to_owned(),
        )]);
        let mut loader = loader(&files);
        assert_eq!(
            target(loader.name(0, "#/a%20b/c~1d/0")),
            (0, "/a b/c~1d/0".to_owned())
        );
        assert_eq!(
            target(loader.name(0, "./models/b.yaml#/x%20y/p~1q/1")),
            (1, "/x y/p~1q/1".to_owned())
        );
        assert_eq!(
            target(loader.name(0, "models/../models/b.yaml")),
            (1, String::new())
        );
        // In the other file, `#` names that file.
        assert_eq!(target(loader.name(1, "#/x%20y")), (1, "/x y".to_owned()));
        assert_eq!(
            target(loader.name(1, "../root.yaml#/a%20b")),
            (0, "/a b".to_owned())
        );
        for missing in [
            "#/nothing",
            "b.yaml#/x",
            "models/b.yaml#/x%20y/p~1q/2",
            "#anchor",
        ] {
            assert!(
                matches!(loader.name(0, missing), Named::Not(_)),
                "{missing}"
            );
        }
    }
}
