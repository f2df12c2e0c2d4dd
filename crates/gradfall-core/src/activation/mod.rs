//! Activations: everything the engine knows about each one, in one place.
//!
//! Each activation is a [`Rule`] in [`rules`]: f, f′ (the derivative back-propagation uses),
//! ∂f/∂α, its default α, the largest |f′|, whether it has a kink at 0 and the slope in He's
//! variance. The [`activations!`] list below names each rule once with its URL spelling, and
//! generates the [`Activation`] enum (the `act` key's values) and its dispatch from it.
//!
//! Adding an activation: write its `Rule` in `rules.rs`, add one line to the list below, and
//! extend the tests if it has an unusual property (the generic tests already check f′ against
//! finite differences, f32 precision in the tails, `max_df` and overflow for every rule).

pub mod rules;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::config::query_names;
pub use crate::math::Real;
pub use rules::{SELU_ALPHA, SELU_LAMBDA};

/// One activation function and its constants. Generic over [`Real`], so the f32 trainer and
/// the f64 references (theory, finite-difference tests) evaluate the same formulas.
pub trait Rule {
    /// The default of the `alpha` key when the activation uses it (a negative-side slope or
    /// ELU's α); `None` when `alpha` means nothing to it.
    const ALPHA: Option<f32> = None;
    /// Whether f or f′ is not smooth at x = 0 (the theory's quadrature then splits there).
    const KINK_AT_ZERO: bool;
    /// f(x); `alpha` is the slope / α in use (for PReLU the layer's learned slope).
    fn f<T: Real>(x: T, alpha: T) -> T;
    /// The derivative back-propagation uses, f′(x) (a surrogate for `necro`).
    fn df<T: Real>(x: T, alpha: T) -> T;
    /// ∂f/∂α, for learning PReLU's slope; zero for the others.
    fn df_dalpha<T: Real>(_x: T) -> T {
        T::lit(0.0)
    }
    /// The largest |f′(x)| over x: the reference of `sat_frac` ("f′ below 5 % of its max").
    fn max_df(alpha: f32) -> f32;
    /// The negative-side slope s in He's variance 2/((1 + s²)·fan_in): α for the leaky family
    /// (leaky, prelu, and necro, whose backward pass has that slope), else 0.
    fn he_slope(_alpha: f32) -> f32 {
        0.0
    }
}

/// Declares the activations: `Variant = "url-name"`, where `rules::Variant` is its [`Rule`].
macro_rules! activations {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// Hidden-layer activation (`act`); each variant is the [`Rule`] of the same name in
        /// [`rules`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Activation {
            $($variant),+
        }

        query_names!(Activation: $($variant = $name),+);

        impl Activation {
            /// f(x). For PReLU `alpha` is the layer's current (learned) slope.
            #[inline]
            pub fn f<T: Real>(self, x: T, alpha: T) -> T {
                match self {
                    $(Activation::$variant => rules::$variant::f(x, alpha)),+
                }
            }

            /// The derivative used by back-propagation, f′(x) ([`Rule::df`]).
            #[inline]
            pub fn df<T: Real>(self, x: T, alpha: T) -> T {
                match self {
                    $(Activation::$variant => rules::$variant::df(x, alpha)),+
                }
            }

            /// ∂f/∂alpha, for learning PReLU's slope (zero for the others).
            #[inline]
            pub fn df_dalpha<T: Real>(self, x: T) -> T {
                match self {
                    $(Activation::$variant => rules::$variant::df_dalpha(x)),+
                }
            }

            /// The largest |f′(x)| over x ([`Rule::max_df`]).
            pub fn max_df(self, alpha: f32) -> f32 {
                match self {
                    $(Activation::$variant => rules::$variant::max_df(alpha)),+
                }
            }

            /// The slope in He's variance ([`Rule::he_slope`]).
            pub fn he_slope(self, alpha: f32) -> f32 {
                match self {
                    $(Activation::$variant => rules::$variant::he_slope(alpha)),+
                }
            }

            /// Whether f or f′ has a kink at 0 ([`Rule::KINK_AT_ZERO`]).
            pub fn has_kink_at_zero(self) -> bool {
                match self {
                    $(Activation::$variant => rules::$variant::KINK_AT_ZERO),+
                }
            }

            /// The `alpha` default of this activation, if `alpha` means anything to it.
            fn alpha_default(self) -> Option<f32> {
                match self {
                    $(Activation::$variant => rules::$variant::ALPHA),+
                }
            }
        }
    };
}

activations! {
    Relu = "relu",
    Sigmoid = "sigmoid",
    Tanh = "tanh",
    Leaky = "leaky",
    Prelu = "prelu",
    Elu = "elu",
    Selu = "selu",
    Softplus = "softplus",
    Abs = "abs",
    Gelu = "gelu",
    Swish = "swish",
    Linear = "linear",
    Necro = "necro",
}

impl Activation {
    /// Default of the `alpha` key: the negative-side slope (leaky 0.01, necro 0.1, PReLU's
    /// initial 0.25) or ELU's α (1). 0 for the others, which do not use it.
    pub fn default_alpha(self) -> f32 {
        self.alpha_default().unwrap_or(0.0)
    }

    /// Whether `alpha` means anything for this activation.
    pub fn uses_alpha(self) -> bool {
        self.alpha_default().is_some()
    }
}
