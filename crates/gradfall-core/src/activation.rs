//! Activations and their local derivatives (each operation knows its own derivative).
//!
//! Written once, generic over [`Real`], so the f32 trainer and the f64 references used by the
//! finite-difference tests evaluate the very same formulas.

pub use crate::config::Activation;

/// The float operations the activations need; implemented for `f32` and `f64`.
pub trait Real:
    Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    fn lit(x: f64) -> Self;
    fn exp(self) -> Self;
    fn ln_1p(self) -> Self;
    fn tanh(self) -> Self;
    fn abs(self) -> Self;
}

macro_rules! impl_real {
    ($t:ty) => {
        impl Real for $t {
            #[inline]
            fn lit(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline]
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
        }
    };
}
impl_real!(f32);
impl_real!(f64);

/// SELU's fixed constants (Klambauer et al. 2017).
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
/// √(2/π), for the tanh form of GELU.
const GELU_C: f64 = 0.797_884_560_802_865_4;
const GELU_K: f64 = 0.044_715;

#[inline]
fn sigmoid<T: Real>(x: T) -> T {
    // Stable for large |x|: never exponentiate a large positive number.
    let one = T::lit(1.0);
    if x >= T::lit(0.0) {
        one / (one + (-x).exp())
    } else {
        let e = x.exp();
        e / (one + e)
    }
}

impl Activation {
    /// Every activation, in the order of DESIGN's table.
    pub const ALL: [Activation; 13] = [
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Leaky,
        Activation::Prelu,
        Activation::Elu,
        Activation::Selu,
        Activation::Softplus,
        Activation::Abs,
        Activation::Gelu,
        Activation::Swish,
        Activation::Linear,
        Activation::Necro,
    ];

    /// Default of the `alpha` key: the negative-side slope (leaky 0.01, necro 0.1, PReLU's
    /// initial 0.25) or ELU's α (1). Unused by the others.
    pub fn default_alpha(self) -> f32 {
        match self {
            Activation::Leaky => 0.01,
            Activation::Necro => 0.1,
            Activation::Prelu => 0.25,
            Activation::Elu => 1.0,
            _ => 0.0,
        }
    }

    /// Whether `alpha` means anything for this activation.
    pub fn uses_alpha(self) -> bool {
        matches!(
            self,
            Activation::Leaky | Activation::Necro | Activation::Prelu | Activation::Elu
        )
    }

    /// f(x). For PReLU `alpha` is the layer's current (learned) slope.
    #[inline]
    pub fn f<T: Real>(self, x: T, alpha: T) -> T {
        let zero = T::lit(0.0);
        let one = T::lit(1.0);
        match self {
            Activation::Relu | Activation::Necro => {
                if x > zero {
                    x
                } else {
                    zero
                }
            }
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::Leaky | Activation::Prelu => {
                if x > zero {
                    x
                } else {
                    alpha * x
                }
            }
            Activation::Elu => {
                if x > zero {
                    x
                } else {
                    alpha * (x.exp() - one)
                }
            }
            Activation::Selu => {
                let l = T::lit(SELU_LAMBDA);
                if x > zero {
                    l * x
                } else {
                    l * T::lit(SELU_ALPHA) * (x.exp() - one)
                }
            }
            // ln(1 + e^x) = max(x, 0) + ln(1 + e^{-|x|}): no overflow.
            Activation::Softplus => {
                let m = if x > zero { x } else { zero };
                m + (-x.abs()).exp().ln_1p()
            }
            Activation::Abs => x.abs(),
            Activation::Gelu => {
                let u = T::lit(GELU_C) * (x + T::lit(GELU_K) * x * x * x);
                T::lit(0.5) * x * (one + u.tanh())
            }
            Activation::Swish => x * sigmoid(x),
            Activation::Linear => x,
        }
    }

    /// The derivative used by back-propagation, f'(x).
    ///
    /// For `Necro` this is the surrogate: ReLU forward, slope `alpha` backward for x ≤ 0,
    /// so no unit's gradient is ever exactly zero. At the kinks (x = 0) ReLU-like functions
    /// take the left derivative (0 for ReLU, α for leaky), as frameworks do; `abs` takes +1.
    #[inline]
    pub fn df<T: Real>(self, x: T, alpha: T) -> T {
        let zero = T::lit(0.0);
        let one = T::lit(1.0);
        match self {
            Activation::Relu => {
                if x > zero {
                    one
                } else {
                    zero
                }
            }
            Activation::Necro | Activation::Leaky | Activation::Prelu => {
                if x > zero {
                    one
                } else {
                    alpha
                }
            }
            // Implementations write these from the output, s·(1 − s) and 1 − h²; in f32 that
            // is exactly 0 once the output rounds to 1 (x > 16.6 for sigmoid, |x| > 9 for tanh)
            // and made a saturated unit look dead. The same values from e = e^{−|x|} keep their
            // precision: σ' = e/(1 + e)², tanh' = 4e²/(1 + e²)².
            Activation::Sigmoid => {
                let e = (-x.abs()).exp();
                e / ((one + e) * (one + e))
            }
            Activation::Tanh => {
                let e2 = (T::lit(-2.0) * x.abs()).exp();
                T::lit(4.0) * e2 / ((one + e2) * (one + e2))
            }
            Activation::Elu => {
                if x > zero {
                    one
                } else {
                    alpha * x.exp()
                }
            }
            Activation::Selu => {
                let l = T::lit(SELU_LAMBDA);
                if x > zero {
                    l
                } else {
                    l * T::lit(SELU_ALPHA) * x.exp()
                }
            }
            Activation::Softplus => sigmoid(x),
            Activation::Abs => {
                if x >= zero {
                    one
                } else {
                    -one
                }
            }
            Activation::Gelu => {
                let x2 = x * x;
                let u = T::lit(GELU_C) * (x + T::lit(GELU_K) * x2 * x);
                let du = T::lit(GELU_C) * (one + T::lit(3.0 * GELU_K) * x2);
                // ½(1 + tanh u) = σ(2u) and ½(1 − tanh² u) = 2σ(2u)σ(−2u): no 1 − 1 in the tails.
                let s = sigmoid(T::lit(2.0) * u);
                s * (one + T::lit(2.0) * x * sigmoid(T::lit(-2.0) * u) * du)
            }
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (one - s)
            }
            Activation::Linear => one,
        }
    }

    /// ∂f/∂alpha, for learning PReLU's slope (zero for the others).
    #[inline]
    pub fn df_dalpha<T: Real>(self, x: T) -> T {
        match self {
            Activation::Prelu if x <= T::lit(0.0) => x,
            _ => T::lit(0.0),
        }
    }

    /// The largest |f'(x)| over x, the reference for `sat_frac` ("f' below 5 % of its max").
    pub fn max_df(self, alpha: f32) -> f32 {
        match self {
            Activation::Sigmoid => 0.25,
            Activation::Selu => SELU_LAMBDA as f32 * (SELU_ALPHA as f32).max(1.0),
            Activation::Elu => alpha.abs().max(1.0),
            Activation::Leaky | Activation::Prelu | Activation::Necro => alpha.abs().max(1.0),
            // GELU's derivative peaks at about 1.129 (x ≈ 1.5); swish's at about 1.0998 (x ≈ 2.4).
            Activation::Gelu => 1.129,
            Activation::Swish => 1.0998,
            _ => 1.0,
        }
    }

    /// The URL value (`relu`, `sigmoid`, …).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Leaky => "leaky",
            Activation::Prelu => "prelu",
            Activation::Elu => "elu",
            Activation::Selu => "selu",
            Activation::Softplus => "softplus",
            Activation::Abs => "abs",
            Activation::Gelu => "gelu",
            Activation::Swish => "swish",
            Activation::Linear => "linear",
            Activation::Necro => "necro",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every derivative (except the necro surrogate) agrees with a central difference of f in f64.
    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-6;
        for act in Activation::ALL {
            if act == Activation::Necro {
                continue;
            }
            let alpha = act.default_alpha() as f64;
            for i in -40..=40 {
                let x = i as f64 * 0.173 + 0.0123; // avoid the kinks at 0
                let fd = (act.f(x + h, alpha) - act.f(x - h, alpha)) / (2.0 * h);
                let an = act.df(x, alpha);
                assert!(
                    (fd - an).abs() < 1e-6 * (1.0 + an.abs()),
                    "{act:?} at {x}: fd {fd} vs {an}"
                );
            }
        }
    }

    /// In f32 every derivative keeps its relative precision far into the tails, where a
    /// saturated unit's derivative is tiny but not 0 (only ReLU-like units can die).
    #[test]
    fn f32_derivatives_keep_their_precision_in_the_tails() {
        for act in Activation::ALL {
            let alpha = act.default_alpha();
            for i in 0..=50 {
                for x in [5.0 + 0.5 * i as f64, -5.0 - 0.5 * i as f64] {
                    let exact = act.df(x, alpha as f64);
                    let got = act.df(x as f32, alpha) as f64;
                    assert!(
                        (got - exact).abs() <= 1e-5 * exact.abs() + 1e-37,
                        "{act:?} at {x}: f32 {got:e} vs f64 {exact:e}"
                    );
                }
            }
        }
    }

    #[test]
    fn necro_is_relu_forward_leaky_backward() {
        for x in [-3.0f64, -0.5, 0.5, 2.0] {
            assert_eq!(Activation::Necro.f(x, 0.1), Activation::Relu.f(x, 0.0));
            assert_eq!(
                Activation::Necro.df(x, 0.1),
                if x > 0.0 { 1.0 } else { 0.1 }
            );
        }
    }

    #[test]
    fn prelu_slope_derivative() {
        let h = 1e-6;
        for x in [-2.0f64, -0.3, 0.4, 1.5] {
            let a = 0.25;
            let fd = (Activation::Prelu.f(x, a + h) - Activation::Prelu.f(x, a - h)) / (2.0 * h);
            assert!((fd - Activation::Prelu.df_dalpha(x)).abs() < 1e-8);
        }
    }

    #[test]
    fn max_df_is_an_upper_bound() {
        for act in Activation::ALL {
            let alpha = act.default_alpha();
            let m = act.max_df(alpha);
            let mut seen = 0.0f32;
            for i in -2000..=2000 {
                let x = i as f32 * 0.005;
                seen = seen.max(act.df(x, alpha).abs());
            }
            assert!(seen <= m * 1.001, "{act:?}: seen {seen} > {m}");
            assert!(seen >= m * 0.99, "{act:?}: max {m} never reached ({seen})");
        }
    }

    #[test]
    fn no_overflow_at_extremes() {
        for act in Activation::ALL {
            for x in [-1e4f32, -100.0, 100.0, 1e4] {
                let alpha = act.default_alpha();
                assert!(act.df(x, alpha).is_finite(), "{act:?} f'({x})");
                if !matches!(act, Activation::Linear | Activation::Relu | Activation::Abs) {
                    let _ = act.f(x, alpha);
                }
            }
        }
    }
}
