//! `xueshi lsp`: the language server over stdio (see [`crate::lsp`]).

use super::{Context, FAILURE, OK, print_error};

/// Arguments of `xueshi lsp`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Accepted for clients that pass it; stdio is the only transport
    #[arg(long)]
    pub(crate) stdio: bool,
}

/// Runs `xueshi lsp` until the client shuts it down.
pub(crate) fn run(_args: Args, context: &Context) -> u8 {
    match crate::lsp::serve_stdio(context.lang) {
        Ok(()) => OK,
        Err(e) => {
            print_error(context, &e.to_string());
            FAILURE
        }
    }
}
