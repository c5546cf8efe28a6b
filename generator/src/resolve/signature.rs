//! An operation's signature: the arguments of its function and method in
//! order, the struct of its optional parameters, and the names its docs use.

use crate::ir::{Argument, ArgumentValue, Body, OptionsStruct, Param, Passing};
use crate::naming::options_name;

/// The parameters of an operation, by location, and its body.
pub(super) struct Inputs<'p> {
    pub(super) path: &'p [Param],
    pub(super) query: &'p [Param],
    pub(super) header: &'p [Param],
    pub(super) cookie: &'p [Param],
    pub(super) body: Option<&'p Body>,
}

/// The arguments in order: path parameters (as the path names them), the
/// body, the required query, header and cookie parameters, then the struct
/// of the optional ones, so adding an optional parameter breaks no caller.
pub(super) fn arguments(inputs: &Inputs<'_>) -> Vec<Argument> {
    let argument = |param: &Param, value| Argument {
        name: param.name.clone(),
        value,
    };
    let mut arguments: Vec<Argument> = inputs
        .path
        .iter()
        .enumerate()
        .map(|(index, param)| argument(param, ArgumentValue::Path(index)))
        .collect();
    if inputs.body.is_some() {
        arguments.push(Argument {
            name: "body".to_owned(),
            value: ArgumentValue::Body,
        });
    }
    /// The argument of the parameter at an index of its location's list.
    type AtIndex = fn(usize) -> ArgumentValue;
    let located: [(&[Param], AtIndex); 3] = [
        (inputs.query, ArgumentValue::Query),
        (inputs.header, ArgumentValue::Header),
        (inputs.cookie, ArgumentValue::Cookie),
    ];
    for (params, value) in located {
        arguments.extend(
            params
                .iter()
                .enumerate()
                .filter(|(_, param)| param.required)
                .map(|(index, param)| argument(param, value(index))),
        );
    }
    if optional(inputs).next().is_some() {
        arguments.push(Argument {
            name: "params".to_owned(),
            value: ArgumentValue::Options,
        });
    }
    arguments
}

/// The struct of the optional query, header and cookie parameters of the
/// function `fn_name`, when it has any.
pub(super) fn options_struct(inputs: &Inputs<'_>, fn_name: &str) -> Option<OptionsStruct> {
    let mut params = optional(inputs).peekable();
    params.peek()?;
    let borrows = params.any(|param| param.passing != Passing::Value);
    Some(OptionsStruct {
        name: options_name(fn_name),
        borrows,
    })
}

/// The optional query, header and cookie parameters, in argument order.
fn optional<'p>(inputs: &Inputs<'p>) -> impl Iterator<Item = &'p Param> {
    inputs
        .query
        .iter()
        .chain(inputs.header)
        .chain(inputs.cookie)
        .filter(|param| !param.required)
}

/// The name a doc example gives the client: `client`, unless an argument
/// has that name.
pub(super) fn example_client(arguments: &[Argument]) -> String {
    ["client", "api", "fluxer"]
        .into_iter()
        .find(|candidate| !arguments.iter().any(|argument| argument.name == *candidate))
        .unwrap_or("fluxer_api_client")
        .to_owned()
}

/// Whether clippy's `too_many_arguments` fires on the function: more than
/// seven arguments.
pub(super) fn many_arguments(arguments: &[Argument]) -> bool {
    arguments.len() > 7
}
