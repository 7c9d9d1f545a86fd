//! `xueshi completions SHELL` and `xueshi man`: shell completions and manual pages,
//! generated from the command-line definitions themselves (`clap_complete`,
//! `clap_mangen`), so that they always list the options the binary has.

use super::{Cli, Context, FAILURE, OK, print_error};
use clap::CommandFactory;
use std::io::Write;

/// Arguments of `xueshi completions`.
#[derive(clap::Args, Debug)]
pub(crate) struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub(crate) shell: clap_complete::Shell,
}

/// Arguments of `xueshi man`.
#[derive(clap::Args, Debug)]
pub(crate) struct ManArgs {
    /// Write one page per command (xueshi.1, xueshi-check.1, …) into DIR instead of printing
    /// xueshi.1
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<std::path::PathBuf>,
}

/// Runs `xueshi completions`: the script on stdout.
pub(crate) fn completions(args: CompletionArgs, context: &Context) -> u8 {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "xueshi", &mut out);
    super::output_status(std::io::stdout().write_all(&out), OK, context)
}

/// Runs `xueshi man`: the page on stdout, or every page into `--dir`.
pub(crate) fn man(args: ManArgs, context: &Context) -> u8 {
    let command = Cli::command();
    let Some(dir) = args.dir else {
        let mut out = Vec::new();
        if let Err(e) = clap_mangen::Man::new(command).render(&mut out) {
            print_error(context, &e.to_string());
            return FAILURE;
        }
        return super::output_status(std::io::stdout().write_all(&out), OK, context);
    };
    match write_pages(command, &dir) {
        Ok(()) => OK,
        Err(e) => {
            print_error(context, &format!("`{}`: {e}", dir.display()));
            FAILURE
        }
    }
}

/// Writes `xueshi.1` and a page per subcommand (`xueshi-check.1`) into `dir`.
fn write_pages(command: clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let command = command.bin_name("xueshi");
    clap_mangen::Man::new(command.clone())
        .render(&mut std::fs::File::create(dir.join("xueshi.1"))?)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("xueshi-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("xueshi {}", sub.get_name()));
        clap_mangen::Man::new(page)
            .render(&mut std::fs::File::create(dir.join(format!("{name}.1")))?)?;
    }
    Ok(())
}
