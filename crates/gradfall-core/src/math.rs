//! The float operations the engine's formulas need, for `f32` and `f64`: [`Real`].
//!
//! The activations are written once, generic over [`Real`], so the f32 trainer and the f64
//! references (the mean-field theory, the finite-difference tests) evaluate the very same
//! formulas.

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
    /// A constant, rounded to `Self`.
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
