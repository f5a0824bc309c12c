pub mod pyenv;
pub mod recorder;
pub mod tools;
pub mod toolvenv;
