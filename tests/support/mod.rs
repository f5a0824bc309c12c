pub mod pyenv;
pub mod recorder;
pub mod toolvenv;
