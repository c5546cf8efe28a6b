//! One file per operation: its metadata `static`, the function that builds
//! the request, and the `Client` method that sends it; and the operations
//! module's index.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::validation::{FieldName, value_checks};
use super::{CLIENT_CRATE, Scope, docs, ident, ty_tokens, type_text, use_items};
use crate::ir::{
    Api, Argument, ArgumentValue, BodyKind, DocumentedResponse, Operation, Param, ParamStyle,
    Passing, Response, Server,
};

/// `operations/mod.rs`: its docs (with the error responses every operation
/// documents), then one `mod` and `pub use` per operation.
pub(super) fn index(api: &Api) -> Vec<TokenStream> {
    let mut lines = vec![
        "One module per API operation: its metadata, a function that builds the".to_owned(),
        "request without sending it, and the [`Client`](crate::Client) method that sends it."
            .to_owned(),
    ];
    if !api.common_errors.is_empty() {
        lines.extend([
            String::new(),
            "# Errors".to_owned(),
            String::new(),
            "Besides their own, the API documents these error responses for every operation:"
                .to_owned(),
            String::new(),
        ]);
        lines.extend(api.common_errors.iter().map(response_line));
    }
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    let modules = api.operations.values().map(|op| ident(&op.fn_name));
    vec![quote! {
        #( #![doc = #lines] )*
        #(
            mod #modules;
            pub use #modules::*;
        )*
    }]
}

/// One documented response as a list item.
fn response_line(response: &DocumentedResponse) -> String {
    format!("- `{}`: {}", response.status, response.description)
}

/// The method's docs: the operation's, its errors, and an example that
/// compiles (`no_run`; the arguments are parameters of a hidden function,
/// so any argument type works).
fn method_doc_lines(api: &Api, op: &Operation) -> Vec<String> {
    let mut lines = op.docs.clone();
    lines.extend([String::new(), "# Errors".to_owned(), String::new()]);
    let others = if api.common_errors.is_empty() {
        "a transport, decode, rate-limit or API error"
    } else {
        "a transport, decode, rate-limit or API error, such as the [error responses every operation documents](crate::operations#errors)"
    };
    lines.push(if op.checked {
        format!("Fails with [`ErrorKind::Validation`](crate::ErrorKind::Validation) before anything is sent when the arguments break the schema's constraints; otherwise with {others}.")
    } else {
        format!("Fails with {others}.")
    });
    if !op.errors.is_empty() {
        lines.extend([
            String::new(),
            if api.common_errors.is_empty() {
                "The API documents these error responses:".to_owned()
            } else {
                "For this operation the API also documents:".to_owned()
            },
            String::new(),
        ]);
        lines.extend(op.errors.iter().map(response_line));
    }
    let client = &op.example_client;
    let params: Vec<String> = op
        .arguments
        .iter()
        .map(|argument| {
            let ty = type_text(argument_ty(op, argument, Scope::Docs));
            format!(", {}: {ty}", argument.name)
        })
        .collect();
    let names: Vec<&str> = op.arguments.iter().map(|a| a.name.as_str()).collect();
    let call = format!("{client}.{}({}).await?;", op.fn_name, names.join(", "));
    lines.extend([
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!(
            "# async fn example({client}: &{CLIENT_CRATE}::Client{}) -> Result<(), {CLIENT_CRATE}::Error> {{",
            params.concat()
        ),
        match op.response {
            Response::Empty => call,
            _ => format!("let answer = {call}"),
        },
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// A parameter's value type as it is passed, borrowed for `lifetime` when
/// its passing says so.
fn passed_ty(param: &Param, lifetime: &TokenStream, scope: Scope) -> TokenStream {
    match (&param.passing, &param.ty.kind) {
        (Passing::Str, _) => quote!(&#lifetime str),
        (Passing::Slice, crate::ir::TyKind::Array(item)) => {
            let item = ty_tokens(item, scope);
            quote!(&#lifetime [#item])
        }
        _ => ty_tokens(&param.ty, scope),
    }
}

/// The parameter an argument holds, if it holds one.
fn argument_param(op: &Operation, value: ArgumentValue) -> Option<&Param> {
    match value {
        ArgumentValue::Path(index) => op.path_params.get(index),
        ArgumentValue::Query(index) => op.query_params.get(index),
        ArgumentValue::Header(index) => op.header_params.get(index),
        ArgumentValue::Cookie(index) => op.cookie_params.get(index),
        ArgumentValue::Body | ArgumentValue::Options => None,
    }
}

/// An argument's type.
fn argument_ty(op: &Operation, argument: &Argument, scope: Scope) -> TokenStream {
    if let Some(param) = argument_param(op, argument.value) {
        return passed_ty(param, &quote!(), scope);
    }
    match (argument.value, &op.body, &op.options) {
        (ArgumentValue::Body, Some(body), _) => {
            let ty = match &body.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(Some(ty)) => {
                    let ty = ty_tokens(ty, scope);
                    quote!(&#ty)
                }
                BodyKind::Multipart(None) => match scope {
                    Scope::Docs => {
                        let krate = format_ident!("{}", CLIENT_CRATE);
                        quote!(&#krate::request::Multipart)
                    }
                    _ => quote!(&request::Multipart),
                },
                BodyKind::Text(_) => quote!(&str),
                BodyKind::Binary(_) => quote!(&[u8]),
            };
            if body.required {
                ty
            } else {
                quote!(Option<#ty>)
            }
        }
        (ArgumentValue::Options, _, Some(options)) => {
            let name = ident(&options.name);
            let lifetime = options.borrows.then(|| quote!(<'_>));
            match scope {
                Scope::Docs => {
                    let krate = format_ident!("{}", CLIENT_CRATE);
                    quote!(&#krate::operations::#name #lifetime)
                }
                _ => quote!(&#name #lifetime),
            }
        }
        _ => quote!(()),
    }
}

/// The optional query, header and cookie parameters, in argument order.
fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.query_params
        .iter()
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|param| !param.required)
}

/// The struct of an operation's optional parameters: `Default`, one setter
/// per parameter, `#[non_exhaustive]` so that a new one breaks no caller.
fn options_struct(op: &Operation) -> Option<TokenStream> {
    let options = op.options.as_ref()?;
    let name = ident(&options.name);
    let lifetime = if options.borrows {
        quote!('a)
    } else {
        quote!()
    };
    let generics = options.borrows.then(|| quote!(<'a>));
    let fields = optional_params(op).map(|param| {
        let field = ident(&param.name);
        let ty = passed_ty(param, &lifetime, Scope::Operations);
        let docs = if param.docs.is_empty() {
            docs(&[format!("The `{}` parameter.", param.wire_name)])
        } else {
            docs(&param.docs)
        };
        quote! { #docs pub #field: Option<#ty>, }
    });
    let setters = optional_params(op).map(|param| {
        let field = ident(&param.name);
        let ty = passed_ty(param, &lifetime, Scope::Operations);
        let doc = format!(" Sets `{}`.", param.wire_name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = Some(#field);
                self
            }
        }
    });
    let doc = format!(
        " The optional parameters of [`{}`](self::{}): `Default::default()`, then a setter per parameter you need.",
        op.fn_name, op.fn_name
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name #generics {
            #(#fields)*
        }
        impl #generics #name #generics {
            #(#setters)*
        }
    })
}

/// Where generated code reads a parameter's value: its argument, or its
/// field of the options struct.
fn place(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    if param.required {
        quote!(#name)
    } else {
        quote!(params.#name)
    }
}

/// A reference to a parameter's value, for the runtime's `&impl Serialize`.
fn argument_ref(param: &Param) -> TokenStream {
    let place = place(param);
    if param.required && param.passing != Passing::Value {
        // Already borrowed (`&str`, `&[T]`).
        place
    } else {
        quote!(&#place)
    }
}

/// The checks run on the arguments before the request is built: each in a
/// block of its own, binding only its own names.
fn argument_checks(op: &Operation) -> TokenStream {
    let mut checks = TokenStream::new();
    let value = format_ident!("value");
    for param in op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|param| param.ty.checked)
    {
        let place = place(param);
        let inner = value_checks(&param.ty, &value, &FieldName::text(&param.wire_name), 0);
        checks.extend(if !param.required {
            quote! { if let Some(#value) = &#place { #inner } }
        } else if param.passing != Passing::Value {
            quote! { { let #value = #place; #inner } }
        } else {
            quote! { { let #value = &#place; #inner } }
        });
    }
    if let Some(body) = &op.body
        && let Some(ty) = body.kind.ty()
        && ty.checked
    {
        // A model checks itself; a list or tuple of values with constraints
        // (`maxLength` on a tuple's item) is checked here, item by item.
        let body_value = format_ident!("body");
        let check = match ty.kind {
            crate::ir::TyKind::Named(_) => quote! { crate::Validate::validate(body)?; },
            _ => value_checks(ty, &body_value, &FieldName::text(""), 0),
        };
        checks.extend(if body.required {
            check
        } else {
            quote! { if let Some(body) = body { #check } }
        });
    }
    checks
}

/// The request of the operation at its path: its template as it is when it
/// has no parameter, else the template with each `{…}` replaced by the text
/// of the parameter it names, which [`path_texts`] bound to its name (the
/// texts in the order the names first appear); then the query the path
/// fixes.
fn request_at_path(op: &Operation, static_name: &Ident) -> TokenStream {
    let values: Vec<Ident> = op.path_params.iter().map(|p| ident(&p.name)).collect();
    let mut request = if values.is_empty() {
        let path = &op.path_template;
        quote!(request::RequestSpec::new(&#static_name, #path))
    } else {
        quote!(request::RequestSpec::with_path_params(&#static_name, [#(#values),*]))
    };
    for (name, value) in &op.fixed_query {
        request = quote!(#request.query(#name, #value));
    }
    request
}

/// Statements binding each path parameter's name to its text in the path,
/// in its style (one way for every type: a scalar's text is its JSON form).
/// No argument is read as a value after them: path parameters are only in
/// the path, and the others have other names.
fn path_texts(op: &Operation) -> TokenStream {
    op.path_params.iter().map(path_text).collect()
}

/// One statement of [`path_texts`].
fn path_text(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let value = argument_ref(param);
    let style = match param.style {
        ParamStyle::Label { explode: false } => quote!(LABEL),
        ParamStyle::Label { explode: true } => quote!(LABEL_EXPLODE),
        ParamStyle::Matrix { explode: false } => quote!(MATRIX),
        ParamStyle::Matrix { explode: true } => quote!(MATRIX_EXPLODE),
        ParamStyle::Simple { explode: true } | ParamStyle::Form { explode: true } => {
            quote!(SIMPLE_EXPLODE)
        }
        _ => quote!(SIMPLE),
    };
    quote! { let #name = request::path_param(#wire, #value, PathStyle::#style)?; }
}

/// The runtime's `QueryStyle` for a query parameter's style.
fn query_style(style: ParamStyle) -> TokenStream {
    let style = match style {
        ParamStyle::SpaceDelimited => quote!(SPACE_DELIMITED),
        ParamStyle::PipeDelimited => quote!(PIPE_DELIMITED),
        ParamStyle::DeepObject => quote!(DEEP_OBJECT),
        ParamStyle::Form { explode: false } => quote!(FORM),
        _ => quote!(FORM_EXPLODE),
    };
    quote!(QueryStyle::#style)
}

/// The request without its body, as one expression (so no local it binds
/// can shadow an argument): the path, then the query, header and cookie
/// parameters (the runtime adds nothing for `None`).
fn request_expression(op: &Operation) -> TokenStream {
    let static_name = ident(&op.static_name);
    let mut request = request_at_path(op, &static_name);
    for param in &op.query_params {
        let wire = &param.wire_name;
        let value = argument_ref(param);
        request = match param.style {
            ParamStyle::Json if param.required => quote!(#request.query_json(#wire, #value)?),
            ParamStyle::Json => {
                let place = place(param);
                quote!(#request.optional_query_json(#wire, #place.as_ref())?)
            }
            style => {
                let style = query_style(style);
                quote!(#request.query_param(#wire, #value, #style)?)
            }
        };
    }
    let located = [
        (&op.header_params, format_ident!("header_param")),
        (&op.cookie_params, format_ident!("cookie_param")),
    ];
    for (params, method) in &located {
        for param in params.iter() {
            let wire = &param.wire_name;
            let value = argument_ref(param);
            let explode = matches!(
                param.style,
                ParamStyle::Simple { explode: true } | ParamStyle::Form { explode: true }
            );
            request = quote!(#request.#method(#wire, #value, #explode)?);
        }
    }
    request
}

/// The function's body after its checks: the path parameters' texts, then
/// the request, with the body attached.
fn build_request(op: &Operation) -> TokenStream {
    let texts = path_texts(op);
    let request = request_expression(op);
    let attach = |request: TokenStream, kind: &BodyKind| match kind {
        BodyKind::Json(_) => quote! { #request.json_body(body) },
        BodyKind::Form(_) => quote! { #request.form_body(body) },
        BodyKind::Multipart(Some(_)) => quote! {
            Ok(#request.multipart_body(&request::MultipartForm::to_multipart(body)?))
        },
        BodyKind::Multipart(None) => quote! { Ok(#request.multipart_body(body)) },
        BodyKind::Text(media) => {
            quote! { Ok(#request.raw_body(#media, body.as_bytes().to_vec())) }
        }
        BodyKind::Binary(media) => quote! { Ok(#request.raw_body(#media, body.to_vec())) },
    };
    let request = match &op.body {
        Some(body) if body.required => attach(request, &body.kind),
        Some(body) => {
            // `request` is a local here, not the module: no argument is read after it.
            let some = attach(quote!(request), &body.kind);
            quote! {
                let request = #request;
                match body {
                    Some(body) => #some,
                    None => Ok(request),
                }
            }
        }
        None => quote! { Ok(#request) },
    };
    quote! { #texts #request }
}

pub(super) fn operation_file(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let static_name = ident(&op.static_name);
    let fn_name = ident(&op.fn_name);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.variant());
    let path_template = &op.path_template;
    let idempotent = op.idempotent;
    let server = match &op.server {
        Server::Base => quote!(request::Server::Base),
        Server::Relative(reference) => quote!(request::Server::Relative(#reference)),
        Server::Absolute(url) => quote!(request::Server::Absolute(#url)),
    };
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|name| ident(name));
        quote!(&[#(&crate::security::#schemes),*])
    });
    let security = quote!(request::Security::Requirements(&[#(#alternatives),*]));
    let response = match &op.response {
        Response::Json(ty) => ty_tokens(ty, Scope::Operations),
        Response::Bytes => quote!(Vec<u8>),
        Response::Empty => quote!(()),
    };
    let args: Vec<TokenStream> = op
        .arguments
        .iter()
        .map(|argument| {
            let name = ident(&argument.name);
            let ty = argument_ty(op, argument, Scope::Operations);
            quote!(#name: #ty)
        })
        .collect();
    let arg_names: Vec<Ident> = op.arguments.iter().map(|a| ident(&a.name)).collect();
    let many_args = op
        .many_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let checks = argument_checks(op);
    let build = build_request(op);
    let execute = match op.response {
        Response::Bytes => format_ident!("execute_bytes"),
        _ => format_ident!("execute"),
    };
    let method_docs = docs(&method_doc_lines(api, op));
    let mut build_lines = vec![format!(
        "Builds the `{} {}` request without sending it; [`Client::{}`](crate::Client::{}) sends it.",
        op.method.as_str(),
        op.path_template,
        op.fn_name,
        op.fn_name
    )];
    if op.checked {
        build_lines.extend([
            String::new(),
            "# Errors".to_owned(),
            String::new(),
            "Fails with [`ErrorKind::Validation`](crate::ErrorKind::Validation) when the arguments break the schema's constraints.".to_owned(),
        ]);
    }
    let build_docs = docs(&build_lines);
    let static_docs = docs(&[format!(
        "The `{operation_id}` operation: `{} {}`.",
        op.method.as_str(),
        op.path_template
    )]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let mut items = vec![use_items(&op.uses, &["Error", "request"])];
    items.extend(options_struct(op));
    items.extend([
        quote! {
            #static_docs
            pub static #static_name: request::OperationInfo = request::OperationInfo {
                operation_id: #operation_id,
                method: request::Method::#method,
                path_template: #path_template,
                idempotent: #idempotent,
                server: #server,
                security: #security,
            };
        },
        quote! {
            #build_docs
            #many_args
            #deprecated
            pub fn #fn_name(#(#args),*) -> Result<request::RequestSpec<#response>, Error> {
                #checks
                #build
            }
        },
        quote! {
            #[cfg(feature = "client")]
            impl crate::Client {
                #method_docs
                #many_args
                #deprecated
                pub async fn #fn_name(&self, #(#args),*) -> Result<#response, Error> {
                    let request = self::#fn_name(#(#arg_names),*)?;
                    Ok(self.#execute(request).await?.into_data())
                }
            }
        },
    ]);
    items
}
