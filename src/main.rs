//! The `pbm` binary: parses the command line, sets up logging
//! ([`pbm::cli::init_logging`]) and hands over to the library.

use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // The data dir, the store and key files, logs and spools are pbm's alone.
    pbm::security::private_files::restrict_umask();
    let cli = pbm::cli::Cli::parse();
    pbm::cli::init_logging(&cli.command);
    match pbm::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pbm: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
