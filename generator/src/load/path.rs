//! How a `$ref` names a file: the part before `#` is a URI reference,
//! relative to the file the `$ref` is written in (RFC 3986, section 5.2);
//! the fragment after `#` is a JSON pointer into that file.

use crate::vocab::refs::percent_decode;

/// What the part of a `$ref` before `#` names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FileRef {
    /// No file: the file the `$ref` is written in.
    This,
    /// A file, by its path joined onto the directory of the file the `$ref`
    /// is written in, with `.` and `..` taken out.
    Path(String),
    /// A URI with a scheme (`https://…`, `urn:…`), which is not read.
    Remote,
}

/// Splits a `$ref` into what its file part names and its fragment (the JSON
/// pointer, still percent-encoded, without the `#`; `None` when there is no
/// `#`), for a `$ref` written in the file `base`.
pub(crate) fn split<'r>(base: &str, reference: &'r str) -> (FileRef, Option<&'r str>) {
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (reference, None),
    };
    // A query names nothing a file on disk has.
    let file = file.split_once('?').map_or(file, |(file, _)| file);
    let names = if file.is_empty() {
        FileRef::This
    } else if has_scheme(file) {
        FileRef::Remote
    } else {
        FileRef::Path(join(base, &percent_decode(file)))
    };
    (names, fragment)
}

/// Whether a URI reference starts with a scheme (`ALPHA *( ALPHA / DIGIT /
/// "+" / "-" / "." ) ":"`) or is network-path relative (`//host/…`).
fn has_scheme(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `relative` joined onto the directory of the file `base`, with `.` and
/// `..` segments taken out. `..` above the start of a relative `base` is
/// kept (`../shared/x.yaml`); above `/` it stays at `/`, as RFC 3986 says.
pub(crate) fn join(base: &str, relative: &str) -> String {
    let joined = if relative.starts_with('/') {
        relative.to_owned()
    } else {
        match base.rfind('/') {
            Some(index) => format!("{}/{relative}", &base[..index]),
            None => relative.to_owned(),
        }
    };
    normalize(&joined)
}

/// A path with its `.` and `..` segments (and empty ones) taken out.
pub(crate) fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => match segments.last() {
                Some(&last) if last != ".." => {
                    segments.pop();
                }
                _ if absolute => {}
                _ => segments.push(".."),
            },
            _ => segments.push(segment),
        }
    }
    let joined = segments.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The name a whole file gives the schema it holds: its file name without
/// extensions (`models/Droplet.v2.yaml` → `Droplet`).
pub(crate) fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() { name } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_relative_to_the_file_the_ref_is_written_in() {
        let base = "schema/paths/users.yaml";
        let path = |reference| match split(base, reference).0 {
            FileRef::Path(path) => path,
            other => panic!("{reference}: {other:?}"),
        };
        assert_eq!(path("user.yaml"), "schema/paths/user.yaml");
        assert_eq!(path("./user.yaml"), "schema/paths/user.yaml");
        assert_eq!(path("../models/user.yaml"), "schema/models/user.yaml");
        assert_eq!(path("../../../x.yaml"), "../x.yaml");
        assert_eq!(path("a/./b/../c.yaml"), "schema/paths/a/c.yaml");
        assert_eq!(path("/etc/x.yaml"), "/etc/x.yaml");
        assert_eq!(path("my%20file.yaml#/A"), "schema/paths/my file.yaml");
        assert_eq!(path("x.yaml?raw=1#/A"), "schema/paths/x.yaml");
        assert_eq!(join("root.yaml", "./a.yaml"), "a.yaml");
        assert_eq!(join("/abs/root.yaml", "../../../a.yaml"), "/a.yaml");
        assert_eq!(join("a/root.yaml", "../../b.yaml"), "../b.yaml");
    }

    #[test]
    fn a_fragment_is_kept_as_written_and_a_ref_without_a_file_names_this_one() {
        assert_eq!(
            split("a.yaml", "b.yaml#/components/schemas/A%20B"),
            (
                FileRef::Path("b.yaml".to_owned()),
                Some("/components/schemas/A%20B")
            )
        );
        assert_eq!(
            split("a.yaml", "b.yaml"),
            (FileRef::Path("b.yaml".to_owned()), None)
        );
        assert_eq!(split("a.yaml", "#/x~1y"), (FileRef::This, Some("/x~1y")));
        assert_eq!(split("a.yaml", "#"), (FileRef::This, Some("")));
    }

    #[test]
    fn uris_with_a_scheme_are_remote() {
        for reference in [
            "https://example.com/schemas/a.yaml#/A",
            "http://x/a.json",
            "urn:uuid:1234",
            "//cdn.example.com/a.yaml",
            "file:///etc/a.yaml",
        ] {
            assert_eq!(split("a.yaml", reference).0, FileRef::Remote, "{reference}");
        }
        assert!(!has_scheme("models/a:b.yaml"));
        assert!(!has_scheme("1x:y"));
    }

    #[test]
    fn a_whole_file_is_named_by_its_stem() {
        assert_eq!(stem("schemas/Droplet.yaml"), "Droplet");
        assert_eq!(stem("x/oauth-test.json.yaml"), "oauth-test");
        assert_eq!(stem(".hidden"), ".hidden");
    }
}
