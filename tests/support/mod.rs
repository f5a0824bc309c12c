pub mod pyenv;
pub mod recorder;
