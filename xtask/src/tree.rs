//! Reading the generated tree from disk and applying a [`Plan`] to it.

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::plan::{Action, Plan};
use crate::{Error, OUTPUT_DIR};

/// `root` joined with a `/`-separated relative path.
pub(crate) fn native_path(root: &Path, relative: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(relative.split('/'));
    path
}

/// Reads every file under `<root>/generated-client/src/generated/`, keyed by its
/// path relative to that directory with `/` separators.
///
/// A missing directory reads as empty. Fails on anything that is neither a
/// regular file nor a directory (the generator owns the whole tree, and following
/// or deleting a symlink would be a surprise) and on names that are not UTF-8.
pub fn read_existing(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let dir = native_path(root, OUTPUT_DIR);
    let mut files = BTreeMap::new();
    match fs::symlink_metadata(&dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(Error::Tree(format!(
                "{OUTPUT_DIR} is not a directory; remove it"
            )));
        }
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(files),
        Err(error) => return Err(Error::io("read", OUTPUT_DIR, error)),
    }
    read_dir_into(&dir, "", &mut files)?;
    Ok(files)
}

fn read_dir_into(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Error> {
    let display_dir = display(prefix.trim_end_matches('/'));
    let entries = fs::read_dir(dir).map_err(|error| Error::io("list", &display_dir, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| Error::io("list", &display_dir, error))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(Error::Tree(format!(
                "{display_dir}/{} has a name that is not valid UTF-8; remove it",
                name.to_string_lossy()
            )));
        };
        let relative = format!("{prefix}{name}");
        let file_type = entry
            .file_type()
            .map_err(|error| Error::io("read", display(&relative), error))?;
        if file_type.is_dir() {
            read_dir_into(&entry.path(), &format!("{relative}/"), files)?;
        } else if file_type.is_file() {
            let contents = fs::read(entry.path())
                .map_err(|error| Error::io("read", display(&relative), error))?;
            files.insert(relative, contents);
        } else {
            return Err(Error::Tree(format!(
                "{} is neither a regular file nor a directory; everything under {OUTPUT_DIR}/ \
                 is generated, so remove it",
                display(&relative)
            )));
        }
    }
    Ok(())
}

/// A path relative to [`OUTPUT_DIR`] as shown to people: relative to the
/// workspace root, `/` separators.
fn display(relative: &str) -> String {
    if relative.is_empty() {
        OUTPUT_DIR.to_owned()
    } else {
        format!("{OUTPUT_DIR}/{relative}")
    }
}

/// Makes `<root>/generated-client/src/generated/` match `plan`.
///
/// Deletes the files to delete, removes directories left empty, then writes each
/// created or updated file atomically (`<name>.tmp-<pid>` in the same directory,
/// then a rename), creating directories as needed. Files to keep are not touched.
/// Stops at the first failure, removing its temporary file.
pub fn apply(root: &Path, plan: &Plan) -> Result<(), Error> {
    let dir = native_path(root, OUTPUT_DIR);
    for file in plan
        .files
        .iter()
        .filter(|file| file.action == Action::Delete)
    {
        match fs::remove_file(native_path(&dir, &file.path)) {
            Ok(()) => {}
            Err(error) if error.kind() == ErrorKind::NotFound => {}
            Err(error) => return Err(Error::io("delete", file.display_path(), error)),
        }
    }
    if dir.is_dir() {
        remove_empty_dirs(&dir, "")?;
    }
    for file in &plan.files {
        let (Action::Create | Action::Update) = file.action else {
            continue;
        };
        let Some(contents) = file.new.as_deref() else {
            continue;
        };
        let path = native_path(&dir, &file.path);
        if let Some(parent) = path.parent() {
            let parent_display = match file.path.rsplit_once('/') {
                Some((parent, _)) => display(parent),
                None => display(""),
            };
            fs::create_dir_all(parent)
                .map_err(|error| Error::io("create directory", parent_display, error))?;
        }
        write_atomically(&path, contents.as_bytes())
            .map_err(|error| Error::io("write", file.display_path(), error))?;
    }
    Ok(())
}

/// Removes every empty directory below `dir` (not `dir` itself), deepest first.
fn remove_empty_dirs(dir: &Path, prefix: &str) -> Result<(), Error> {
    let display_dir = display(prefix.trim_end_matches('/'));
    let entries = fs::read_dir(dir).map_err(|error| Error::io("list", &display_dir, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| Error::io("list", &display_dir, error))?;
        let is_dir = entry.file_type().is_ok_and(|file_type| file_type.is_dir());
        if !is_dir {
            continue;
        }
        let relative = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        remove_empty_dirs(&path, &format!("{relative}/"))?;
        let is_empty = fs::read_dir(&path)
            .map_err(|error| Error::io("list", display(&relative), error))?
            .next()
            .is_none();
        if is_empty {
            fs::remove_dir(&path)
                .map_err(|error| Error::io("remove directory", display(&relative), error))?;
        }
    }
    Ok(())
}

/// Writes `<path>.tmp-<pid>`, then renames it over `path`; on failure removes the
/// temporary file.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".tmp-{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let result = fs::write(&temporary, contents).and_then(|()| fs::rename(&temporary, path));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
