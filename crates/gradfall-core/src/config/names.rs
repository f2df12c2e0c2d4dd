//! Query spellings of the choice enums: one macro gives each enum its names.

/// Gives an enum its query spellings: `VARIANTS`, `NAMES` (same order, default first),
/// `as_str` and `from_name`. The spellings must equal the serde names (tested).
macro_rules! query_names {
    ($ty:ident: $($variant:ident = $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every variant, in the order the page lists them; the first is the default.
            pub const VARIANTS: &'static [$ty] = &[$($ty::$variant),+];
            /// The query spelling of each of [`Self::VARIANTS`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The query spelling of this variant.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            /// The variant spelt `name` (exact, lower case), if any.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// Position in [`Self::VARIANTS`] (and [`Self::NAMES`]).
            pub(crate) fn index(self) -> usize {
                Self::VARIANTS.iter().position(|&v| v == self).unwrap_or(0)
            }
        }
    };
}

pub(crate) use query_names;
