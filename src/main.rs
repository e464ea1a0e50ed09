//! The `pbm` binary: parses the command line, sets up logging and hands over
//! to the library.

use clap::Parser as _;
use tracing_subscriber::{EnvFilter, fmt};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The data dir, the store and key files, logs and spools are pbm's alone.
    pbm::security::private_files::restrict_umask();
    let filter = EnvFilter::try_from_env("PBM_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    if std::env::var("PBM_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init();
    } else {
        fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    }
    match pbm::cli::run(pbm::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pbm: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
