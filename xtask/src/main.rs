//! `cargo xtask`: see the library crate for what each command does.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let status = xtask::run(
        &args,
        &xtask::workspace_root(),
        |input: &generator::Input<'_>| generator::generate_with(input, &xtask::generator_options()),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    ExitCode::from(status)
}
