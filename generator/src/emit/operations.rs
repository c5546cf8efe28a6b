//! One file per operation: its metadata `static`, the function that builds
//! the request, and the `Client` method that sends it.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::validation::value_checks;
use super::{docs, ident, ty_tokens};
use crate::ir::{Api, BodyKind, Operation, Param, ParamStyle, PathPart, Response, Server, TyKind};

/// The crate the generated modules live in, as doc examples name it.
const CLIENT_CRATE: &str = "fluxer_client";

/// Type tokens as text for a doc example: paths into the client crate, short std names.
fn type_text(tokens: &TokenStream) -> String {
    tokens
        .to_string()
        .replace(' ', "")
        .replace("::std::option::Option", "Option")
        .replace("::std::vec::Vec", "Vec")
        .replace("::std::string::String", "String")
        .replace("::std::collections::BTreeMap", "std::collections::BTreeMap")
        .replace("::serde_json::", "serde_json::")
        .replace("crate::", &format!("{CLIENT_CRATE}::"))
}

/// The method's docs followed by an example that compiles (`no_run`): the
/// arguments are parameters of a hidden function, so any argument type works.
fn method_doc_lines(
    op: &Operation,
    args: &[TokenStream],
    arg_names: &[Ident],
    response: &TokenStream,
) -> Vec<String> {
    let mut lines = op.docs.clone();
    let params: Vec<String> = args
        .iter()
        .map(|arg| {
            let text = type_text(arg);
            text.replacen(':', ": ", 1)
        })
        .collect();
    let names: Vec<String> = arg_names.iter().map(ToString::to_string).collect();
    let result = type_text(response);
    // The client's name in the example is one no argument has.
    let client = ["client", "api", "fluxer"]
        .into_iter()
        .find(|candidate| !names.iter().any(|name| name == candidate))
        .unwrap_or("fluxer_api_client");
    lines.extend([
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!(
            "# async fn example({client}: &{CLIENT_CRATE}::Client{}{}) -> Result<(), {CLIENT_CRATE}::Error> {{",
            if params.is_empty() { "" } else { ", " },
            params.join(", ")
        ),
        format!(
            "let answer: {result} = {client}.{}({}).await?;",
            op.fn_name,
            names.join(", ")
        ),
        "# let _ = answer;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// The argument type of a parameter: strings and lists are borrowed.
fn param_ty(param: &Param) -> TokenStream {
    let ty = borrowed_ty(param, &quote!());
    if param.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

/// A parameter's value type, strings and lists borrowed for `lifetime`.
fn borrowed_ty(param: &Param, lifetime: &TokenStream) -> TokenStream {
    match &param.ty.kind {
        TyKind::String => quote!(&#lifetime str),
        TyKind::Array(item) => {
            let item = ty_tokens(item, false);
            quote!(&#lifetime [#item])
        }
        _ => ty_tokens(&param.ty, false),
    }
}

/// Whether a value of the parameter's type is borrowed.
fn is_borrowed(param: &Param) -> bool {
    matches!(param.ty.kind, TyKind::String | TyKind::Array(_))
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
fn options_struct(op: &Operation, name: &str) -> TokenStream {
    let name = ident(name);
    let borrows = optional_params(op).any(is_borrowed);
    let lifetime = if borrows { quote!('a) } else { quote!() };
    let generics = borrows.then(|| quote!(<'a>));
    let fields = optional_params(op).map(|param| {
        let field = ident(&param.name);
        let ty = borrowed_ty(param, &lifetime);
        let docs = if param.docs.is_empty() {
            docs(&[format!("The `{}` parameter.", param.wire_name)])
        } else {
            docs(&param.docs)
        };
        quote! { #docs pub #field: ::std::option::Option<#ty>, }
    });
    let setters = optional_params(op).map(|param| {
        let field = ident(&param.name);
        let ty = borrowed_ty(param, &lifetime);
        let doc = format!(" Sets `{}`.", param.wire_name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = ::std::option::Option::Some(#field);
                self
            }
        }
    });
    let doc = format!(
        " The optional parameters of [`{}`](self::{}): `Default::default()`, then a setter per parameter you need.",
        op.fn_name, op.fn_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name #generics {
            #(#fields)*
        }
        impl #generics #name #generics {
            #(#setters)*
        }
    }
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

/// The arguments of the function and the method: path parameters, then
/// the body, then query and header parameters; with their names.
fn arguments(op: &Operation) -> (Vec<TokenStream>, Vec<Ident>) {
    let mut args: Vec<TokenStream> = Vec::new();
    let mut names: Vec<Ident> = Vec::new();
    let mut push = |name: Ident, ty: TokenStream| {
        args.push(quote!(#name: #ty));
        names.push(name);
    };
    for param in &op.path_params {
        push(ident(&param.name), param_ty(param));
    }
    if let Some(body) = &op.body {
        let ty = match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) => {
                let ty = ty_tokens(ty, false);
                quote!(&#ty)
            }
            BodyKind::Multipart => quote!(&crate::request::Multipart),
            BodyKind::Text(_) => quote!(&str),
            BodyKind::Binary(_) => quote!(&[u8]),
        };
        let ty = if body.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        push(format_ident!("body"), ty);
    }
    for param in op
        .query_params
        .iter()
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|param| param.required)
    {
        push(ident(&param.name), param_ty(param));
    }
    if let Some(options) = &op.options {
        let options = ident(options);
        let lifetime = optional_params(op).any(is_borrowed).then(|| quote!(<'_>));
        push(format_ident!("params"), quote!(&self::#options #lifetime));
    }
    (args, names)
}

/// The checks run on the arguments before the request is built: each in a
/// block of its own, binding only its own names.
fn argument_checks(api: &Api, op: &Operation) -> TokenStream {
    let mut checks = TokenStream::new();
    let value = format_ident!("value");
    for param in op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|param| api.needs_check(&param.ty))
    {
        let place = place(param);
        let wire = &param.wire_name;
        let inner = value_checks(api, &param.ty, &value, &quote!(#wire), 0);
        checks.extend(if !param.required {
            quote! { if let ::std::option::Option::Some(#value) = &#place { #inner } }
        } else if is_borrowed(param) {
            quote! { { let #value = #place; #inner } }
        } else {
            quote! { { let #value = &#place; #inner } }
        });
    }
    if let Some(body) = op.body.as_ref()
        && let Some(ty) = body.kind.ty()
    {
        // A model checks itself; a list or tuple of values with constraints
        // (`maxLength` on a tuple's item) is checked here, item by item.
        let body_value = format_ident!("body");
        let check = if matches!(ty.kind, TyKind::Named(_)) || !api.needs_check(ty) {
            quote! { crate::Validate::validate(body)?; }
        } else {
            value_checks(api, ty, &body_value, &quote!(""), 0)
        };
        checks.extend(if body.required {
            check
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = body { #check }
            }
        });
    }
    checks
}

/// The request as one expression (so no local it binds can shadow an
/// argument): the path with each parameter written in its style, then the
/// query, header and cookie parameters (the runtime adds nothing for `None`).
fn request_expression(op: &Operation) -> TokenStream {
    let static_name = ident(&op.static_name);
    let pieces: Vec<TokenStream> = op
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => path_piece(&op.path_params[*index]),
        })
        .collect();
    let path = match pieces.as_slice() {
        [single] if op.path_params.is_empty() => quote!(::std::string::String::from(#single)),
        _ => quote!([#(#pieces),*].concat()),
    };
    let mut request = quote!(crate::request::RequestSpec::new(&self::#static_name, #path));
    for param in &op.query_params {
        let place = place(param);
        let wire = &param.wire_name;
        let value = argument_ref(param);
        request = match param.style {
            ParamStyle::Json if param.required => {
                quote!(#request.query_json(#wire, #value)?)
            }
            ParamStyle::Json => quote!(#request.optional_query_json(#wire, #place.as_ref())?),
            style => {
                let style = query_style(style);
                quote!(#request.query_param(#wire, #value, #style)?)
            }
        };
    }
    for (param, method) in op
        .header_params
        .iter()
        .map(|param| (param, format_ident!("header_param")))
        .chain(
            op.cookie_params
                .iter()
                .map(|param| (param, format_ident!("cookie_param"))),
        )
    {
        let wire = &param.wire_name;
        let value = argument_ref(param);
        let explode = matches!(
            param.style,
            ParamStyle::Simple { explode: true } | ParamStyle::Form { explode: true }
        );
        request = quote!(#request.#method(#wire, #value, #explode)?);
    }
    request
}

/// A reference to a parameter's value, for the runtime's `&impl Serialize`.
fn argument_ref(param: &Param) -> TokenStream {
    let place = place(param);
    if param.required && is_borrowed(param) {
        // Already borrowed (`&str`, `&[T]`).
        place
    } else {
        quote!(&#place)
    }
}

/// A path parameter's text in the path, in its style, by the runtime's
/// `path_param` (one way for every type: a scalar's text is its JSON form).
fn path_piece(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let value = argument_ref(param);
    let style = match param.style {
        ParamStyle::Label { explode } => {
            quote!(crate::request::PathStyle::Label { explode: #explode })
        }
        ParamStyle::Matrix { explode } => {
            quote!(crate::request::PathStyle::Matrix { explode: #explode })
        }
        ParamStyle::Simple { explode } | ParamStyle::Form { explode } => {
            quote!(crate::request::PathStyle::Simple { explode: #explode })
        }
        _ => quote!(crate::request::PathStyle::Simple { explode: false }),
    };
    quote!(crate::request::path_param(#wire, #value, #style)?.as_str())
}

/// The runtime's `QueryStyle` for a query parameter's style.
fn query_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::SpaceDelimited => {
            quote!(crate::request::QueryStyle::SpaceDelimited { explode: false })
        }
        ParamStyle::PipeDelimited => {
            quote!(crate::request::QueryStyle::PipeDelimited { explode: false })
        }
        ParamStyle::DeepObject => quote!(crate::request::QueryStyle::DeepObject),
        ParamStyle::Form { explode: false } => {
            quote!(crate::request::QueryStyle::Form { explode: false })
        }
        _ => quote!(crate::request::QueryStyle::Form { explode: true }),
    }
}

/// The function's last statement: the body attached to `request`.
fn attach_body(op: &Operation) -> TokenStream {
    let attach = |kind: &BodyKind| match kind {
        BodyKind::Json(_) => quote! { request.json_body(body) },
        BodyKind::Form(_) => quote! { request.form_body(body) },
        BodyKind::Multipart => {
            quote! { ::std::result::Result::Ok(request.multipart_body(body)) }
        }
        BodyKind::Text(media) => {
            quote! { ::std::result::Result::Ok(request.raw_body(#media, body.as_bytes().to_vec())) }
        }
        BodyKind::Binary(media) => {
            quote! { ::std::result::Result::Ok(request.raw_body(#media, body.to_vec())) }
        }
    };
    match &op.body {
        Some(body) if body.required => attach(&body.kind),
        Some(body) => {
            let some = attach(&body.kind);
            quote! {
                match body {
                    ::std::option::Option::Some(body) => #some,
                    ::std::option::Option::None => ::std::result::Result::Ok(request),
                }
            }
        }
        None => quote! { ::std::result::Result::Ok(request) },
    }
}

pub(super) fn operation_file(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let static_name = ident(&op.static_name);
    let fn_name = ident(&op.fn_name);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.variant());
    let path_template = &op.path_template;
    let idempotent = op.idempotent;
    let server = match &op.server {
        Server::Base => quote!(crate::request::Server::Base),
        Server::Relative(reference) => quote!(crate::request::Server::Relative(#reference)),
        Server::Absolute(url) => quote!(crate::request::Server::Absolute(#url)),
    };
    let response = match &op.response {
        Response::Json(ty) => ty_tokens(ty, false),
        Response::Bytes => quote!(::std::vec::Vec<u8>),
        Response::Empty => quote!(()),
    };
    let (args, arg_names) = arguments(op);
    let many_args = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let checks = argument_checks(api, op);
    let request = request_expression(op);
    let finish = attach_body(op);
    let execute = match op.response {
        Response::Bytes => format_ident!("execute_bytes"),
        _ => format_ident!("execute"),
    };
    let method_docs = docs(&method_doc_lines(op, &args, &arg_names, &response));
    let build_docs = docs(&[
        format!(
            "Builds the `{} {}` request without sending it; [`Client::{}`](crate::Client::{}) sends it.",
            op.method.as_str(),
            op.path_template,
            op.fn_name,
            op.fn_name
        ),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "Fails with [`ErrorKind::Validation`](crate::ErrorKind::Validation) when the arguments break the schema's constraints.".to_owned(),
    ]);
    let static_docs = docs(&[format!(
        "The `{operation_id}` operation: `{} {}`.",
        op.method.as_str(),
        op.path_template
    )]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let options = op.options.as_ref().map(|name| options_struct(op, name));
    let items = vec![
        quote! {
            #![allow(deprecated)]
        },
        quote! {
            #static_docs
            pub static #static_name: crate::request::OperationInfo = crate::request::OperationInfo {
                operation_id: #operation_id,
                method: crate::request::Method::#method,
                path_template: #path_template,
                idempotent: #idempotent,
                server: #server,
            };
        },
        quote! {
            #build_docs
            #many_args
            #deprecated
            pub fn #fn_name(#(#args),*) -> ::std::result::Result<crate::request::RequestSpec<#response>, crate::Error> {
                #checks
                let request = #request;
                #finish
            }
        },
        quote! {
            #[cfg(feature = "client")]
            impl crate::Client {
                #method_docs
                #many_args
                #deprecated
                pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<#response, crate::Error> {
                    ::std::result::Result::Ok(self.#execute(self::#fn_name(#(#arg_names),*)?).await?.into_data())
                }
            }
        },
    ];
    // The options struct, if any, comes first after the attributes.
    let mut items = items;
    if let Some(options) = options {
        items.insert(1, options);
    }
    items
}
