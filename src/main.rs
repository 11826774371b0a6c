use std::process::ExitCode;

fn main() -> ExitCode {
    plan::cli::main()
}
