//! Parameter serialization: OpenAPI's `style` and `explode` for query, path,
//! header and cookie parameters.
//!
//! A value is first serialised with serde into a small tree ([`Node`]) that
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

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde::ser;

use super::{PATH_SEGMENT, RequestSpec};
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
    let shape = shape(Place::Path, name, value)?;
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
        let shape = shape(Place::Query, name, value)?;
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
        check_token(Place::Header, name, name)?;
        let text = match shape(Place::Header, name, value)? {
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
        check_token(Place::Cookie, name, name)?;
        let mut pairs = Vec::new();
        match shape(Place::Cookie, name, value)? {
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
                    check_token(Place::Cookie, name, key)?;
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
    match shape(Place::Query, name, value)? {
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

/// Where a parameter goes, for messages.
#[derive(Clone, Copy)]
enum Place {
    Query,
    Path,
    Header,
    Cookie,
}

impl fmt::Display for Place {
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
fn shape<V: Serialize + ?Sized>(place: Place, name: &str, value: &V) -> Result<Shape, Error> {
    let node = value
        .serialize(NodeSerializer { depth: 0 })
        .map_err(|error| {
            encode_error(format!(
                "the {place} `{name}` cannot be serialised: {error}"
            ))
        })?;
    let nested = || {
        encode_error(format!(
            "the {place} `{name}` holds a list or object inside a list or object, which \
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
fn check_token(place: Place, name: &str, text: &str) -> Result<(), Error> {
    let tchar = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if !text.is_empty() && text.bytes().all(tchar) {
        return Ok(());
    }
    let what = match place {
        Place::Cookie => "cookie name",
        _ => "header name",
    };
    Err(encode_error(format!(
        "the {place} `{name}`: {text:?} is not a valid {what} (an RFC 9110 token: letters, \
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

/// A serialised value, in the order serde produced it. Containers hold at
/// most one more level of containers ([`MAX_DEPTH`]): no style goes deeper.
#[derive(Debug, PartialEq)]
enum Node {
    /// `None`, `()`, a unit struct.
    Null,
    /// A string, number, boolean, `char` or unit enum variant, as text.
    Text(String),
    /// A sequence or tuple.
    List(Vec<Node>),
    /// A map or struct (or an enum variant with data, as `{variant: data}`,
    /// like serde_json).
    Map(Vec<(String, Node)>),
}

/// How deep containers may nest in a [`Node`].
const MAX_DEPTH: u8 = 2;

/// The error of [`NodeSerializer`]: a message.
#[derive(Debug)]
struct NodeError(String);

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NodeError {}

impl ser::Error for NodeError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Self(message.to_string())
    }
}

/// Serialises into a [`Node`].
#[derive(Clone, Copy)]
struct NodeSerializer {
    /// How many containers enclose the value.
    depth: u8,
}

impl NodeSerializer {
    /// The depth of a container's contents, unless containers may not go deeper.
    fn enter(self) -> Result<Self, NodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(NodeError(
                "it nests lists or objects more than two levels deep".to_owned(),
            ));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

/// serde_json's `arbitrary_precision` numbers serialise as a struct of this
/// name with one field of this name holding the digits.
const JSON_NUMBER: &str = "$serde_json::private::Number";

fn text(value: impl ToString) -> Result<Node, NodeError> {
    Ok(Node::Text(value.to_string()))
}

/// A float as JSON writes it (`1.0`, `0.1`); NaN and infinities have no text.
fn float<F: Serialize + Copy>(value: F, finite: bool) -> Result<Node, NodeError> {
    if !finite {
        return Err(NodeError(
            "NaN and infinite numbers cannot be sent".to_owned(),
        ));
    }
    serde_json::to_string(&value)
        .map(Node::Text)
        .map_err(|error| NodeError(error.to_string()))
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = NodeError;
    type SerializeSeq = ListBuilder;
    type SerializeTuple = ListBuilder;
    type SerializeTupleStruct = ListBuilder;
    type SerializeTupleVariant = Variant<ListBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = Variant<MapBuilder>;

    fn serialize_bool(self, v: bool) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Node, NodeError> {
        float(v, v.is_finite())
    }
    fn serialize_f64(self, v: f64) -> Result<Node, NodeError> {
        float(v, v.is_finite())
    }
    fn serialize_char(self, v: char) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_str(self, v: &str) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, NodeError> {
        Err(NodeError(
            "raw bytes have no text; encode them (base64, say) first".to_owned(),
        ))
    }
    fn serialize_none(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, NodeError> {
        text(variant)
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &V,
    ) -> Result<Node, NodeError> {
        let inner = value.serialize(self.enter()?)?;
        Ok(Node::Map(vec![(variant.to_owned(), inner)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListBuilder, NodeError> {
        Ok(ListBuilder {
            items: Vec::with_capacity(len.unwrap_or(0).min(64)),
            inner: self.enter()?,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ListBuilder, NodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<ListBuilder, NodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<ListBuilder>, NodeError> {
        Ok(Variant {
            variant,
            inner: self.enter()?.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, NodeError> {
        Ok(MapBuilder {
            members: Vec::with_capacity(len.unwrap_or(0).min(64)),
            key: None,
            inner: self.enter()?,
            number: false,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<MapBuilder, NodeError> {
        let mut map = self.serialize_map(Some(len))?;
        map.number = name == JSON_NUMBER;
        Ok(map)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<MapBuilder>, NodeError> {
        Ok(Variant {
            variant,
            inner: self.enter()?.serialize_map(Some(len))?,
        })
    }
}

/// Builds a [`Node::List`].
struct ListBuilder {
    items: Vec<Node>,
    /// The serializer for the items.
    inner: NodeSerializer,
}

impl ListBuilder {
    fn push<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.items.push(value.serialize(self.inner)?);
        Ok(())
    }
}

impl ser::SerializeSeq for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

impl ser::SerializeTuple for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

impl ser::SerializeTupleStruct for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

/// Builds a [`Node::Map`].
struct MapBuilder {
    members: Vec<(String, Node)>,
    /// The key whose value comes next.
    key: Option<String>,
    /// The serializer for the values.
    inner: NodeSerializer,
    /// Whether this is serde_json's [`JSON_NUMBER`] struct.
    number: bool,
}

impl MapBuilder {
    fn end_node(mut self) -> Node {
        if self.number
            && let [(_, Node::Text(digits))] = self.members.as_mut_slice()
        {
            return Node::Text(std::mem::take(digits));
        }
        Node::Map(self.members)
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), NodeError> {
        // Keys are scalars: no containers allowed inside them.
        let key = key.serialize(NodeSerializer { depth: MAX_DEPTH });
        match key {
            Ok(Node::Text(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(NodeError(
                "a map key must be a string, number, boolean or unit variant".to_owned(),
            )),
        }
    }
    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| NodeError("a map value came without its key".to_owned()))?;
        self.members.push((key, value.serialize(self.inner)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(self.end_node())
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NodeError> {
        self.members
            .push((key.to_owned(), value.serialize(self.inner)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(self.end_node())
    }
}

/// An enum variant with data: `{variant: data}`, as serde_json writes it.
struct Variant<B> {
    variant: &'static str,
    inner: B,
}

impl ser::SerializeTupleVariant for Variant<ListBuilder> {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(vec![(
            self.variant.to_owned(),
            Node::List(self.inner.items),
        )]))
    }
}

impl ser::SerializeStructVariant for Variant<MapBuilder> {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NodeError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(vec![(
            self.variant.to_owned(),
            self.inner.end_node(),
        )]))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;
    use crate::request::{Method, OperationInfo, encode_path_segment};

    static OP: OperationInfo = OperationInfo::new("op", Method::Get, "/x");

    /// The specification's object example, in its order (which is not sorted).
    #[derive(Serialize)]
    struct Rgb {
        #[serde(rename = "R")]
        r: u8,
        #[serde(rename = "G")]
        g: u8,
        #[serde(rename = "B")]
        b: u8,
    }

    const COLOR: Rgb = Rgb {
        r: 100,
        g: 200,
        b: 150,
    };
    const LIST: [&str; 3] = ["blue", "black", "brown"];

    const FORM: QueryStyle = QueryStyle::Form { explode: false };
    const FORM_EXPLODE: QueryStyle = QueryStyle::Form { explode: true };
    const SPACE: QueryStyle = QueryStyle::SpaceDelimited { explode: false };
    const PIPE: QueryStyle = QueryStyle::PipeDelimited { explode: false };
    const DEEP: QueryStyle = QueryStyle::DeepObject;

    fn spec() -> RequestSpec<()> {
        RequestSpec::new(&OP, "/x".to_owned())
    }

    fn query<V: Serialize + ?Sized>(value: &V, style: QueryStyle) -> String {
        spec()
            .query_param("color", value, style)
            .unwrap_or_else(|error| panic!("{style:?}: {error}"))
            .query_string()
    }

    fn query_error<V: Serialize + ?Sized>(value: &V, style: QueryStyle) -> String {
        let error = spec().query_param("color", value, style).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Encode { .. }),
            "{error:?}"
        );
        error.to_string()
    }

    /// Every query row of the Style Examples table (OpenAPI 3.1.1 and 3.2.0).
    #[test]
    fn query_style_examples() {
        let rows: [(QueryStyle, &str, &str, &str); 5] = [
            (
                FORM,
                "color=blue",
                "color=blue,black,brown",
                "color=R,100,G,200,B,150",
            ),
            (
                FORM_EXPLODE,
                "color=blue",
                "color=blue&color=black&color=brown",
                "R=100&G=200&B=150",
            ),
            (
                SPACE,
                "",
                "color=blue%20black%20brown",
                "color=R%20100%20G%20200%20B%20150",
            ),
            (
                PIPE,
                "",
                "color=blue%7Cblack%7Cbrown",
                "color=R%7C100%7CG%7C200%7CB%7C150",
            ),
            (
                DEEP,
                "",
                "",
                "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
            ),
        ];
        for (style, primitive, list, object) in rows {
            if primitive.is_empty() {
                query_error(&"blue", style);
            } else {
                assert_eq!(query(&"blue", style), primitive, "{style:?}");
            }
            if list.is_empty() {
                query_error(&LIST, style);
            } else {
                assert_eq!(query(&LIST, style), list, "{style:?}");
            }
            assert_eq!(query(&COLOR, style), object, "{style:?}");
        }
    }

    /// The cells marked n/a are errors, with messages that say why.
    #[test]
    fn undefined_query_combinations_are_errors() {
        for style in [
            QueryStyle::SpaceDelimited { explode: true },
            QueryStyle::PipeDelimited { explode: true },
        ] {
            assert!(query_error(&LIST, style).contains("explode: true"));
            assert!(query_error(&COLOR, style).contains("undefined"));
        }
        assert!(query_error(&"blue", SPACE).contains("not for a primitive"));
        assert!(query_error(&3, PIPE).contains("pipeDelimited"));
        assert!(query_error(&LIST, DEEP).contains("only for objects"));
        assert!(query_error(&true, DEEP).contains("deepObject"));
        // Lists or objects inside lists or objects, in every style.
        let nested_list = vec![vec![1, 2], vec![3]];
        let nested_object = BTreeMap::from([("a", BTreeMap::from([("b", 1)]))]);
        let list_in_object = BTreeMap::from([("a", vec![1, 2])]);
        for style in [FORM, FORM_EXPLODE, SPACE, PIPE, DEEP] {
            let message = query_error(&nested_list, style);
            assert!(
                message.contains("`color` holds a list or object inside"),
                "{message}"
            );
            query_error(&nested_object, style);
            query_error(&list_in_object, style);
        }
        // Deeper nesting is refused while serialising.
        let deep = vec![vec![vec![1]]];
        assert!(query_error(&deep, FORM).contains("more than two levels"));
    }

    /// RFC 6570 §2.3: `null`, empty lists and empty objects are undefined and
    /// add nothing; an empty string is a value.
    #[test]
    fn undefined_and_empty_query_values() {
        let empty_list: [u8; 0] = [];
        let only_nulls = BTreeMap::from([("a", None::<u8>)]);
        for style in [FORM, FORM_EXPLODE, SPACE, PIPE, DEEP] {
            assert_eq!(query(&None::<&str>, style), "", "{style:?}");
            assert_eq!(query(&(), style), "", "{style:?}");
            assert_eq!(query(&empty_list, style), "", "{style:?}");
            assert_eq!(query(&[None::<u8>, None], style), "", "{style:?}");
            assert_eq!(query(&BTreeMap::<String, u8>::new(), style), "");
            assert_eq!(query(&only_nulls, style), "", "{style:?}");
        }
        assert_eq!(query(&"", FORM), "color=");
        assert_eq!(query(&"", FORM_EXPLODE), "color=");
        assert_eq!(query(&Some(""), FORM_EXPLODE), "color=");
        assert_eq!(query(&["", "a"], FORM), "color=,a");
        assert_eq!(query(&["", "a"], FORM_EXPLODE), "color=&color=a");
        assert_eq!(query(&["", "a"], PIPE), "color=%7Ca");
        assert_eq!(query(&BTreeMap::from([("k", "")]), FORM_EXPLODE), "k=");
        assert_eq!(query(&BTreeMap::from([("k", "")]), DEEP), "color%5Bk%5D=");
        // `null` items and members are left out.
        assert_eq!(
            query(&[Some(1), None, Some(2)], FORM_EXPLODE),
            "color=1&color=2"
        );
        assert_eq!(query(&[Some(1), None, Some(2)], SPACE), "color=1%202");
        let sparse = BTreeMap::from([("a", Some(1)), ("b", None), ("c", Some(3))]);
        assert_eq!(query(&sparse, FORM), "color=a,1,c,3");
        assert_eq!(query(&sparse, DEEP), "color%5Ba%5D=1&color%5Bc%5D=3");
    }

    /// Reserved characters inside values are encoded; the separators the
    /// style adds are not (form's `,`) or are encoded as the table shows.
    #[test]
    fn reserved_characters_in_query_values() {
        let cases = [
            ("a,b", "a%2Cb"),
            ("a b", "a%20b"),
            ("a/b", "a%2Fb"),
            ("ü", "%C3%BC"),
            ("&", "%26"),
            ("=", "%3D"),
            ("#", "%23"),
            ("%", "%25"),
            ("+", "%2B"),
            ("a|b", "a%7Cb"),
            ("[x]", "%5Bx%5D"),
            ("?;:@!$'()*", "%3F%3B%3A%40%21%24%27%28%29%2A"),
            ("AZaz09-._~", "AZaz09-._~"),
            ("\r\n\0", "%0D%0A%00"),
            ("😀", "%F0%9F%98%80"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(query(&raw, FORM), format!("color={encoded}"), "{raw:?}");
            assert_eq!(query(&raw, FORM_EXPLODE), format!("color={encoded}"));
            assert_eq!(
                query(&[raw, raw], FORM),
                format!("color={encoded},{encoded}")
            );
            assert_eq!(
                query(&[raw, raw], FORM_EXPLODE),
                format!("color={encoded}&color={encoded}")
            );
            let object = BTreeMap::from([(raw, raw)]);
            assert_eq!(query(&object, FORM), format!("color={encoded},{encoded}"));
            assert_eq!(query(&object, FORM_EXPLODE), format!("{encoded}={encoded}"));
            if !raw.contains(' ') {
                assert_eq!(
                    query(&[raw, raw], SPACE),
                    format!("color={encoded}%20{encoded}")
                );
            }
            if !raw.contains('|') {
                assert_eq!(
                    query(&[raw, raw], PIPE),
                    format!("color={encoded}%7C{encoded}")
                );
            }
            if !raw.contains(['[', ']']) {
                assert_eq!(
                    query(&object, DEEP),
                    format!("color%5B{encoded}%5D={encoded}")
                );
            }
        }
        // Names are encoded like values.
        let spec = spec()
            .query_param("a b&c", &"x", FORM_EXPLODE)
            .unwrap()
            .query_param("ü", &["x", "y"], FORM)
            .unwrap()
            .query_param("d=e", &BTreeMap::from([("k", 1)]), DEEP)
            .unwrap();
        assert_eq!(spec.query_string(), "a%20b%26c=x&%C3%BC=x,y&d%3De%5Bk%5D=1");
    }

    /// A delimiter inside an item of spaceDelimited, pipeDelimited or a
    /// deepObject key would be read as a delimiter: refused.
    #[test]
    fn delimiters_inside_values_are_refused() {
        assert!(query_error(&["a b", "c"], SPACE).contains("contains a space"));
        assert!(query_error(&BTreeMap::from([("k", "a b")]), SPACE).contains("\"a b\""));
        assert!(query_error(&["a|b"], PIPE).contains("contains a `|`"));
        assert!(query_error(&BTreeMap::from([("a|b", 1)]), PIPE).contains("pipeDelimited"));
        // The other style's delimiter is fine.
        assert_eq!(query(&["a|b"], SPACE), "color=a%7Cb");
        assert_eq!(query(&["a b"], PIPE), "color=a%20b");
        let message = query_error(&BTreeMap::from([("a[b]", 1)]), DEEP);
        assert!(
            message.contains("\"a[b]\" contains `[` or `]`"),
            "{message}"
        );
        let error = spec()
            .query_param("f[x]", &BTreeMap::from([("k", 1)]), DEEP)
            .unwrap_err();
        assert!(error.to_string().contains("its name cannot contain"));
        // Brackets in values are fine.
        assert_eq!(
            query(&BTreeMap::from([("k", "[v]")]), DEEP),
            "color%5Bk%5D=%5Bv%5D"
        );
    }

    /// Objects keep serde's order: a struct's declaration order (whatever
    /// serde_json's `preserve_order` says), a `BTreeMap`'s sorted order.
    #[test]
    fn object_order_is_serdes() {
        assert_eq!(query(&COLOR, FORM), "color=R,100,G,200,B,150");
        let sorted = BTreeMap::from([("R", 100), ("G", 200), ("B", 150)]);
        assert_eq!(query(&sorted, FORM), "color=B,150,G,200,R,100");
        #[derive(Serialize)]
        struct Partial {
            z: Option<u8>,
            #[serde(skip_serializing_if = "Option::is_none")]
            y: Option<u8>,
            x: u8,
        }
        let partial = Partial {
            z: Some(1),
            y: None,
            x: 2,
        };
        assert_eq!(query(&partial, FORM_EXPLODE), "z=1&x=2");
        assert_eq!(query(&partial, DEEP), "color%5Bz%5D=1&color%5Bx%5D=2");
    }

    /// Scalars of every kind, enums and unions.
    #[test]
    fn scalars_enums_and_unions() {
        assert_eq!(query(&true, FORM), "color=true");
        assert_eq!(query(&-7_i8, FORM), "color=-7");
        assert_eq!(query(&u64::MAX, FORM), "color=18446744073709551615");
        assert_eq!(query(&i128::MIN, FORM), format!("color=-{}", 1_u128 << 127));
        assert_eq!(query(&1.5_f64, FORM), "color=1.5");
        assert_eq!(query(&1.0_f64, FORM), "color=1.0");
        assert_eq!(query(&0.1_f32, FORM), "color=0.1");
        // As JSON writes it: `1e+300`.
        assert_eq!(query(&1e300_f64, FORM), "color=1e%2B300");
        assert_eq!(query(&'ü', FORM), "color=%C3%BC");
        assert_eq!(query(&[1.5, 2.0], PIPE), "color=1.5%7C2.0");
        assert!(query_error(&f64::NAN, FORM).contains("NaN"));
        assert!(query_error(&[f32::INFINITY], FORM).contains("infinite"));
        assert!(query_error(serde_bytes_like(), FORM).contains("raw bytes"));
        assert_eq!(
            query(&crate::Snowflake::new(1_183_436_478_421_147_648), FORM),
            "color=1183436478421147648"
        );

        #[derive(Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            GroupDm,
            #[serde(rename = "a b")]
            Spaced,
        }
        #[derive(Serialize)]
        #[serde(untagged)]
        enum NameOrId {
            Id(u64),
            Name(String),
        }
        assert_eq!(query(&Kind::GroupDm, FORM), "color=group_dm");
        assert_eq!(
            query(&[Kind::GroupDm, Kind::Spaced], FORM),
            "color=group_dm,a%20b"
        );
        assert_eq!(query(&NameOrId::Id(5), FORM), "color=5");
        assert_eq!(
            query(
                &[NameOrId::Id(5), NameOrId::Name("x,y".into())],
                FORM_EXPLODE
            ),
            "color=5&color=x%2Cy"
        );
        // Tuples are lists; an enum variant with data is `{variant: data}`.
        assert_eq!(query(&(1, "a", true), FORM), "color=1,a,true");
        #[derive(Serialize)]
        enum Tagged {
            One(u8),
            Pair(u8, u8),
            Named { a: u8 },
        }
        assert_eq!(query(&Tagged::One(1), FORM_EXPLODE), "One=1");
        query_error(&Tagged::Pair(1, 2), FORM);
        query_error(&Tagged::Named { a: 1 }, FORM);
        // Map keys must be scalars.
        let keyed = BTreeMap::from([(1, "a"), (2, "b")]);
        assert_eq!(query(&keyed, FORM), "color=1,a,2,b");
        let bad_keys = BTreeMap::from([(vec![1], "a")]);
        assert!(query_error(&bad_keys, FORM).contains("map key"));
        // serde_json's `arbitrary_precision` numbers are their digits.
        struct Precise;
        impl Serialize for Precise {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let mut number = serializer.serialize_struct(JSON_NUMBER, 1)?;
                number.serialize_field(JSON_NUMBER, "1.10")?;
                number.end()
            }
        }
        assert_eq!(query(&Precise, FORM), "color=1.10");
        assert_eq!(query(&[Precise, Precise], PIPE), "color=1.10%7C1.10");
    }

    /// `&[u8]` serialises as a sequence; this serialises as bytes.
    fn serde_bytes_like() -> &'static impl Serialize {
        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(b"ab")
            }
        }
        &Bytes
    }

    #[test]
    fn serialisation_errors_name_the_parameter() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let message = query_error(&Failing, FORM);
        assert!(
            message.contains("the query parameter `color` cannot be serialised: nope"),
            "{message}"
        );
    }

    #[test]
    fn json_values_keep_their_order_too() {
        // serde_json's map order depends on a feature, so only one member here.
        let value = serde_json::json!({"R": 100});
        assert_eq!(query(&value, FORM), "color=R,100");
        assert_eq!(query(&serde_json::json!([1, "a", null]), FORM), "color=1,a");
        assert_eq!(query(&serde_json::json!(null), FORM), "");
        assert_eq!(query(&serde_json::json!(2.5), FORM), "color=2.5");
    }

    #[test]
    fn query_json_sends_the_json_text() {
        let spec = spec()
            .query_json("filter", &serde_json::json!({"a": [1, "x y"]}))
            .unwrap()
            .query_json("none", &None::<u8>)
            .unwrap()
            .query_json("text", "a,b")
            .unwrap();
        assert_eq!(
            spec.query_string(),
            "filter=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D&none=null&text=%22a%2Cb%22"
        );
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let error = RequestSpec::<()>::new(&OP, "/x")
            .query_json("bad", &Failing)
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
        assert!(
            error
                .to_string()
                .contains("`bad` cannot be serialised as JSON: nope")
        );
    }

    fn path<V: Serialize + ?Sized>(value: &V, style: PathStyle) -> String {
        path_param("color", value, style).unwrap_or_else(|error| panic!("{style:?}: {error}"))
    }

    const SIMPLE: PathStyle = PathStyle::Simple { explode: false };
    const SIMPLE_EXPLODE: PathStyle = PathStyle::Simple { explode: true };
    const LABEL: PathStyle = PathStyle::Label { explode: false };
    const LABEL_EXPLODE: PathStyle = PathStyle::Label { explode: true };
    const MATRIX: PathStyle = PathStyle::Matrix { explode: false };
    const MATRIX_EXPLODE: PathStyle = PathStyle::Matrix { explode: true };
    const PATH_STYLES: [PathStyle; 6] = [
        SIMPLE,
        SIMPLE_EXPLODE,
        LABEL,
        LABEL_EXPLODE,
        MATRIX,
        MATRIX_EXPLODE,
    ];

    /// Every path row of the Style Examples table (OpenAPI 3.1.1 and 3.2.0);
    /// the `undefined` column is what RFC 6570 gives for the empty string.
    #[test]
    fn path_style_examples() {
        let rows = [
            (
                MATRIX,
                ";color",
                ";color=blue",
                ";color=blue,black,brown",
                ";color=R,100,G,200,B,150",
            ),
            (
                MATRIX_EXPLODE,
                ";color",
                ";color=blue",
                ";color=blue;color=black;color=brown",
                ";R=100;G=200;B=150",
            ),
            (
                LABEL,
                ".",
                ".blue",
                ".blue,black,brown",
                ".R,100,G,200,B,150",
            ),
            (
                LABEL_EXPLODE,
                ".",
                ".blue",
                ".blue.black.brown",
                ".R=100.G=200.B=150",
            ),
            (SIMPLE, "", "blue", "blue,black,brown", "R,100,G,200,B,150"),
            (
                SIMPLE_EXPLODE,
                "",
                "blue",
                "blue,black,brown",
                "R=100,G=200,B=150",
            ),
        ];
        for (style, empty, primitive, list, object) in rows {
            assert_eq!(path(&"", style), empty, "{style:?}");
            assert_eq!(path(&"blue", style), primitive, "{style:?}");
            assert_eq!(path(&LIST, style), list, "{style:?}");
            assert_eq!(path(&COLOR, style), object, "{style:?}");
        }
        assert_eq!(PathStyle::default(), SIMPLE);
    }

    /// RFC 6570 §2.3: undefined values expand to nothing, prefix included
    /// (`X{.undef}` is `X`, `{;undef}` is empty); empty strings inside
    /// lists and objects keep their place.
    #[test]
    fn undefined_and_empty_path_values() {
        let empty_list: [u8; 0] = [];
        for style in PATH_STYLES {
            assert_eq!(path(&None::<u8>, style), "", "{style:?}");
            assert_eq!(path(&empty_list, style), "", "{style:?}");
            assert_eq!(path(&BTreeMap::<u8, u8>::new(), style), "", "{style:?}");
            assert_eq!(path(&[None::<u8>], style), "", "{style:?}");
        }
        assert_eq!(path(&["", "a"], SIMPLE), ",a");
        assert_eq!(path(&["", "a"], LABEL_EXPLODE), "..a");
        assert_eq!(path(&["", "a"], MATRIX), ";color=,a");
        // Matrix drops the `=` of an empty value: `{;list*}` with "" is `;list`.
        assert_eq!(path(&["", "a"], MATRIX_EXPLODE), ";color;color=a");
        let object = BTreeMap::from([("k", "")]);
        assert_eq!(path(&object, MATRIX_EXPLODE), ";k");
        assert_eq!(path(&object, SIMPLE_EXPLODE), "k=");
        assert_eq!(path(&object, LABEL_EXPLODE), ".k=");
        assert_eq!(path(&object, MATRIX), ";color=k,");
    }

    /// Reserved characters inside values are encoded in every style, so a
    /// `/` never splits the path; the style's separators stay literal.
    #[test]
    fn reserved_characters_in_path_values() {
        let cases = [
            ("a,b", "a%2Cb"),
            ("a b", "a%20b"),
            ("a/b", "a%2Fb"),
            ("ü", "%C3%BC"),
            ("&", "%26"),
            ("=", "%3D"),
            ("#", "%23"),
            ("%", "%25"),
            ("?", "%3F"),
            (";", "%3B"),
            (".", "."),
            ("AZaz09-_~", "AZaz09-_~"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(path(&raw, SIMPLE), encoded, "{raw:?}");
            assert_eq!(path(&raw, SIMPLE), encode_path_segment(raw));
            assert_eq!(path(&raw, LABEL), format!(".{encoded}"));
            assert_eq!(path(&raw, MATRIX), format!(";color={encoded}"));
            assert_eq!(path(&[raw, raw], SIMPLE), format!("{encoded},{encoded}"));
            assert_eq!(
                path(&[raw, raw], LABEL_EXPLODE),
                format!(".{encoded}.{encoded}")
            );
            assert_eq!(
                path(&[raw, raw], MATRIX_EXPLODE),
                format!(";color={encoded};color={encoded}")
            );
            let object = BTreeMap::from([(raw, raw)]);
            assert_eq!(path(&object, SIMPLE), format!("{encoded},{encoded}"));
            assert_eq!(
                path(&object, SIMPLE_EXPLODE),
                format!("{encoded}={encoded}")
            );
            assert_eq!(
                path(&object, MATRIX_EXPLODE),
                format!(";{encoded}={encoded}")
            );
        }
        for style in PATH_STYLES {
            assert!(!path(&["a/b", "c/d"], style).contains('/'), "{style:?}");
        }
        // The name of a matrix parameter is encoded too.
        assert_eq!(path_param("a b", &1, MATRIX).unwrap(), ";a%20b=1");
    }

    #[test]
    fn undefined_path_combinations_are_errors() {
        for style in PATH_STYLES {
            let error = path_param("id", &[[1]], style).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
            assert!(
                error
                    .to_string()
                    .contains("the path parameter `id` holds a list"),
                "{error}"
            );
            assert!(path_param("id", &BTreeMap::from([("k", [1])]), style).is_err());
            assert!(path_param("id", &f64::NAN, style).is_err());
        }
    }

    fn header(value: &(impl Serialize + ?Sized), explode: bool) -> Vec<(&'static str, String)> {
        spec()
            .header_param("X-Color", value, explode)
            .unwrap_or_else(|error| panic!("{error}"))
            .header_pairs()
            .to_vec()
    }

    fn one_header(value: &(impl Serialize + ?Sized), explode: bool) -> String {
        match header(value, explode).as_slice() {
            [("X-Color", text)] => text.clone(),
            other => panic!("{other:?}"),
        }
    }

    /// The header rows of the Style Examples table (`simple`).
    #[test]
    fn header_style_examples() {
        for explode in [false, true] {
            assert_eq!(one_header(&"blue", explode), "blue");
            assert_eq!(one_header(&LIST, explode), "blue,black,brown");
            assert_eq!(one_header(&"", explode), "");
            assert_eq!(header(&None::<u8>, explode), []);
            assert_eq!(header(&Vec::<u8>::new(), explode), []);
        }
        assert_eq!(one_header(&COLOR, false), "R,100,G,200,B,150");
        assert_eq!(one_header(&COLOR, true), "R=100,G=200,B=150");
        assert_eq!(one_header(&[Some(1), None, Some(2)], false), "1,2");
    }

    /// Header values are passed through unchanged (OpenAPI 3.2), but only
    /// what a header can carry is accepted.
    #[test]
    fn header_values_are_sent_as_they_are_and_checked() {
        for raw in [
            "a b,c=%20;d",
            "\"etag\"",
            "W/\"x\"",
            "a\tb",
            "~!#$&'()*+/:<>?@[]^`{|}",
        ] {
            assert_eq!(one_header(&raw, false), raw);
        }
        for (bad, what) in [
            ("a\r\nX-Injected: 1", "a line break"),
            ("a\nb", "a line break"),
            ("a\0b", "a control character"),
            ("\u{7f}", "a control character"),
            ("grüße", "a character outside ASCII"),
        ] {
            let error = spec().header_param("X-Color", bad, false).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
            let message = error.to_string();
            assert!(
                message.contains("the header parameter `X-Color` contains")
                    && message.contains(what),
                "{message}"
            );
            assert!(spec().header_param("X-Color", &[bad], true).is_err());
        }
        for bad_name in ["X Color", "", "X:Color", "X-Cölor", "X\r\n"] {
            let error = spec().header_param(bad_name, "v", false).unwrap_err();
            assert!(
                error.to_string().contains("not a valid header name"),
                "{error}"
            );
        }
        assert!(spec().header_param("X-Color", &[[1]], false).is_err());
        // Several headers keep their order; `header` still works beside them.
        let spec = spec()
            .header_param("X-A", &1, false)
            .unwrap()
            .header("X-B", "two")
            .header_param("X-C", &[3, 4], true)
            .unwrap();
        assert_eq!(
            spec.header_pairs(),
            [
                ("X-A", "1".to_owned()),
                ("X-B", "two".to_owned()),
                ("X-C", "3,4".to_owned())
            ]
        );
    }

    fn cookie(value: &(impl Serialize + ?Sized), explode: bool) -> Option<String> {
        let spec = spec()
            .cookie_param("color", value, explode)
            .unwrap_or_else(|error| panic!("{error}"));
        match spec.header_pairs() {
            [] => None,
            [("Cookie", text)] => Some(text.clone()),
            other => panic!("{other:?}"),
        }
    }

    /// The cookie rows of the Style Examples table (`form` in 3.1.1; the
    /// `; ` separator of 3.2's `cookie` rows, since `&` is wrong in a
    /// `Cookie` header), with form's percent-encoding.
    #[test]
    fn cookie_style_examples() {
        for explode in [false, true] {
            assert_eq!(cookie(&"blue", explode).unwrap(), "color=blue");
            assert_eq!(cookie(&"", explode).unwrap(), "color=");
            assert_eq!(cookie(&None::<u8>, explode), None);
            assert_eq!(cookie(&BTreeMap::<u8, u8>::new(), explode), None);
        }
        assert_eq!(cookie(&LIST, false).unwrap(), "color=blue,black,brown");
        assert_eq!(
            cookie(&LIST, true).unwrap(),
            "color=blue; color=black; color=brown"
        );
        assert_eq!(cookie(&COLOR, false).unwrap(), "color=R,100,G,200,B,150");
        assert_eq!(cookie(&COLOR, true).unwrap(), "R=100; G=200; B=150");
    }

    #[test]
    fn cookie_values_are_encoded_and_names_checked() {
        // OpenAPI 3.2's example of form's percent-encoding in a cookie.
        let greeting = spec()
            .cookie_param("greeting", "Hello, world!", false)
            .unwrap();
        assert_eq!(
            greeting.header_pairs(),
            [("Cookie", "greeting=Hello%2C%20world%21".to_owned())]
        );
        assert_eq!(
            cookie(&"a;b\r\nSet-Cookie: x=1", false).unwrap(),
            "color=a%3Bb%0D%0ASet-Cookie%3A%20x%3D1"
        );
        assert_eq!(cookie(&["a,b", "ü"], false).unwrap(), "color=a%2Cb,%C3%BC");
        for bad_name in ["a b", "", "a;b", "a=b", "grüße", "a\r\n"] {
            let error = spec().cookie_param(bad_name, "v", false).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
            assert!(
                error.to_string().contains("not a valid cookie name"),
                "{error}"
            );
        }
        let bad_key = BTreeMap::from([("a=b", 1)]);
        let error = spec().cookie_param("c", &bad_key, true).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\"a=b\" is not a valid cookie name"),
            "{error}"
        );
        // Without explode the keys are values, and encoded.
        assert_eq!(cookie(&bad_key, false).unwrap(), "color=a%3Db,1");
        assert!(spec().cookie_param("c", &[[1]], false).is_err());
    }

    /// Every cookie goes into one `Cookie` header, `header("Cookie", ..)` too.
    #[test]
    fn cookies_share_one_header() {
        let spec = spec()
            .header("X-A", "1")
            .cookie_param("a", &1, true)
            .unwrap()
            .cookie_param("none", &None::<u8>, true)
            .unwrap()
            .header("cookie", "raw=x")
            .cookie_param("b", &["2", "3"], true)
            .unwrap()
            .header_param("Cookie", &"c=4", false)
            .unwrap();
        assert_eq!(
            spec.header_pairs(),
            [
                ("X-A", "1".to_owned()),
                ("Cookie", "a=1; raw=x; b=2; b=3; c=4".to_owned())
            ]
        );
    }

    /// The methods that predate styles.
    #[test]
    fn query_and_query_serialized() {
        let spec = spec()
            .query("a b", "c&d")
            .query("n", 5)
            .query_serialized("ids", &[Some(1), None, Some(2)])
            .unwrap()
            .query_serialized("one", &"x,y")
            .unwrap()
            .query_serialized("none", &None::<u8>)
            .unwrap();
        assert_eq!(spec.query_string(), "a%20b=c%26d&n=5&ids=1&ids=2&one=x%2Cy");
        let error = spec
            .clone()
            .query_serialized("o", &BTreeMap::from([("k", 1)]))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("must be a scalar or a list of scalars")
        );
        assert!(spec.query_serialized("o", &[[1]]).is_err());
        assert_eq!(QueryStyle::default(), FORM_EXPLODE);
    }
}
