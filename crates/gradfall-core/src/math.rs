//! The one implementation of every transcendental function the engine uses: [`Real`].
//!
//! The platform's `exp`, `ln`, `tanh`, … (what `f32::exp` and friends call) differ in their
//! last bits between operating systems, CPUs and the browser's WebAssembly, and deep networks
//! amplify a last-bit difference until two runs are unrelated. Everything here therefore comes
//! from the pure-Rust `libm` crate, which computes the same bits on every target, so one query
//! gives one run natively and in wasm. `sqrt` is exempt: IEEE 754 requires it to be correctly
//! rounded, so `f32::sqrt`/`f64::sqrt` give the same bits everywhere. So are `abs`, `min`,
//! `max`, `powi(2)` (one multiplication) and the arithmetic operators.
//!
//! The activations are written once, generic over [`Real`], so the f32 trainer and the f64
//! references (the mean-field theory, the finite-difference tests) evaluate the very same
//! formulas. Non-generic code calls the free functions ([`exp`], [`ln`], …).

/// The float operations the engine's formulas need; implemented for `f32` and `f64`, every
/// transcendental one by `libm`.
pub trait Real:
    Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    /// A constant, rounded to `Self`.
    fn lit(x: f64) -> Self;
    fn exp(self) -> Self;
    /// ln(1 + x), accurate for small x.
    fn ln_1p(self) -> Self;
    fn ln(self) -> Self;
    fn log10(self) -> Self;
    fn tanh(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    /// |x| (exact: clears the sign bit).
    fn abs(self) -> Self;
}

macro_rules! impl_real {
    ($t:ty, $exp:path, $log1p:path, $log:path, $log10:path, $tanh:path, $sin:path, $cos:path) => {
        impl Real for $t {
            #[inline]
            fn lit(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn exp(self) -> Self {
                $exp(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                $log1p(self)
            }
            #[inline]
            fn ln(self) -> Self {
                $log(self)
            }
            #[inline]
            fn log10(self) -> Self {
                $log10(self)
            }
            #[inline]
            fn tanh(self) -> Self {
                $tanh(self)
            }
            #[inline]
            fn sin(self) -> Self {
                $sin(self)
            }
            #[inline]
            fn cos(self) -> Self {
                $cos(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
        }
    };
}
impl_real!(
    f32,
    libm::expf,
    libm::log1pf,
    libm::logf,
    libm::log10f,
    libm::tanhf,
    libm::sinf,
    libm::cosf
);
impl_real!(
    f64,
    libm::exp,
    libm::log1p,
    libm::log,
    libm::log10,
    libm::tanh,
    libm::sin,
    libm::cos
);

/// eˣ (libm).
#[inline]
pub fn exp<T: Real>(x: T) -> T {
    x.exp()
}

/// The natural logarithm (libm).
#[inline]
pub fn ln<T: Real>(x: T) -> T {
    x.ln()
}

/// The base-10 logarithm (libm).
#[inline]
pub fn log10<T: Real>(x: T) -> T {
    x.log10()
}

/// sin x (libm).
#[inline]
pub fn sin<T: Real>(x: T) -> T {
    x.sin()
}

/// cos x (libm).
#[inline]
pub fn cos<T: Real>(x: T) -> T {
    x.cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libm is the same mathematics as the platform's library, pinned to one implementation:
    /// the two agree to a few ulps (in f64, and in f32 against the f64 value).
    #[test]
    fn agrees_with_the_platform_to_a_few_ulps() {
        let close = |a: f64, b: f64, eps: f64| (a - b).abs() <= 4.0 * eps * b.abs().max(1e-30);
        for i in -50..=50 {
            let x = i as f64 * 0.37 + 0.011;
            let y = x.abs() + 0.1;
            let pairs = [
                (exp(x), x.exp()),
                (Real::tanh(x), x.tanh()),
                (sin(x), x.sin()),
                (cos(x), x.cos()),
                (ln(y), y.ln()),
                (log10(y), y.log10()),
                (Real::ln_1p(y), y.ln_1p()),
            ];
            for (k, (ours, platform)) in pairs.into_iter().enumerate() {
                assert!(close(ours, platform, f64::EPSILON), "function {k} at {x}");
            }
            let (xf, yf) = (x as f32, y as f32);
            let pairs = [
                (exp(xf), (xf as f64).exp()),
                (Real::tanh(xf), (xf as f64).tanh()),
                (ln(yf), (yf as f64).ln()),
                (log10(yf), (yf as f64).log10()),
                (Real::ln_1p(yf), (yf as f64).ln_1p()),
            ];
            for (k, (ours, exact)) in pairs.into_iter().enumerate() {
                assert!(
                    close(ours as f64, exact, f32::EPSILON as f64),
                    "f32 function {k} at {x}"
                );
            }
        }
    }
}
