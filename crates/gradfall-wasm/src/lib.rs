//! Bindings: being written.
