//! Command-line interface: argument parsing and one module per verb. Each verb reads its
//! inputs, calls the library, and renders what it returns; exit codes are documented in the
//! README (0 success, 1 findings, 2 usage or input errors).

mod check;
mod completions;
mod coverage;
mod diff;
mod doc;
mod error_format;
mod eval;
mod explain;
mod explain_error;
mod fmt;
mod interrupt;
mod lsp;
mod serve;
mod test;

use crate::diagnostics::Style;
use crate::messages::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::process::ExitCode;

/// xueshi (学时) evaluates continuing-education records against policy files.
#[derive(Parser, Debug)]
#[command(name = "xueshi", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// Language of messages and reports [default: from LANG; zh for zh_*]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub(crate) lang: Option<Lang>,

    /// When to use colours in diagnostics
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (use `en` or `zh`)"))
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Check policy files and report every error and warning
    #[command(
        after_help = "Examples:\n  xueshi check policies/notice-2022.policy\n  xueshi check --deny-warnings policies/*.policy\n\nExit status: 0 when every file is valid, 1 when any has an error (or a warning\nwith --deny-warnings), 2 when a file cannot be read."
    )]
    Check(check::Args),
    /// Format policy files in the canonical layout, keeping comments
    #[command(
        after_help = "Examples:\n  xueshi fmt policies/notice-2022.policy\n  xueshi fmt --check policies/*.policy\n  cat my.policy | xueshi fmt -\n\nExit status: 0 when formatted (or, with --check, already formatted), 1 when a\nfile would change under --check or does not parse, 2 when a file cannot be read."
    )]
    Fmt(fmt::Args),
    /// Evaluate person records against a policy and print a ruling for each
    #[command(
        after_help = "Examples:\n  xueshi eval --policy policies/notice-2022.policy --purpose annual --year 2023 examples/people.jsonl\n  xueshi eval --policy policies/notice-2022.policy --purpose title_review --year 2024 --format csv examples/*.toml\n  xueshi eval --policy policies/notice-2022.policy --purpose annual --year 2023 --format xlsx --output rulings.xlsx examples/people.csv\n  cat people.jsonl | xueshi eval --policy policies/notice-2022.policy --purpose promotion --year 2024 -\n\nEvery input record gives exactly one output, in input order: its ruling, or its\nerrors when it is invalid.\n\nExit status: 0 when every record has a ruling (whatever it says), 1 when any record\nis invalid, 2 when the policy, the purpose, an argument or a file is unusable."
    )]
    Eval(eval::Args),
    /// Explain rulings: every credit, rejection, exemption and requirement, with the clause
    #[command(
        after_help = "Examples:\n  xueshi explain --policy policies/notice-2022.policy --purpose annual --year 2023 examples/shortfall.toml\n  xueshi explain --policy policies/notice-2022.policy --purpose title_review --year 2024 --id 650102198001011234 examples/people.jsonl\n  xueshi --lang zh explain --policy policies/notice-2022.policy --purpose annual --year 2023 --format form examples/shortfall.toml\n\nExit status: 0 when every record explained is valid, 1 when one is invalid (its\nerrors are explained) or no record has the --id, 2 when the policy, the purpose,\nan argument or a file is unusable."
    )]
    Explain(explain::Args),
    /// Run policy test files: cases with a record and the ruling they expect
    #[command(
        after_help = "Examples:\n  xueshi test policies/tests/\n  xueshi test --policy my-draft.policy policies/tests/notice-2022.toml\n\nExit status: 0 when every case passes, 1 when any fails, 2 when a test file or\nthe policy cannot be used."
    )]
    Test(test::Args),
    /// Compare the rulings of two policies over records, and the rules that changed
    #[command(
        after_help = "Examples:\n  xueshi diff policies/notice-2022.policy my-draft.policy --purpose annual --year 2023 examples/people.jsonl\n  xueshi diff old.policy new.policy --purpose promotion --year 2024 --format json examples/*.toml\n\nA ruling changed when its status, a figure or a credit did; one whose only change is\nwhich requirements are met is listed apart (requirements only).\n\nExit status: 0 when no ruling changed, 1 when some did, even in its requirements only\n(useful in CI), 2 when a policy, the purpose, an argument or a file is unusable."
    )]
    Diff(diff::Args),
    /// Explain an error code (X0201 or check::unknown-name) printed by --error-format json
    #[command(
        after_help = "Examples:\n  xueshi explain-error X0201\n  xueshi explain-error check::unknown-name\n  xueshi explain-error --list\n\nExit status: 0 when the code is known, 1 when it is not."
    )]
    ExplainError(explain_error::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  xueshi completions bash > ~/.local/share/bash-completion/completions/xueshi\n  xueshi completions zsh > ~/.zfunc/_xueshi\n  xueshi completions fish > ~/.config/fish/completions/xueshi.fish"
    )]
    Completions(completions::CompletionArgs),
    /// Print the manual page (roff), or write one page per command with --dir
    #[command(
        after_help = "Examples:\n  xueshi man | man -l -\n  xueshi man --dir ~/.local/share/man/man1"
    )]
    Man(completions::ManArgs),
    /// Run the language server on stdin and stdout, for editors (see editors/)
    #[command(
        after_help = "Editors start it themselves; see editors/README.md for VS Code, Neovim and Helix.\nThe language of diagnostics is the client's locale, or the initialization\noption {\"lang\": \"zh\"}, or --lang.\n\nExit status: 0 after the client shuts it down, 2 when the connection fails."
    )]
    Lsp(lsp::Args),
    /// Write the literate view: the notice's text with the rules that cite each paragraph
    #[command(
        after_help = "Examples:\n  xueshi doc policies/notice-2022.policy -o policy.html\n  xueshi doc --format md policies/notice-2022.policy\n  xueshi doc --notice notice.txt my-draft.policy -o draft.html\n\nExit status: 0 when written, 2 when the policy or the notice's text cannot be used."
    )]
    Doc(doc::Args),
    /// Serve rulings over HTTP, and a web page for analysts
    #[command(
        after_help = "Examples:\n  xueshi serve --policy policies/notice-2022.policy\n  xueshi serve --policy policies/notice-2022.policy --policy tests/policies/second/cpd-points.policy --bind 0.0.0.0:8080\n\nThen open http://127.0.0.1:8080/, or:\n  curl -s -H 'Content-Type: application/x-ndjson' --data-binary @examples/people.jsonl \\\n    'http://127.0.0.1:8080/v1/eval?purpose=annual&year=2023'\n\nSIGHUP (or a change of a policy file) reloads the policies; a policy that cannot be\nused keeps the previous version. SIGINT or SIGTERM let the requests in flight finish.\nTLS is left to a reverse proxy.\n\nExit status: 0 after a clean shutdown, 2 when a policy cannot be used or the address\ncannot be bound."
    )]
    Serve(serve::Args),
}

/// What every verb needs to know about the terminal and the user's choices.
pub(crate) struct Context {
    /// Language of messages.
    pub(crate) lang: Lang,
    /// The language given with `--lang`, if it was.
    pub(crate) explicit_lang: Option<Lang>,
    /// How diagnostics on stderr are drawn.
    pub(crate) stderr_style: Style,
    /// How snippets on stdout are drawn.
    pub(crate) stdout_style: Style,
    /// The verb's `--redact`: [`print_error`] masks every run shaped like a resident ID in
    /// its messages (a file named after a person, a column named by an ID).
    pub(crate) redact: bool,
}

/// The `xueshi` command: parses the process's arguments, runs the verb they name, and
/// gives its exit status (0 success, 1 findings, 2 usage or input errors).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = |terminal: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let context = Context {
        lang: cli.lang.unwrap_or_else(Lang::from_env),
        explicit_lang: cli.lang,
        stderr_style: Style {
            color: color(std::io::stderr().is_terminal()),
            unicode: true,
            width: 100,
        },
        stdout_style: Style {
            color: color(std::io::stdout().is_terminal()),
            unicode: true,
            width: 100,
        },
        redact: match &cli.command {
            Command::Eval(args) => args.redact,
            Command::Explain(args) => args.redact,
            Command::Test(args) => args.redact,
            Command::Diff(args) => args.redact,
            Command::Serve(args) => args.redact,
            _ => false,
        },
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args, &context),
        Command::Fmt(args) => fmt::run(args, &context),
        Command::Eval(args) => eval::run(args, &context),
        Command::Explain(args) => explain::run(args, &context),
        Command::Test(args) => test::run(args, &context),
        Command::Diff(args) => diff::run(args, &context),
        Command::ExplainError(args) => explain_error::run(args, &context),
        Command::Completions(args) => completions::completions(args, &context),
        Command::Man(args) => completions::man(args, &context),
        Command::Lsp(args) => lsp::run(args, &context),
        Command::Doc(args) => doc::run(args, &context),
        Command::Serve(args) => serve::run(args, &context),
    };
    ExitCode::from(code)
}

/// Exit status: success.
pub(crate) const OK: u8 = 0;
/// Exit status: the inputs have problems (errors found, files would change, invalid records).
pub(crate) const FINDINGS: u8 = 1;
/// Exit status: the command could not run (usage, unreadable files, unusable policy).
pub(crate) const FAILURE: u8 = 2;

/// The largest text file other than a policy that a verb reads whole (a test file, a
/// notice): 64 MiB.
pub(crate) const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// Opens `path` for reading (`-` is stdin).
fn open_input(path: &str) -> std::io::Result<Box<dyn std::io::Read>> {
    if path == "-" {
        Ok(Box::new(std::io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open(path)?))
    }
}

/// The message for a file that cannot be read, for `reason`.
fn unreadable(path: &str, reason: &str, lang: Lang) -> String {
    crate::messages::fill(
        lang,
        crate::messages::Msg::ErrorReadFile,
        &[("file", &path), ("reason", &reason)],
    )
}

/// Reads a file of at most [`MAX_TEXT_BYTES`] as UTF-8 text, with a message fit for the
/// user when it cannot (a longer file is not read past the limit).
pub(crate) fn read_text(path: &str, lang: Lang) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = open_input(path).and_then(|input| {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(input, MAX_TEXT_BYTES + 1),
            &mut bytes,
        )
    });
    let reason = match read {
        Ok(_) if bytes.len() as u64 > MAX_TEXT_BYTES => {
            format!("larger than {MAX_TEXT_BYTES} bytes")
        }
        Ok(_) => match String::from_utf8(bytes) {
            Ok(text) => return Ok(text),
            Err(e) => format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        },
        Err(e) => e.to_string(),
    };
    Err(unreadable(path, &reason, lang))
}

/// Reads a policy file's text (`-` is stdin), not past one byte over the policy size limit:
/// the parser refuses a longer one with its diagnostic ([`crate::syntax::read_policy_text`]).
pub(crate) fn read_policy(path: &str, lang: Lang) -> Result<String, String> {
    let reason = match open_input(path).and_then(crate::syntax::read_policy_text) {
        Ok(Ok(text)) => return Ok(text),
        Ok(Err(valid)) => format!("not UTF-8 text (byte {valid})"),
        Err(e) => e.to_string(),
    };
    Err(unreadable(path, &reason, lang))
}

/// The exit status of a verb whose output was written with `written`: `status` when it was,
/// or when the reader went away (`| head`: the run ends quietly); otherwise (a full disk,
/// `> /dev/full`) the error is printed and the status is [`FAILURE`].
pub(crate) fn output_status(written: std::io::Result<()>, status: u8, context: &Context) -> u8 {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            print_error(context, &e.to_string());
            FAILURE
        }
    }
}

/// Prints an error line on stderr, cargo style; with `--redact`, its ID-shaped runs masked.
pub(crate) fn print_error(context: &Context, message: &str) {
    let word = crate::messages::text(context.lang, crate::messages::Msg::WordError);
    let message = crate::render::masked(message, context.redact);
    // File names and values quoted in the message, escaped.
    let message = crate::printable::printable_lines(&message);
    if context.stderr_style.color {
        to_stderr(format_args!("\x1b[1;31m{word}\x1b[0m: {message}\n"));
    } else {
        to_stderr(format_args!("{word}: {message}\n"));
    }
}

/// Writes `text` on stderr. Every verb writes its messages through here, never with
/// `eprint!`, which panics when stderr is closed (`xueshi check BAD 2>&1 | head -1`): a
/// message nobody can read is dropped and the verb goes on to its usual exit status.
pub(crate) fn to_stderr(text: impl std::fmt::Display) {
    use std::io::Write;
    // A closed or full stderr leaves nowhere to report that it is closed: drop the text.
    let _ = write!(std::io::stderr().lock(), "{text}");
}

/// Refuses an `--output` that is one of the inputs (`paths`, and the files of a policy
/// folder among them; `-` is whatever stdin reads, `eval -o people.jsonl - < people.jsonl`):
/// the same file, also through symbolic and hard links (device and inode are compared).
/// The error is printed; `false` then.
pub(crate) fn output_is_not_an_input(output: &str, paths: &[&str], context: &Context) -> bool {
    let refuse = |input: &dyn std::fmt::Display| {
        print_error(
            context,
            &crate::messages::fill(
                context.lang,
                crate::messages::Msg::ErrorOutputIsInput,
                &[("output", &output), ("input", input)],
            ),
        );
        false
    };
    if paths.contains(&"-") {
        let stdin = same_file::Handle::stdin();
        let out = same_file::Handle::from_path(output);
        if let (Ok(stdin), Ok(out)) = (stdin, out)
            && stdin == out
        {
            return refuse(&"-");
        }
    }
    let mut inputs: Vec<std::path::PathBuf> = Vec::new();
    for path in paths.iter().filter(|p| **p != "-") {
        let path = std::path::Path::new(path);
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                inputs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else {
            inputs.push(path.to_path_buf());
        }
    }
    let clash = inputs
        .iter()
        .find(|input| same_file::is_same_file(output, input).unwrap_or(false));
    match clash {
        Some(input) => refuse(&input.display()),
        None => true,
    }
}

/// The arguments that say which rulings are asked for, flattened into `eval`'s and
/// `explain`'s (in this order, at the head of their options): the policy, or a folder of its
/// revisions and the date whose revision is used, the purpose and the year.
#[derive(clap::Args, Debug)]
pub(crate) struct RulingArgs {
    /// The policy file, or a folder of its revisions (see --as-of)
    #[arg(long, value_name = "FILE|DIR")]
    pub(crate) policy: String,

    /// With a folder of revisions: the date whose revision in force is used [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<chrono::NaiveDate>,

    /// The purpose of the ruling, as the policy names it (e.g. annual, title_review, promotion)
    #[arg(long, value_name = "NAME")]
    pub(crate) purpose: String,

    /// The year the ruling is for (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub(crate) year: i32,
}

impl RulingArgs {
    /// The policy (the revision in force on `--as-of` for a folder) and the purpose asked
    /// for, their errors printed on stderr; `None` when either cannot be used.
    pub(crate) fn load(
        &self,
        context: &Context,
    ) -> Option<(crate::policy::Policy, crate::policy::PurposeId)> {
        let policy = load_revision(&self.policy, self.as_of, context)?;
        let purpose = resolve_purpose(&policy, &self.purpose, context)?;
        judged_year_in_reach(&policy, purpose, self.year, context)?;
        Some((policy, purpose))
    }
}

/// How record files are read, flattened into the arguments of the commands that read them.
#[derive(clap::Args, Debug, Clone, Copy)]
pub(crate) struct InputArgs {
    /// The largest record document read whole: a .json file of one person (explain: also of
    /// an array), a .toml file, or an .xlsx workbook counted decompressed (JSONL, CSV and JSON
    /// arrays are streamed); bytes, or with KiB, MiB, GiB [default: 256MiB]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_document_size: Option<u64>,
}

impl InputArgs {
    /// The limits asked for.
    pub(crate) fn limits(&self) -> crate::input::Limits {
        let mut limits = crate::input::Limits::default();
        if let Some(n) = self.max_document_size {
            limits.max_document = n;
        }
        limits
    }
}

/// A size in bytes: `1000000`, `64KiB`, `512MiB`, `2GiB` (also `K`, `M`, `G`, binary).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size: write bytes, or a number with KiB, MiB or GiB"
            ));
        }
    };
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{s}` is not a size: write bytes, or a number with KiB, MiB or GiB")
    })?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large a size"))
}

/// Reads every record file of `paths` with the table `columns` (for CSV and XLSX), in
/// order, within `limits` (a JSON file's array read whole when `whole`, for snippets of its
/// records; streamed otherwise); `None`, the error printed on stderr, when one cannot be read.
pub(crate) fn read_sources(
    paths: &[String],
    columns: &crate::input::table::Columns,
    limits: &crate::input::Limits,
    whole: bool,
    context: &Context,
) -> Option<Vec<crate::input::RecordSource>> {
    let mut sources = Vec::new();
    for path in paths {
        let read = if whole {
            crate::input::read_records_whole(path, columns, limits)
        } else {
            crate::input::read_records_within(path, columns, limits)
        };
        match read {
            Ok(records) => sources.push(records),
            Err(e) => {
                print_error(
                    context,
                    &format!("`{}`: {}", e.file, e.message(context.lang)),
                );
                return None;
            }
        }
    }
    Some(sources)
}

/// The policy a command runs: one file, or the revision of a folder in force on `as_of`
/// (today when not given). When a folder is given, the revision used is named on stderr.
pub(crate) fn load_revision(
    path: &str,
    as_of: Option<chrono::NaiveDate>,
    context: &Context,
) -> Option<crate::policy::Policy> {
    let folder = std::path::Path::new(path);
    if !folder.is_dir() {
        let policy = load_policy(path, context)?;
        // A single file asked for on a date must be in force on it.
        if let Some(date) = as_of
            && policy.info.effective > date
        {
            print_error(
                context,
                &crate::messages::fill(
                    context.lang,
                    crate::messages::Msg::PolicyNotInForce,
                    &[
                        ("file", &path),
                        ("effective", &policy.info.effective),
                        ("date", &date),
                    ],
                ),
            );
            return None;
        }
        return Some(policy);
    }
    let files = match crate::revise::revisions::policy_files(folder) {
        Ok(f) => f,
        Err(e) => {
            print_error(context, &format!("`{path}`: {e}"));
            return None;
        }
    };
    // Every revision must be valid: a broken one is a defect of the folder, in force or not.
    let mut revisions = Vec::new();
    for file in files {
        let policy = load_policy(&file.display().to_string(), context)?;
        revisions.push((file, policy));
    }
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    match crate::revise::revisions::in_force(&revisions, as_of) {
        Ok(i) => {
            let (file, policy) = revisions.swap_remove(i);
            to_stderr(format_args!(
                "{}\n",
                crate::messages::fill(
                    context.lang,
                    crate::messages::Msg::RevisionUsed,
                    &[
                        ("name", &policy.info.name),
                        ("version", &policy.info.version),
                        ("file", &file.display()),
                        ("effective", &policy.info.effective),
                        ("sha", &policy.info.sha256.get(..12).unwrap_or_default()),
                        ("date", &as_of),
                    ]
                )
            ));
            Some(policy)
        }
        Err(e) => {
            print_error(context, &format!("`{path}`: {e}"));
            None
        }
    }
}

/// Parses `--as-of` dates.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::record::decode::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))
}

/// Reads and compiles a policy, printing its diagnostics (warnings too) on stderr; `None`
/// when it cannot be used.
pub(crate) fn load_policy(path: &str, context: &Context) -> Option<crate::policy::Policy> {
    let text = match read_policy(path, context.lang) {
        Ok(t) => t,
        Err(message) => {
            print_error(context, &message);
            return None;
        }
    };
    let source = crate::source::SourceFile::new(path, text);
    let (policy, report) = crate::compile_policy(source.clone());
    if policy.is_none() {
        print_report(&report, &source, context);
    }
    policy
}

/// Prints a policy's diagnostics, then their summary, on stderr.
pub(crate) fn print_report(
    report: &crate::diagnostics::PolicyReport,
    source: &crate::source::SourceFile,
    context: &Context,
) {
    to_stderr(crate::diagnostics::render_report(
        report,
        source,
        context.stderr_style,
        context.lang,
    ));
    to_stderr(format_args!("{}\n", report.summary(context.lang)));
}

/// Whether `purpose` can be ruled for `year` at all (its window inside the years xueshi
/// rules), the error printed on stderr when not: before any record is read.
pub(crate) fn judged_year_in_reach(
    policy: &crate::policy::Policy,
    purpose: crate::policy::PurposeId,
    year: i32,
    context: &Context,
) -> Option<()> {
    match crate::eval::check_judged_year(policy, purpose, year) {
        Ok(()) => Some(()),
        Err(e) => {
            print_error(context, &e.message(context.lang));
            None
        }
    }
}

/// The purpose called `name`, or an error listing the purposes the policy declares.
pub(crate) fn resolve_purpose(
    policy: &crate::policy::Policy,
    name: &str,
    context: &Context,
) -> Option<crate::policy::PurposeId> {
    if let Some((id, _)) = policy.purpose(name) {
        return Some(id);
    }
    let names: Vec<String> = policy
        .purposes
        .iter()
        .map(|p| format!("`{}`", p.name))
        .collect();
    let mut message = crate::messages::fill(
        context.lang,
        crate::messages::Msg::ErrorUnknownPurpose,
        &[
            ("name", &name),
            (
                "purposes",
                &crate::messages::join(context.lang, &names, crate::messages::Msg::And),
            ),
        ],
    );
    if let Some(s) = crate::suggest::closest(name, policy.purposes.iter().map(|p| p.name.as_str()))
    {
        message.push_str(&format!(
            "; {}",
            crate::messages::fill(
                context.lang,
                crate::messages::Msg::HelpDidYouMean,
                &[("suggestion", &s)]
            )
        ));
    }
    print_error(context, &message);
    None
}
