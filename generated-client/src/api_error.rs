//! The JSON bodies of the API's error answers, as the client reads them:
//! [`ApiErrorBody`] (with its [`ApiFieldError`]s) for any status, and
//! [`RateLimitBody`] for a `429`. Both are read member by member, so that one
//! odd member loses nothing else.

/// The JSON body of an API error, as the runtime reads it for any status:
/// `{"code": "UNKNOWN_CHANNEL", "message": "…", "errors": [{"path": "…", "message": "…"}]}`.
///
/// Read member by member, so that one odd member loses nothing else: a
/// numeric `code` or `message` becomes its text (any other JSON its JSON
/// text); `errors` may be a list of `{path, message, code}` (a `path` given as
/// a list, such as `["recipients", 2]`, reads `recipients[2]`) or an object
/// of nested fields with `_errors` lists, as Discord sends it; members it
/// does not name are kept as JSON in `extra`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// The machine-readable error code, such as `UNKNOWN_CHANNEL`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// Problems with single fields of the request, if the API listed any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ApiFieldError>>,
    /// Other top-level members (such as `max_recipients`), as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl ApiErrorBody {
    /// Reads `bytes` if they are a JSON object; `None` otherwise.
    #[cfg(feature = "client")]
    pub(crate) fn from_json(bytes: &[u8]) -> Option<Self> {
        Self::from_value(serde_json::from_slice(bytes).ok()?)
    }

    fn from_value(value: serde_json::Value) -> Option<Self> {
        let serde_json::Value::Object(mut members) = value else {
            return None;
        };
        let code = members.remove("code").map(text).unwrap_or_default();
        let message = members.remove("message").map(text).unwrap_or_default();
        let errors = members.remove("errors").and_then(field_errors);
        Some(Self {
            code,
            message,
            errors,
            extra: members.into_iter().collect(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for ApiErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_value(value)
            .ok_or_else(|| serde::de::Error::custom("an API error body must be a JSON object"))
    }
}

/// One field's problem in an [`ApiErrorBody`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ApiFieldError {
    /// The path of the field, such as `max_uses` or `recipients[2]`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
    /// A machine-readable code for the problem, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A JSON value as text: strings as they are, `null` as nothing, anything
/// else as its JSON.
fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A field path given as text, a number or a list of segments.
fn path_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(segments) => {
            let mut path = String::new();
            for segment in segments {
                match segment {
                    serde_json::Value::Number(index) => path.push_str(&format!("[{index}]")),
                    other => join_path(&mut path, &text(other)),
                }
            }
            path
        }
        other => text(other),
    }
}

/// Appends a member name to a field path.
fn join_path(path: &mut String, name: &str) {
    if name.is_empty() {
        return;
    }
    if name.bytes().all(|b| b.is_ascii_digit()) {
        path.push_str(&format!("[{name}]"));
    } else {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(name);
    }
}

/// One problem from an object such as `{"path": "max_uses", "message": "…", "code": "…"}`.
fn field_error(path: &str, value: serde_json::Value) -> ApiFieldError {
    match value {
        serde_json::Value::Object(mut members) => ApiFieldError {
            path: members
                .remove("path")
                .map(path_text)
                .unwrap_or_else(|| path.to_owned()),
            message: members.remove("message").map(text).unwrap_or_default(),
            code: members
                .remove("code")
                .map(text)
                .filter(|code| !code.is_empty()),
        },
        other => ApiFieldError {
            path: path.to_owned(),
            message: text(other),
            code: None,
        },
    }
}

/// The `errors` member, whatever its shape.
fn field_errors(value: serde_json::Value) -> Option<Vec<ApiFieldError>> {
    let mut found = Vec::new();
    match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Array(items) => {
            found.extend(items.into_iter().map(|item| field_error("", item)));
        }
        serde_json::Value::Object(_) => nested_errors(String::new(), value, &mut found),
        other => found.push(field_error("", other)),
    }
    Some(found)
}

/// Discord's nested form: `{"recipients": {"2": {"_errors": [{"code", "message"}]}}}`.
fn nested_errors(path: String, value: serde_json::Value, found: &mut Vec<ApiFieldError>) {
    match value {
        serde_json::Value::Object(mut members) => {
            if members.contains_key("message") && !members.contains_key("_errors") {
                found.push(field_error(&path, serde_json::Value::Object(members)));
                return;
            }
            if let Some(serde_json::Value::Array(items)) = members.remove("_errors") {
                found.extend(items.into_iter().map(|item| field_error(&path, item)));
            }
            for (name, inner) in members {
                let mut inner_path = path.clone();
                join_path(&mut inner_path, &name);
                nested_errors(inner_path, inner, found);
            }
        }
        serde_json::Value::Array(items) => {
            found.extend(items.into_iter().map(|item| field_error(&path, item)));
        }
        other => found.push(field_error(&path, other)),
    }
}

/// The JSON body of a `429 Too Many Requests`, read member by member like
/// [`ApiErrorBody`]: `global` may also be `"true"`/`"false"`, `retry_after`
/// a number in a string.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct RateLimitBody {
    /// The error code, such as `RATE_LIMITED`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// Whether the limit applies to every route, if the body says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Seconds to wait before retrying (with a fraction), if the body says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
    /// Other members, as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl RateLimitBody {
    /// Reads `bytes` if they are a JSON object; `None` otherwise.
    #[cfg(feature = "client")]
    pub(crate) fn from_json(bytes: &[u8]) -> Option<Self> {
        Self::from_value(serde_json::from_slice(bytes).ok()?)
    }

    fn from_value(value: serde_json::Value) -> Option<Self> {
        let serde_json::Value::Object(mut members) = value else {
            return None;
        };
        let code = members.remove("code").map(text).unwrap_or_default();
        let message = members.remove("message").map(text).unwrap_or_default();
        let global = members.remove("global").and_then(|value| match value {
            serde_json::Value::Bool(flag) => Some(flag),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        });
        let retry_after = members.remove("retry_after").and_then(|value| match value {
            serde_json::Value::Number(number) => number.as_f64(),
            serde_json::Value::String(text) => text.trim().parse().ok(),
            _ => None,
        });
        Some(Self {
            code,
            message,
            global,
            retry_after,
            extra: members.into_iter().collect(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for RateLimitBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_value(value)
            .ok_or_else(|| serde::de::Error::custom("a 429 body must be a JSON object"))
    }
}
