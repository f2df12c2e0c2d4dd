//! Bindings: being written.
mod bench;
