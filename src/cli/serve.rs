//! `xueshi serve`: the rulings over HTTP and the analysts' web page (see `crate::serve`).

use super::{Context, FAILURE, OK, print_error};
use crate::serve::Config;
use std::time::Duration;

/// How the access log is written.
#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub(crate) enum LogFormat {
    /// One line of text per event
    Text,
    /// One JSON object per event
    Json,
}

/// Arguments of `xueshi serve`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// A policy file or a folder of its revisions; repeat to serve several (requests name
    /// one by its file or folder name, without `.policy`)
    #[arg(long, value_name = "FILE|DIR", required = true)]
    pub(crate) policy: Vec<std::path::PathBuf>,

    /// The address to listen on (port 0: any free port, announced on stderr)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub(crate) bind: String,

    /// The largest request body, in bytes (more: 413)
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024)]
    pub(crate) max_body_bytes: usize,

    /// The most records in one request (more: 413)
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub(crate) max_records: usize,

    /// Seconds a request may take (more: 503)
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub(crate) request_timeout: u64,

    /// Evaluations that may run at once (more: 429)
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) max_concurrent: u16,

    /// Seconds between looks at the policy files for changes; 0: reload only on SIGHUP
    #[arg(long, value_name = "SECONDS", default_value_t = 2)]
    pub(crate) watch_interval: u64,

    /// Mask resident IDs in every answer, whatever a request asks
    #[arg(long)]
    pub(crate) redact: bool,

    /// Write query strings (which may hold a resident ID) in the access log
    #[arg(long)]
    pub(crate) log_ids: bool,

    /// The access log's format (on stderr; RUST_LOG filters it)
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub(crate) log_format: LogFormat,
}

/// Runs `xueshi serve`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(context.stderr_style.color);
    // A subscriber set already (by an embedding program) is kept.
    let _ = match args.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    let config = Config {
        max_body_bytes: args.max_body_bytes,
        max_records: args.max_records,
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        max_concurrent: usize::from(args.max_concurrent),
        watch: (args.watch_interval > 0).then(|| Duration::from_secs(args.watch_interval)),
        redact: args.redact,
        log_ids: args.log_ids,
    };
    match crate::serve::run(&args.policy, &args.bind, config, context.lang) {
        Ok(()) => OK,
        Err(crate::serve::ServeError::Policy(report)) => {
            eprint!("{report}");
            if !report.ends_with('\n') {
                eprintln!();
            }
            FAILURE
        }
        Err(e) => {
            print_error(context, &e.to_string());
            FAILURE
        }
    }
}
