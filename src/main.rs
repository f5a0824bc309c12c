fn main() {
    std::process::exit(crlint::cli::main());
}
