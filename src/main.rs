use clap::Parser;

fn main() {
    let cli = crlint::cli::Cli::parse();
    std::process::exit(crlint::cli::run(cli));
}
