//! Operations: method, path, parameters, body, responses and server.

use super::*;

/// One API operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The schema's `operationId`.
    pub operation_id: String,
    /// The Rust function and method name (snake_case).
    pub fn_name: String,
    /// The `static` holding the operation's metadata (SCREAMING_SNAKE_CASE).
    pub static_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, for example `/channels/{channel_id}/invites`.
    pub path_template: String,
    /// The query the path key fixes (`/things?kind=a`), sent with every
    /// request: names and values as text, not yet percent-encoded.
    pub fixed_query: Vec<(String, String)>,
    /// Path parameters in the order they first appear in the path (one
    /// written twice is one parameter).
    pub path_params: Vec<Param>,
    /// Query parameters in schema order.
    pub query_params: Vec<Param>,
    /// Header parameters in schema order.
    pub header_params: Vec<Param>,
    /// Cookie parameters in schema order (sent in one `Cookie` header).
    pub cookie_params: Vec<Param>,
    /// The struct holding the optional query, header and cookie parameters,
    /// when there are any: they are never positional arguments, so adding
    /// one to the schema breaks no caller.
    pub options: Option<OptionsStruct>,
    /// The arguments of the generated function and method, in order: path
    /// parameters, the body, required query, header and cookie parameters,
    /// then the options struct.
    pub arguments: Vec<Argument>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success response carries.
    pub response: Response,
    /// Whether sending the request twice has the same effect as once.
    pub idempotent: bool,
    /// Documentation lines for the method (summary, description, the method
    /// and path, the server).
    pub docs: Vec<String>,
    /// The responses besides success the operation documents (errors, and
    /// informational and redirect ones), without those every operation
    /// documents ([`Api::common_errors`](super::Api::common_errors)).
    pub errors: Vec<DocumentedResponse>,
    /// Whether building the request checks something (a constraint of an
    /// argument, or a validated type), so it can fail with a validation error.
    pub checked: bool,
    /// Whether clippy's `too_many_arguments` is allowed on the function and
    /// the method (more than seven arguments).
    pub many_arguments: bool,
    /// The name the doc example gives the client: one no argument has.
    pub example_client: String,
    /// What the operation's file uses from the other generated modules.
    pub uses: Uses,
    /// Whether the schema marks it `deprecated`.
    pub deprecated: bool,
    /// Where its requests go: the operation's or path item's `servers`,
    /// related to the document's first top-level server.
    pub server: Server,
    /// Which credentials it accepts (its `security`, else the document's):
    /// alternatives, each the `static` names (in [`Api::security_schemes`](super::Api::security_schemes))
    /// of the schemes it needs together; none at all sends no credentials.
    pub security: Vec<Vec<String>>,
}

/// A security scheme of `components/securitySchemes` that the client can
/// apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key in `components/securitySchemes`.
    pub key: String,
    /// The name of its `static` in the generated `security` module.
    pub static_name: String,
    /// How its secret is sent.
    pub kind: SchemeKind,
    /// Documentation lines (its description).
    pub docs: Vec<String>,
}

/// How a security scheme sends its secret (the runtime's
/// `request::SchemeKind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `apiKey`: as it is, in a header, query parameter or cookie of this name.
    ApiKey {
        /// Where.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// Text sent before the secret (`x-token-prefix`, such as `Bot `),
        /// empty for none.
        prefix: String,
    },
    /// `http`: `Authorization: <scheme> <token>`, or basic.
    Http {
        /// The scheme as written (`basic`, `bearer`, `Bot`).
        scheme: String,
    },
    /// `oauth2`: a bearer token.
    OAuth2,
    /// `openIdConnect`: a bearer token.
    OpenIdConnect,
    /// `mutualTLS`: configured on the HTTP client, nothing sent.
    MutualTls,
}

/// Where an `apiKey` scheme puts its secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Where an operation's requests go, decided from its `servers` (or its path
/// item's) and the document's first top-level server, which the client's
/// base URL stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    /// The client's base URL: no `servers` override, or one naming the
    /// top-level server again.
    Base,
    /// A relative reference (RFC 3986), resolved against the client's base
    /// URL taken as a directory (`uploads`, `../v2`, `/v2`), so a
    /// self-hosted base URL still works. Never empty, never with a host
    /// (`//host`), a query or a fragment.
    Relative(String),
    /// An absolute `http`/`https` URL on another origin than the top-level
    /// server (`https://upload.box.com/api/2.0`), without a trailing slash,
    /// user name, query or fragment.
    Absolute(String),
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    /// The upper-case HTTP name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// The `crate::request::Method` variant name.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
            Method::Options => "Options",
            Method::Trace => "Trace",
        }
    }
}

/// The struct of an operation's optional parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsStruct {
    /// Its Rust name (`ListMembersParams`).
    pub name: String,
    /// Whether a field borrows (a string or a list), so the struct has a
    /// lifetime parameter.
    pub borrows: bool,
}

/// One argument of an operation's function and method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argument {
    /// Its Rust name.
    pub name: String,
    /// What it holds.
    pub value: ArgumentValue,
}

/// What an argument holds (indices into the operation's parameter lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgumentValue {
    /// A path parameter.
    Path(usize),
    /// A required query parameter.
    Query(usize),
    /// A required header parameter.
    Header(usize),
    /// A required cookie parameter.
    Cookie(usize),
    /// The request body, by reference (an `Option` of one when not required).
    Body,
    /// The struct of the optional parameters, by reference.
    Options,
}

/// A response besides success that an operation documents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocumentedResponse {
    /// The status as the schema writes it (`404`, `4XX`, `default`).
    pub status: String,
    /// Its description, one line of rustdoc.
    pub description: String,
}

/// What a generated file uses from the other generated modules, so it
/// imports exactly that.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// The typed-id aliases it names (`ChannelId`), sorted.
    pub ids: Vec<String>,
    /// Whether it names a model (through `crate::models`).
    pub models: bool,
    /// Whether it names `BTreeMap`.
    pub maps: bool,
    /// Whether it writes path parameters (with `request::PathStyle`).
    pub path_styles: bool,
    /// Whether it writes query parameters in a style (with
    /// `request::QueryStyle`; JSON ones have none).
    pub query_styles: bool,
    /// Whether it uses something deprecated, so it allows `deprecated`
    /// (only users are warned).
    pub deprecated: bool,
}

/// How a parameter's value is passed: by value, or borrowed when owning it
/// would make the caller allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passing {
    /// As its type (numbers, ids, enums, other models).
    Value,
    /// A string, as `&str`.
    Str,
    /// A list, as a slice `&[T]`.
    Slice,
}

/// A path or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust identifier of the function argument.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The value type.
    pub ty: Ty,
    /// Whether the parameter must be given (otherwise the argument is an `Option`).
    pub required: bool,
    /// How the value is written (OpenAPI's `style` and `explode`, or
    /// `content`), always one its location allows.
    pub style: ParamStyle,
    /// How the value is passed to the generated function.
    pub passing: Passing,
    /// Documentation lines.
    pub docs: Vec<String>,
}

/// How a parameter's value is written, as OpenAPI's `style` and `explode`
/// say (the runtime's `request::PathStyle` and `request::QueryStyle`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path and header parameters).
    Simple {
        /// Whether objects are written `k=v`.
        explode: bool,
    },
    /// `label` (path): `.a.b`.
    Label {
        /// Whether items are separated by `.` rather than `,`.
        explode: bool,
    },
    /// `matrix` (path): `;name=a,b`.
    Matrix {
        /// Whether each item gets its own `;name=`.
        explode: bool,
    },
    /// `form` (query and cookie).
    Form {
        /// Whether lists and objects become separate pairs.
        explode: bool,
    },
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
    /// Described by `content: application/json`: the JSON text.
    Json,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Whether the body must be given (otherwise the argument is an `Option`).
    pub required: bool,
    /// What it is and how it is sent.
    pub kind: BodyKind,
}

/// What a request body is and how it is sent. Only JSON and form bodies
/// carry a type; the others are given as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// `application/json` (or another `+json` type): the typed value as JSON.
    Json(Ty),
    /// `application/x-www-form-urlencoded`: the typed value as a form.
    Form(Ty),
    /// `multipart/form-data`: a struct with [`Struct::form`](super::Struct::form)
    /// (its type), sent part by part; a `crate::request::Multipart` the
    /// caller builds when the schema describes no object.
    Multipart(Option<Ty>),
    /// A `text/*` type (the media type): a `&str`.
    Text(String),
    /// Any other media type: bytes.
    Binary(String),
}

impl BodyKind {
    /// The typed value of a JSON, form or typed multipart body.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(Some(ty)) => Some(ty),
            _ => None,
        }
    }

    /// [`Self::ty`], to change.
    pub fn ty_mut(&mut self) -> Option<&mut Ty> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(Some(ty)) => Some(ty),
            _ => None,
        }
    }
}

/// What a success response carries.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // Plain data, built once per operation.
pub enum Response {
    /// Nothing (`204`, or no content documented): `()`.
    Empty,
    /// A JSON body of this type (`Nullable` when some success statuses have none).
    Json(Ty),
    /// A body that is not JSON, as bytes.
    Bytes,
}

impl Response {
    /// The JSON body's type, if the response has one.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            Response::Json(ty) => Some(ty),
            _ => None,
        }
    }

    /// [`Self::ty`], to change.
    pub fn ty_mut(&mut self) -> Option<&mut Ty> {
        match self {
            Response::Json(ty) => Some(ty),
            _ => None,
        }
    }
}
