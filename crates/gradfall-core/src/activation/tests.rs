use super::*;

/// Every derivative (except the necro surrogate) agrees with a central difference of f in f64.
#[test]
fn derivatives_match_finite_differences() {
    let h = 1e-6;
    for &act in Activation::VARIANTS {
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
    for &act in Activation::VARIANTS {
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
    for &act in Activation::VARIANTS {
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
    for &act in Activation::VARIANTS {
        for x in [-1e4f32, -100.0, 100.0, 1e4] {
            let alpha = act.default_alpha();
            assert!(act.df(x, alpha).is_finite(), "{act:?} f'({x})");
            if !matches!(act, Activation::Linear | Activation::Relu | Activation::Abs) {
                let _ = act.f(x, alpha);
            }
        }
    }
}

/// Every rule whose f′ jumps at 0 declares the kink (the theory's quadrature splits there).
#[test]
fn kink_flags_match_the_derivatives() {
    for &act in Activation::VARIANTS {
        let alpha = act.default_alpha() as f64;
        let jump = (act.df(1e-9, alpha) - act.df(-1e-9, alpha)).abs();
        assert!(
            jump < 1e-6 || act.has_kink_at_zero(),
            "{act:?} declares no kink but f′ jumps by {jump} at 0"
        );
    }
}

/// He's slope is the negative-side slope of f′ for the leaky family, and 0 otherwise.
#[test]
fn he_slope_is_the_negative_side_slope_of_the_leaky_family() {
    for &act in Activation::VARIANTS {
        let alpha = act.default_alpha();
        let slope = act.he_slope(alpha);
        if slope != 0.0 {
            assert_eq!(act.df(-1.0f32, alpha), slope, "{act:?}");
            assert_eq!(act.df(1.0f32, alpha), 1.0, "{act:?}");
        }
    }
    assert_eq!(Activation::Leaky.he_slope(0.3), 0.3);
    assert_eq!(Activation::Relu.he_slope(0.3), 0.0);
    assert_eq!(Activation::Elu.he_slope(0.3), 0.0);
}
