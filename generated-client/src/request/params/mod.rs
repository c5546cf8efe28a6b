//! Parameter serialization: OpenAPI's `style` and `explode` for query, path,
//! header and cookie parameters.
//!
//! A value is first serialised with serde into a small tree ([`Node`](serializer::Node)) that
//! keeps the order serde produced (a struct's fields in declaration order, a
//! `BTreeMap` sorted), then laid out by the style. `serde_json::Value` is not
//! used for this: its map order depends on serde_json's `preserve_order`
//! feature, which any crate in a build can turn on, so the same struct would
//! be sent as `R,G,B` in one program and `B,G,R` in another.
//!
//! The rules follow the Style Values and Style Examples tables of OpenAPI
//! 3.1.1 and 3.2.0 (the Parameter Object), RFC 6570 §3.2 for the styles it
//! defines, and RFC 6570 §2.3 for undefined values: `null`, an empty list and
//! an object without members (after leaving out its `null` members) add
//! nothing at all. Combinations the table marks _n/a_ are
//! [`ErrorKind::Encode`] errors. Query and path values and cookie values are
//! percent-encoded as RFC 6570's non-reserved expansion does; header values
//! are not encoded at all (OpenAPI 3.2, the Header Object), only checked.

use std::borrow::Cow;
use std::fmt;

mod serializer;
#[cfg(test)]
mod tests;

use percent_encoding::utf8_percent_encode;
use serde::Serialize;

use self::serializer::{Node, to_node};
use super::encoding::PATH_SEGMENT;
use super::spec::RequestSpec;
use crate::error::{Error, ErrorKind};

/// How a query parameter is serialised: OpenAPI's `style` and `explode` for
/// `in: query`. The default is OpenAPI's: `form` with `explode: true`.
///
/// For `color` = `"blue"`, `["blue", "black", "brown"]` or
/// `{"R": 100, "G": 200, "B": 150}` (the specification's Style Examples):
///
/// | style | primitive | list | object |
/// | --- | --- | --- | --- |
/// | `Form { explode: false }` | `color=blue` | `color=blue,black,brown` | `color=R,100,G,200,B,150` |
/// | `Form { explode: true }` | `color=blue` | `color=blue&color=black&color=brown` | `R=100&G=200&B=150` |
/// | `SpaceDelimited { explode: false }` | error | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
/// | `PipeDelimited { explode: false }` | error | `color=blue%7Cblack%7Cbrown` | `color=R%7C100%7CG%7C200%7CB%7C150` |
/// | `DeepObject` | error | error | `color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150` |
///
/// `SpaceDelimited` and `PipeDelimited` with `explode: true` are undefined
/// (_n/a_ in the table) and are errors, as are the other cells marked error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryStyle {
    /// `style: form` (RFC 6570 form-style query expansion): items joined by a
    /// literal `,`, or with `explode` one `name=item` pair per item and one
    /// `key=value` pair per member of an object.
    Form {
        /// Whether lists and objects become separate pairs.
        explode: bool,
    },
    /// `style: spaceDelimited`: the items of a list, or the keys and values of
    /// an object, joined by a space, sent as `%20`.
    SpaceDelimited {
        /// Must be `false`; `true` is undefined by OpenAPI and an error.
        explode: bool,
    },
    /// `style: pipeDelimited`: the items of a list, or the keys and values of
    /// an object, joined by `|`, sent as `%7C`.
    PipeDelimited {
        /// Must be `false`; `true` is undefined by OpenAPI and an error.
        explode: bool,
    },
    /// `style: deepObject`: one `name[key]=value` pair (sent as
    /// `name%5Bkey%5D=value`) per member of an object of scalars. `explode`
    /// has no effect on it (OpenAPI 3.2), so it has none here.
    DeepObject,
}

impl QueryStyle {
    /// `style: form`, `explode: true`, the default: `color=blue&color=black`.
    pub const FORM_EXPLODE: QueryStyle = QueryStyle::Form { explode: true };
    /// `style: form`, `explode: false`: `color=blue,black`.
    pub const FORM: QueryStyle = QueryStyle::Form { explode: false };
    /// `style: spaceDelimited`: `color=blue%20black`.
    pub const SPACE_DELIMITED: QueryStyle = QueryStyle::SpaceDelimited { explode: false };
    /// `style: pipeDelimited`: `color=blue%7Cblack`.
    pub const PIPE_DELIMITED: QueryStyle = QueryStyle::PipeDelimited { explode: false };
    /// `style: deepObject`: `color%5BR%5D=100`.
    pub const DEEP_OBJECT: QueryStyle = QueryStyle::DeepObject;
}

impl Default for QueryStyle {
    fn default() -> Self {
        Self::FORM_EXPLODE
    }
}

/// How a path parameter is serialised: OpenAPI's `style` and `explode` for
/// `in: path`. The default is OpenAPI's: `simple` with `explode: false`.
///
/// For `color` = `"blue"`, `["blue", "black", "brown"]` or
/// `{"R": 100, "G": 200, "B": 150}` (the specification's Style Examples):
///
/// | style | primitive | list | object |
/// | --- | --- | --- | --- |
/// | `Simple { explode: false }` | `blue` | `blue,black,brown` | `R,100,G,200,B,150` |
/// | `Simple { explode: true }` | `blue` | `blue,black,brown` | `R=100,G=200,B=150` |
/// | `Label { explode: false }` | `.blue` | `.blue,black,brown` | `.R,100,G,200,B,150` |
/// | `Label { explode: true }` | `.blue` | `.blue.black.brown` | `.R=100.G=200.B=150` |
/// | `Matrix { explode: false }` | `;color=blue` | `;color=blue,black,brown` | `;color=R,100,G,200,B,150` |
/// | `Matrix { explode: true }` | `;color=blue` | `;color=blue;color=black;color=brown` | `;R=100;G=200;B=150` |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathStyle {
    /// `style: simple` (RFC 6570 simple string expansion).
    Simple {
        /// Whether an object's members are written `key=value`.
        explode: bool,
    },
    /// `style: label` (RFC 6570 label expansion): a leading `.`.
    Label {
        /// Whether items are separated by `.` rather than `,` (and an
        /// object's members written `key=value`).
        explode: bool,
    },
    /// `style: matrix` (RFC 6570 path-style parameter expansion): `;name=`.
    Matrix {
        /// Whether each item becomes its own `;name=item` (and each member
        /// of an object its own `;key=value`).
        explode: bool,
    },
}

impl PathStyle {
    /// `style: simple`, the default: `blue,black,brown`.
    pub const SIMPLE: PathStyle = PathStyle::Simple { explode: false };
    /// `style: simple, explode: true`: `R=100,G=200` for an object.
    pub const SIMPLE_EXPLODE: PathStyle = PathStyle::Simple { explode: true };
    /// `style: label`: `.blue,black,brown`.
    pub const LABEL: PathStyle = PathStyle::Label { explode: false };
    /// `style: label, explode: true`: `.blue.black.brown`.
    pub const LABEL_EXPLODE: PathStyle = PathStyle::Label { explode: true };
    /// `style: matrix`: `;color=blue,black,brown`.
    pub const MATRIX: PathStyle = PathStyle::Matrix { explode: false };
    /// `style: matrix, explode: true`: `;color=blue;color=black`.
    pub const MATRIX_EXPLODE: PathStyle = PathStyle::Matrix { explode: true };
}

impl Default for PathStyle {
    fn default() -> Self {
        Self::SIMPLE
    }
}

/// Serialises a path parameter: the already percent-encoded text that
/// replaces `{name}` in the path template.
///
/// Values are encoded as RFC 6570 simple expansion does: everything except the
/// RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded
/// (UTF-8), so a `/`, `?`, `#`, `,` or `;` inside a value never changes the
/// shape of the path; the separators the style itself adds (`,` `.` `;` `=`)
/// are literal. See [`PathStyle`] for the layouts. `label` includes its
/// leading `.`, `matrix` its `;name=` parts.
///
/// `null` (an undefined value in RFC 6570's terms, §2.3), an empty list and an
/// object without members give an empty string, as in RFC 6570 (where `X{.undef}`
/// is `X`); an empty string gives `.` for `label` and `;name` for `matrix`
/// (the table's _undefined_ column, which RFC 6570 gives for the empty
/// string). A path with an empty or dot segment is refused when the request is
/// prepared or sent.
///
/// ```
/// use fluxer_client::request::{PathStyle, path_param};
///
/// let simple = PathStyle::Simple { explode: false };
/// assert_eq!(path_param("id", &"a/b c", simple).unwrap(), "a%2Fb%20c");
/// assert_eq!(path_param("ids", &[3, 4, 5], simple).unwrap(), "3,4,5");
/// let matrix = PathStyle::Matrix { explode: true };
/// assert_eq!(path_param("ids", &[3, 4], matrix).unwrap(), ";ids=3;ids=4");
/// let label = PathStyle::Label { explode: true };
/// assert_eq!(path_param("v", &["a", "b"], label).unwrap(), ".a.b");
/// ```
///
/// # Errors
///
/// [`ErrorKind::Encode`] when the value cannot be serialised, or holds a list
/// or object inside a list or object (which no style defines).
pub fn path_param<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
    style: PathStyle,
) -> Result<String, Error> {
    let shape = shape(Location::Path, name, value)?;
    let (prefix, separator, explode) = match style {
        PathStyle::Simple { explode } => ("", ",", explode),
        PathStyle::Label { explode } => (".", if explode { "." } else { "," }, explode),
        PathStyle::Matrix { explode } => {
            return Ok(matrix(name, shape, explode));
        }
    };
    let mut out = String::new();
    match shape {
        Shape::Undefined => return Ok(out),
        Shape::Scalar(text) => {
            out.push_str(prefix);
            out.push_str(&encode(&text));
        }
        Shape::List(items) => {
            out.push_str(prefix);
            join_into(&mut out, items.iter().map(|item| encode(item)), separator);
        }
        Shape::Map(members) => {
            out.push_str(prefix);
            if explode {
                let pairs = members
                    .iter()
                    .map(|(key, value)| Cow::Owned(format!("{}={}", encode(key), encode(value))));
                join_into(&mut out, pairs, separator);
            } else {
                join_into(&mut out, flatten(&members).map(encode), ",");
            }
        }
    }
    Ok(out)
}

/// `style: matrix`: RFC 6570's `{;name}` and `{;name*}`, where an empty value
/// drops its `=` (`;name`, not `;name=`).
fn matrix(name: &str, shape: Shape, explode: bool) -> String {
    let name = encode(name);
    let pair = |out: &mut String, key: &str, value: &str| {
        out.push(';');
        out.push_str(key);
        if !value.is_empty() {
            out.push('=');
            out.push_str(&encode(value));
        }
    };
    let mut out = String::new();
    match shape {
        Shape::Undefined => {}
        Shape::Scalar(text) => pair(&mut out, &name, &text),
        Shape::List(items) if explode => {
            for item in &items {
                pair(&mut out, &name, item);
            }
        }
        Shape::Map(members) if explode => {
            for (key, value) in &members {
                pair(&mut out, &encode(key), value);
            }
        }
        Shape::List(items) => {
            out.push(';');
            out.push_str(&name);
            out.push('=');
            join_into(&mut out, items.iter().map(|item| encode(item)), ",");
        }
        Shape::Map(members) => {
            out.push(';');
            out.push_str(&name);
            out.push('=');
            join_into(&mut out, flatten(&members).map(encode), ",");
        }
    }
    out
}

impl<T> RequestSpec<T> {
    /// Adds a query parameter serialised with an OpenAPI `style` (see
    /// [`QueryStyle`] for the layouts).
    ///
    /// The value is anything serde can serialise: a string, number, boolean,
    /// enum, union of scalars, list of scalars, struct or map of scalars, or an
    /// `Option` of one. `null` (`None`), an empty list and an object with no
    /// members other than `null`s are undefined in RFC 6570's sense and add
    /// nothing; `null` items of a list and `null` members of an object are left
    /// out. An empty string is a value: `name=`.
    ///
    /// Names and values are percent-encoded as RFC 6570 form expansion does:
    /// everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
    /// becomes `%XX` of its UTF-8 bytes (a space is `%20`, never `+`), so a
    /// `,`, `&`, `=`, `#` or `%` inside a value cannot be mistaken for syntax.
    /// The separators the style adds are emitted as the specification's
    /// examples show them: a literal `,` for `form` without `explode`, `%20`
    /// for `spaceDelimited`, `%7C` for `pipeDelimited`, and `%5B`/`%5D` around
    /// `deepObject` keys (OpenAPI 3.2, Appendix E: these delimiters "MUST be
    /// percent-encoded to comply with RFC3986").
    ///
    /// ```
    /// use fluxer_client::request::{Method, OperationInfo, QueryStyle, RequestSpec};
    ///
    /// static OP: OperationInfo = OperationInfo::new("example", Method::Get, "/example");
    /// #[derive(serde::Serialize)]
    /// struct Range { min: u8, max: u8 }
    ///
    /// let spec = RequestSpec::<()>::new(&OP, "/example")
    ///     .query_param("tags", &["a,b", "c d"], QueryStyle::Form { explode: false })?
    ///     .query_param("ids", &[1, 2], QueryStyle::PipeDelimited { explode: false })?
    ///     .query_param("range", &Range { min: 1, max: 9 }, QueryStyle::DeepObject)?
    ///     .query_param("after", &None::<u64>, QueryStyle::Form { explode: true })?;
    /// assert_eq!(
    ///     spec.query_string(),
    ///     "tags=a%2Cb,c%20d&ids=1%7C2&range%5Bmin%5D=1&range%5Bmax%5D=9"
    /// );
    /// # Ok::<(), fluxer_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value cannot be serialised, or when the
    /// combination is one OpenAPI leaves undefined: a list or object inside a
    /// list or object; a primitive or list with `deepObject`; a primitive, or
    /// `explode: true`, with `spaceDelimited` or `pipeDelimited`; an item, key
    /// or value of those two that contains their delimiter (a space, a `|`),
    /// or a `deepObject` name or key that contains `[` or `]`, which the server
    /// could not tell apart from the delimiter once decoded (Appendix E).
    pub fn query_param<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        style: QueryStyle,
    ) -> Result<Self, Error> {
        let shape = shape(Location::Query, name, value)?;
        add_query(&mut self.query, name, shape, style)?;
        Ok(self)
    }

    /// Adds a query parameter described by `content: application/json`: the
    /// value's JSON text, percent-encoded like any query value
    /// (`filter={"a":1}` is sent as `filter=%7B%22a%22%3A1%7D`).
    ///
    /// Unlike [`query_param`](Self::query_param), `None` is not left out: it is
    /// the JSON document `null`. Leave out an absent optional parameter by not
    /// calling this.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value cannot be serialised as JSON.
    pub fn query_json<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
    ) -> Result<Self, Error> {
        let json = serde_json::to_string(value).map_err(|error| {
            Error::with_source(
                ErrorKind::Encode {
                    message: format!(
                        "the query parameter `{name}` cannot be serialised as JSON: {error}"
                    ),
                },
                error,
            )
        })?;
        self.query
            .push((encode_static(name), encode(&json).into_owned()));
        Ok(self)
    }

    /// [`query_json`](Self::query_json) for an optional parameter: `None`
    /// adds nothing (where `query_json` would send `null`).
    ///
    /// # Errors
    ///
    /// As for [`query_json`](Self::query_json).
    pub fn optional_query_json<V: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&V>,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => self.query_json(name, value),
            None => Ok(self),
        }
    }

    /// Adds a header from a header parameter serialised with `style: simple`:
    /// a list as `a,b,c`, an object as `k1,v1,k2,v2` or, with `explode`, as
    /// `k1=v1,k2=v2`; scalars as their text. `null`, an empty list and an
    /// object without members add no header.
    ///
    /// As OpenAPI 3.2 requires ("When serializing headers with `schema`, URI
    /// percent-encoding MUST NOT be applied" and "Implementations MUST pass
    /// header values through unchanged"), nothing is encoded, quoted or
    /// escaped: a value that needs it must be given already escaped. A second
    /// `Cookie` header is not sent: one named `Cookie` joins the cookie
    /// parameters (see [`cookie_param`](Self::cookie_param)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value cannot be serialised, holds a list
    /// or object inside a list or object, or has a character an HTTP header
    /// value cannot carry (a line break or other control character, or
    /// anything outside ASCII; OpenAPI's Appendix D suggests base64 for
    /// those); or when the name is not a valid header name.
    pub fn header_param<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        explode: bool,
    ) -> Result<Self, Error> {
        check_token(Location::Header, name, name)?;
        let text = match shape(Location::Header, name, value)? {
            Shape::Undefined => return Ok(self),
            Shape::Scalar(text) => text,
            Shape::List(items) => items.join(","),
            Shape::Map(members) if explode => {
                let pairs: Vec<String> = members
                    .iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                pairs.join(",")
            }
            Shape::Map(members) => flatten(&members).collect::<Vec<_>>().join(","),
        };
        check_header_value(name, &text)?;
        self.push_header(name, text);
        Ok(self)
    }

    /// Adds a cookie from a cookie parameter serialised with `style: form`.
    ///
    /// All cookie parameters of a request are sent in one `Cookie` header,
    /// separated by `; ` as RFC 6265 requires (`a=1; b=2`). A scalar is
    /// `name=value`; a list `name=a,b,c`, or with `explode` one `name=item` per
    /// item; an object `name=k1,v1,k2,v2`, or with `explode` one `key=value`
    /// per member (the `; ` separator rather than form's `&`, which OpenAPI's
    /// Appendix D calls incorrect for cookies). `null`, an empty list and an
    /// object without members add nothing.
    ///
    /// Values are percent-encoded as RFC 6570 form expansion does (everything
    /// but `A-Z a-z 0-9 - . _ ~`; OpenAPI 3.2 Appendix D: "If automatic
    /// percent-encoding is desired, `style: "form"` ... provides this
    /// behavior"), so a value can never break the header: `Hello, world!`
    /// is sent as `Hello%2C%20world%21`. Names (the parameter's, and an
    /// exploded object's keys) are sent as they are.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value cannot be serialised or holds a
    /// list or object inside a list or object, or when a cookie name is not an
    /// RFC 6265 token (empty, or with a space, control character, non-ASCII
    /// character or one of `()<>@,;:\"/[]?={}`).
    pub fn cookie_param<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        explode: bool,
    ) -> Result<Self, Error> {
        check_token(Location::Cookie, name, name)?;
        let mut pairs = Vec::new();
        match shape(Location::Cookie, name, value)? {
            Shape::Undefined => return Ok(self),
            Shape::Scalar(text) => pairs.push(format!("{name}={}", encode(&text))),
            Shape::List(items) if explode => {
                for item in &items {
                    pairs.push(format!("{name}={}", encode(item)));
                }
            }
            Shape::List(items) => {
                let mut pair = format!("{name}=");
                join_into(&mut pair, items.iter().map(|item| encode(item)), ",");
                pairs.push(pair);
            }
            Shape::Map(members) if explode => {
                for (key, value) in &members {
                    check_token(Location::Cookie, name, key)?;
                    pairs.push(format!("{key}={}", encode(value)));
                }
            }
            Shape::Map(members) => {
                let mut pair = format!("{name}=");
                join_into(&mut pair, flatten(&members).map(encode), ",");
                pairs.push(pair);
            }
        }
        self.push_header("Cookie", pairs.join("; "));
        Ok(self)
    }
}

/// Percent-encodes a query name or value, or a path value: RFC 6570's
/// non-reserved expansion, which keeps only the RFC 3986 unreserved characters.
pub(super) fn encode(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, PATH_SEGMENT).into()
}

/// [`encode`] for a name given as a `&'static str`: borrowed when it needs no
/// encoding, which is the usual case.
pub(super) fn encode_static(name: &'static str) -> Cow<'static, str> {
    utf8_percent_encode(name, PATH_SEGMENT).into()
}

/// Adds the encoded pairs of one query parameter.
fn add_query(
    query: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    shape: Shape,
    style: QueryStyle,
) -> Result<(), Error> {
    match style {
        QueryStyle::Form { explode } => {
            add_form(query, name, shape, explode);
            Ok(())
        }
        QueryStyle::DeepObject => add_deep_object(query, name, shape),
        QueryStyle::SpaceDelimited { explode } => {
            add_delimited(query, name, shape, explode, Delimiter::Space)
        }
        QueryStyle::PipeDelimited { explode } => {
            add_delimited(query, name, shape, explode, Delimiter::Pipe)
        }
    }
}

/// [`RequestSpec::query_serialized`]: `form` with `explode`, objects refused.
pub(super) fn add_serialized<V: Serialize + ?Sized>(
    query: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    value: &V,
) -> Result<(), Error> {
    match shape(Location::Query, name, value)? {
        Shape::Map(_) => Err(encode_error(format!(
            "the query parameter `{name}` must be a scalar or a list of scalars"
        ))),
        shape => {
            add_form(query, name, shape, true);
            Ok(())
        }
    }
}

/// `style: form`: RFC 6570's `{?name}` and `{?name*}`.
fn add_form(
    query: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    shape: Shape,
    explode: bool,
) {
    match shape {
        Shape::Undefined => {}
        Shape::Scalar(text) => query.push((encode_static(name), encode(&text).into_owned())),
        Shape::List(items) if explode => {
            for item in &items {
                query.push((encode_static(name), encode(item).into_owned()));
            }
        }
        Shape::Map(members) if explode => {
            for (key, value) in &members {
                query.push((
                    Cow::Owned(encode(key).into_owned()),
                    encode(value).into_owned(),
                ));
            }
        }
        Shape::List(items) => {
            let mut text = String::new();
            join_into(&mut text, items.iter().map(|item| encode(item)), ",");
            query.push((encode_static(name), text));
        }
        Shape::Map(members) => {
            let mut text = String::new();
            join_into(&mut text, flatten(&members).map(encode), ",");
            query.push((encode_static(name), text));
        }
    }
}

/// `style: deepObject`: `name[key]=value` per member, brackets encoded as in
/// the specification's example.
fn add_deep_object(
    query: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    shape: Shape,
) -> Result<(), Error> {
    let members = match shape {
        Shape::Undefined => return Ok(()),
        Shape::Map(members) => members,
        Shape::Scalar(_) | Shape::List(_) => {
            return Err(encode_error(format!(
                "the query parameter `{name}` has style deepObject, which OpenAPI defines \
                 only for objects, not for a primitive or a list"
            )));
        }
    };
    let bracket = |text: &str| text.contains(['[', ']']);
    if bracket(name) {
        return Err(encode_error(format!(
            "the query parameter `{name}` has style deepObject, so its name cannot contain \
             `[` or `]`"
        )));
    }
    for (key, value) in &members {
        if bracket(key) {
            return Err(encode_error(format!(
                "the query parameter `{name}` has style deepObject, and its key {key:?} \
                 contains `[` or `]`, which the server could not tell from the brackets \
                 around keys (OpenAPI, Appendix E)"
            )));
        }
        let pair_name = format!("{}%5B{}%5D", encode(name), encode(key));
        query.push((Cow::Owned(pair_name), encode(value).into_owned()));
    }
    Ok(())
}

/// The delimiter of `spaceDelimited` or `pipeDelimited`.
#[derive(Clone, Copy)]
enum Delimiter {
    Space,
    Pipe,
}

impl Delimiter {
    fn style(self) -> &'static str {
        match self {
            Self::Space => "spaceDelimited",
            Self::Pipe => "pipeDelimited",
        }
    }

    fn character(self) -> char {
        match self {
            Self::Space => ' ',
            Self::Pipe => '|',
        }
    }

    fn described(self) -> &'static str {
        match self {
            Self::Space => "a space",
            Self::Pipe => "a `|`",
        }
    }

    /// As the specification's examples write it.
    fn encoded(self) -> &'static str {
        match self {
            Self::Space => "%20",
            Self::Pipe => "%7C",
        }
    }
}

/// `style: spaceDelimited` and `style: pipeDelimited` (`explode: false`).
fn add_delimited(
    query: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    shape: Shape,
    explode: bool,
    delimiter: Delimiter,
) -> Result<(), Error> {
    let style = delimiter.style();
    let parts: Vec<&str> = match &shape {
        Shape::Undefined => return Ok(()),
        Shape::Scalar(_) => {
            return Err(encode_error(format!(
                "the query parameter `{name}` has style {style}, which OpenAPI defines only \
                 for lists and objects, not for a primitive"
            )));
        }
        _ if explode => {
            return Err(encode_error(format!(
                "the query parameter `{name}` has style {style} with explode: true, which \
                 OpenAPI leaves undefined (n/a in its Style Examples)"
            )));
        }
        Shape::List(items) => items.iter().map(String::as_str).collect(),
        Shape::Map(members) => flatten(members).collect(),
    };
    if let Some(part) = parts
        .iter()
        .find(|part| part.contains(delimiter.character()))
    {
        return Err(encode_error(format!(
            "the query parameter `{name}` has style {style}, and its part {part:?} contains \
             {}, which the server could not tell from the delimiter once decoded (OpenAPI, \
             Appendix E); escape it first or use another style",
            delimiter.described()
        )));
    }
    let mut text = String::new();
    join_into(
        &mut text,
        parts.into_iter().map(encode),
        delimiter.encoded(),
    );
    query.push((encode_static(name), text));
    Ok(())
}

/// Appends `parts` to `out`, `separator` between them.
fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = Cow<'a, str>>, separator: &str) {
    for (index, part) in parts.enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(&part);
    }
}

/// An object's keys and values in turn: `R, 100, G, 200`.
fn flatten(members: &[(String, String)]) -> impl Iterator<Item = &str> {
    members
        .iter()
        .flat_map(|(key, value)| [key.as_str(), value.as_str()])
}

fn encode_error(message: String) -> Error {
    Error::new(ErrorKind::Encode { message })
}

/// Where a parameter goes (OpenAPI's `in`), for messages.
#[derive(Clone, Copy)]
enum Location {
    Query,
    Path,
    Header,
    Cookie,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Query => "query parameter",
            Self::Path => "path parameter",
            Self::Header => "header parameter",
            Self::Cookie => "cookie parameter",
        })
    }
}

/// A parameter value as the styles see it: RFC 6570's four kinds of value.
#[derive(Debug, PartialEq)]
enum Shape {
    /// `null`, an empty list, an object with no members but `null`s.
    Undefined,
    /// A string, number or boolean as text.
    Scalar(String),
    /// The items of a list, `null`s left out; at least one.
    List(Vec<String>),
    /// The members of an object in serde's order, `null`s left out; at least one.
    Map(Vec<(String, String)>),
}

/// Serialises `value` and reads it as a [`Shape`].
fn shape<V: Serialize + ?Sized>(location: Location, name: &str, value: &V) -> Result<Shape, Error> {
    let node = to_node(value).map_err(|error| {
        encode_error(format!(
            "the {location} `{name}` cannot be serialised: {error}"
        ))
    })?;
    let nested = || {
        encode_error(format!(
            "the {location} `{name}` holds a list or object inside a list or object, which \
             OpenAPI's parameter styles do not define (use `content` for such values)"
        ))
    };
    Ok(match node {
        Node::Null => Shape::Undefined,
        Node::Text(text) => Shape::Scalar(text),
        Node::List(items) => {
            let mut texts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Node::Null => {}
                    Node::Text(text) => texts.push(text),
                    Node::List(_) | Node::Map(_) => return Err(nested()),
                }
            }
            if texts.is_empty() {
                Shape::Undefined
            } else {
                Shape::List(texts)
            }
        }
        Node::Map(members) => {
            let mut pairs = Vec::with_capacity(members.len());
            for (key, member) in members {
                match member {
                    Node::Null => {}
                    Node::Text(text) => pairs.push((key, text)),
                    Node::List(_) | Node::Map(_) => return Err(nested()),
                }
            }
            if pairs.is_empty() {
                Shape::Undefined
            } else {
                Shape::Map(pairs)
            }
        }
    })
}

/// Checks that `text` is an RFC 9110 token (a header or cookie name).
fn check_token(location: Location, name: &str, text: &str) -> Result<(), Error> {
    let tchar = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if !text.is_empty() && text.bytes().all(tchar) {
        return Ok(());
    }
    let what = match location {
        Location::Cookie => "cookie name",
        _ => "header name",
    };
    Err(encode_error(format!(
        "the {location} `{name}`: {text:?} is not a valid {what} (an RFC 9110 token: letters, \
         digits and !#$%&'*+-.^_`|~)"
    )))
}

/// Checks that a header value has only what HTTP allows without escaping:
/// visible ASCII, spaces and tabs.
fn check_header_value(name: &str, text: &str) -> Result<(), Error> {
    let Some(bad) = text
        .chars()
        .find(|&c| !(c == '\t' || c == ' ' || c.is_ascii_graphic()))
    else {
        return Ok(());
    };
    let what = if bad == '\r' || bad == '\n' {
        "a line break"
    } else if bad.is_ascii_control() {
        "a control character"
    } else {
        "a character outside ASCII"
    };
    Err(encode_error(format!(
        "the header parameter `{name}` contains {what} ({bad:?}), which an HTTP header value \
         cannot carry; encode the value first (OpenAPI, Appendix D, suggests base64)"
    )))
}
