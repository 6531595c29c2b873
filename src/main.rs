use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match footing::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            if let Some(message) = footing::cli::suggestion(&e, &std::env::args().skip(1).collect::<Vec<_>>())
            {
                let width = footing::render::term::width_now();
                eprint!("{}", footing::render::term::wrap(&format!("error: {message}\n"), width));
                std::process::exit(2);
            }
            safe_usage_error(e)
        }
        Err(e) => e.exit(),
    };
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
            let text = format!("error: {}\n", footing::render::printable_lines(&message));
            eprint!("{}", footing::render::term::wrap(&text, footing::render::term::width_now()));
            ExitCode::from(footing::error::exit_code(&err) as u8)
        }
    }
}

/// Prints a usage error and exits. clap shows a rejected value as it was typed, escape
/// sequences included, which a terminal would act on (§8): when an argument holds control
/// characters, the error is made again from the arguments with them shown escaped.
fn safe_usage_error(e: clap::Error) -> ! {
    use footing::render::printable;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let unsafe_arg = |a: &std::ffi::OsString| a.to_str().is_some_and(|s| printable(s) != s);
    if args.iter().any(unsafe_arg) {
        let escaped = args.iter().map(|a| match a.to_str() {
            Some(s) => std::ffi::OsString::from(printable(s).into_owned()),
            None => a.clone(),
        });
        match footing::cli::Cli::try_parse_from(escaped) {
            Err(again) if again.use_stderr() => wrapped_exit(&again),
            // Escaped, the arguments parse: the first message without its styles and escape
            // sequences.
            _ => {
                eprint!("{}", e.render());
                std::process::exit(e.exit_code());
            }
        }
    }
    wrapped_exit(&e)
}

/// Prints a usage error fitted to the width like every other message (§10), and exits 2.
fn wrapped_exit(e: &clap::Error) -> ! {
    let text = e.render().to_string();
    eprint!("{}", footing::render::term::wrap(&text, footing::render::term::width_now()));
    std::process::exit(e.exit_code());
}
