//! The `newswatch` binary: parses the command line and hands over to [`newswatch::cli`].

fn main() -> std::process::ExitCode {
    newswatch::cli::main()
}
