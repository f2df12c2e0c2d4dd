//! Named experiments: each a query and one sentence on what it shows.
//!
//! SKELETON: being written.

/// A named experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub query: &'static str,
    pub explanation: &'static str,
}

pub const PRESETS: &[Preset] = &[];

pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
