use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = footing::cli::Cli::parse();
    match footing::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`footing history | head`) is not a failure.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            // A path or value in the message may hold control characters: shown escaped (§8).
            let message = footing::error::message(&err);
            eprintln!("error: {}", footing::render::printable_lines(&message));
            ExitCode::from(footing::error::exit_code(&err) as u8)
        }
    }
}
