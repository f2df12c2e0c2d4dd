//! The activation functions, one [`Rule`] each: f, f′, ∂f/∂α and their constants.
//!
//! Every formula is generic over [`Real`], so the f32 trainer and the f64 references evaluate
//! the same code. At a kink (x = 0) ReLU-like functions take the left derivative (0 for ReLU,
//! α for leaky), as frameworks do; `abs` takes +1.

use super::Rule;
use crate::math::Real;

/// SELU's fixed constants (Klambauer et al. 2017).
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
/// √(2/π), for the tanh form of GELU.
const GELU_C: f64 = 0.797_884_560_802_865_4;
const GELU_K: f64 = 0.044_715;

/// 1/(1 + e^{−x}), stable for large |x|: never exponentiates a large positive number.
#[inline]
fn sigmoid<T: Real>(x: T) -> T {
    let one = T::lit(1.0);
    if x >= T::lit(0.0) {
        one / (one + (-x).exp())
    } else {
        let e = x.exp();
        e / (one + e)
    }
}

/// `if x > 0 { positive } else { other }`, the shape of the ReLU-like rules (both sides are
/// evaluated: only for cheap ones; ELU and SELU branch so as not to compute eˣ needlessly).
#[inline]
fn positive_or<T: Real>(x: T, positive: T, other: T) -> T {
    if x > T::lit(0.0) {
        positive
    } else {
        other
    }
}

pub struct Relu;
impl Rule for Relu {
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        positive_or(x, x, T::lit(0.0))
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        positive_or(x, T::lit(1.0), T::lit(0.0))
    }
    fn max_df(_alpha: f32) -> f32 {
        1.0
    }
}

pub struct Sigmoid;
impl Rule for Sigmoid {
    const KINK_AT_ZERO: bool = false;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        sigmoid(x)
    }
    /// Implementations write it from the output, s·(1 − s); in f32 that is exactly 0 once s
    /// rounds to 1 (x > 16.6) and made a saturated unit look dead. From e = e^{−|x|} it keeps
    /// its precision: σ' = e/(1 + e)².
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let one = T::lit(1.0);
        let e = (-x.abs()).exp();
        e / ((one + e) * (one + e))
    }
    fn max_df(_alpha: f32) -> f32 {
        0.25
    }
}

pub struct Tanh;
impl Rule for Tanh {
    const KINK_AT_ZERO: bool = false;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        x.tanh()
    }
    /// Not 1 − h² from the output h, as implementations write it: in f32 that is exactly 0
    /// once h rounds to ±1 (|x| > 9) and made a saturated unit look dead. From e² = e^{−2|x|}
    /// it keeps its precision: tanh' = 4e²/(1 + e²)².
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let one = T::lit(1.0);
        let e2 = (T::lit(-2.0) * x.abs()).exp();
        T::lit(4.0) * e2 / ((one + e2) * (one + e2))
    }
    fn max_df(_alpha: f32) -> f32 {
        1.0
    }
}

/// Leaky ReLU: slope α (default 0.01) for x ≤ 0.
pub struct Leaky;
impl Rule for Leaky {
    const ALPHA: Option<f32> = Some(0.01);
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, alpha: T) -> T {
        positive_or(x, x, alpha * x)
    }
    fn df<T: Real>(x: T, alpha: T) -> T {
        positive_or(x, T::lit(1.0), alpha)
    }
    fn max_df(alpha: f32) -> f32 {
        alpha.abs().max(1.0)
    }
    fn he_slope(alpha: f32) -> f32 {
        alpha
    }
}

/// PReLU: leaky ReLU whose slope is learned per layer; α is its starting value (0.25).
pub struct Prelu;
impl Rule for Prelu {
    const ALPHA: Option<f32> = Some(0.25);
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, alpha: T) -> T {
        Leaky::f(x, alpha)
    }
    fn df<T: Real>(x: T, alpha: T) -> T {
        Leaky::df(x, alpha)
    }
    fn df_dalpha<T: Real>(x: T) -> T {
        if x <= T::lit(0.0) {
            x
        } else {
            T::lit(0.0)
        }
    }
    fn max_df(alpha: f32) -> f32 {
        Leaky::max_df(alpha)
    }
    fn he_slope(alpha: f32) -> f32 {
        alpha
    }
}

/// ELU: α(eˣ − 1) for x ≤ 0 (α defaults to 1).
pub struct Elu;
impl Rule for Elu {
    const ALPHA: Option<f32> = Some(1.0);
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, alpha: T) -> T {
        if x > T::lit(0.0) {
            x
        } else {
            alpha * (x.exp() - T::lit(1.0))
        }
    }
    fn df<T: Real>(x: T, alpha: T) -> T {
        if x > T::lit(0.0) {
            T::lit(1.0)
        } else {
            alpha * x.exp()
        }
    }
    fn max_df(alpha: f32) -> f32 {
        alpha.abs().max(1.0)
    }
}

pub struct Selu;
impl Rule for Selu {
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        let l = T::lit(SELU_LAMBDA);
        if x > T::lit(0.0) {
            l * x
        } else {
            l * T::lit(SELU_ALPHA) * (x.exp() - T::lit(1.0))
        }
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let l = T::lit(SELU_LAMBDA);
        if x > T::lit(0.0) {
            l
        } else {
            l * T::lit(SELU_ALPHA) * x.exp()
        }
    }
    fn max_df(_alpha: f32) -> f32 {
        SELU_LAMBDA as f32 * (SELU_ALPHA as f32).max(1.0)
    }
}

pub struct Softplus;
impl Rule for Softplus {
    const KINK_AT_ZERO: bool = false;
    /// ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}): no overflow.
    fn f<T: Real>(x: T, _alpha: T) -> T {
        let zero = T::lit(0.0);
        let m = if x > zero { x } else { zero };
        m + (-x.abs()).exp().ln_1p()
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        sigmoid(x)
    }
    fn max_df(_alpha: f32) -> f32 {
        1.0
    }
}

pub struct Abs;
impl Rule for Abs {
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        x.abs()
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let one = T::lit(1.0);
        if x >= T::lit(0.0) {
            one
        } else {
            -one
        }
    }
    fn max_df(_alpha: f32) -> f32 {
        1.0
    }
}

/// GELU in its tanh form, x·½(1 + tanh(√(2/π)(x + 0.044715x³))).
pub struct Gelu;
impl Rule for Gelu {
    const KINK_AT_ZERO: bool = false;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        let u = T::lit(GELU_C) * (x + T::lit(GELU_K) * x * x * x);
        T::lit(0.5) * x * (T::lit(1.0) + u.tanh())
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let one = T::lit(1.0);
        let x2 = x * x;
        let u = T::lit(GELU_C) * (x + T::lit(GELU_K) * x2 * x);
        let du = T::lit(GELU_C) * (one + T::lit(3.0 * GELU_K) * x2);
        // ½(1 + tanh u) = σ(2u) and ½(1 − tanh² u) = 2σ(2u)σ(−2u): no 1 − 1 in the tails.
        let s = sigmoid(T::lit(2.0) * u);
        s * (one + T::lit(2.0) * x * sigmoid(T::lit(-2.0) * u) * du)
    }
    /// The derivative peaks at about 1.129 (x ≈ 1.5).
    fn max_df(_alpha: f32) -> f32 {
        1.129
    }
}

/// Swish (SiLU), x·σ(x).
pub struct Swish;
impl Rule for Swish {
    const KINK_AT_ZERO: bool = false;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        x * sigmoid(x)
    }
    fn df<T: Real>(x: T, _alpha: T) -> T {
        let s = sigmoid(x);
        s + x * s * (T::lit(1.0) - s)
    }
    /// The derivative peaks at about 1.0998 (x ≈ 2.4).
    fn max_df(_alpha: f32) -> f32 {
        1.0998
    }
}

pub struct Linear;
impl Rule for Linear {
    const KINK_AT_ZERO: bool = false;
    fn f<T: Real>(x: T, _alpha: T) -> T {
        x
    }
    fn df<T: Real>(_x: T, _alpha: T) -> T {
        T::lit(1.0)
    }
    fn max_df(_alpha: f32) -> f32 {
        1.0
    }
}

/// ReLU forward, slope α (default 0.1) backward for x ≤ 0: a surrogate gradient, so no unit's
/// gradient is ever exactly zero and no unit stays dead.
pub struct Necro;
impl Rule for Necro {
    const ALPHA: Option<f32> = Some(0.1);
    const KINK_AT_ZERO: bool = true;
    fn f<T: Real>(x: T, alpha: T) -> T {
        Relu::f(x, alpha)
    }
    fn df<T: Real>(x: T, alpha: T) -> T {
        Leaky::df(x, alpha)
    }
    fn max_df(alpha: f32) -> f32 {
        alpha.abs().max(1.0)
    }
    fn he_slope(alpha: f32) -> f32 {
        alpha
    }
}
