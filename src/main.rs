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
            eprintln!("error: {}", footing::error::message(&err));
            ExitCode::from(footing::error::exit_code(&err) as u8)
        }
    }
}
