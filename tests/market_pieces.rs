//! Property tests of the pieces the market is built on: the language and
//! its knowledge of worlds, the market maker, and the best-case gain.

mod tier;

use proptest::prelude::*;

use inductive::market::{Knowledge, Language, MarketMaker, Sentence, worst_case_gain};

#[derive(Clone, Debug)]
enum Expr {
    Atom(u8),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Implies(Box<Expr>, Box<Expr>),
}

fn expr(atoms: u8) -> impl Strategy<Value = Expr> {
    let leaf = (0..atoms).prop_map(Expr::Atom);
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Expr::Implies(Box::new(a), Box::new(b))),
        ]
    })
}

fn build(lang: &mut Language, e: &Expr) -> Sentence {
    match e {
        Expr::Atom(i) => lang.atom(&format!("a{i}")).unwrap(),
        Expr::Not(x) => {
            let x = build(lang, x);
            lang.not(x).unwrap()
        }
        Expr::And(x, y) => {
            let (x, y) = (build(lang, x), build(lang, y));
            lang.and(x, y).unwrap()
        }
        Expr::Or(x, y) => {
            let (x, y) = (build(lang, x), build(lang, y));
            lang.or(x, y).unwrap()
        }
        Expr::Implies(x, y) => {
            let (x, y) = (build(lang, x), build(lang, y));
            lang.implies(x, y).unwrap()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(200)))]

    /// Display then parse gives back the same sentence.
    #[test]
    fn sentences_round_trip_through_text(e in expr(4)) {
        let mut lang = Language::new();
        let s = build(&mut lang, &e);
        let text = lang.display(s).to_string();
        prop_assert_eq!(lang.parse(&text).unwrap(), s, "{}", text);
    }

    /// The grouped enumeration of consistent worlds equals a brute force
    /// over every assignment of the atoms (sentences the known ones
    /// contradict are skipped, as `add` refuses them).
    #[test]
    fn value_ranges_match_a_brute_force(
        known in prop::collection::vec(expr(6), 0..4),
        portfolio in prop::collection::vec((expr(6), -3.0f64..3.0), 1..5),
    ) {
        let mut lang = Language::new();
        for i in 0..6 {
            lang.atom(&format!("a{i}")).unwrap();
        }
        let mut knowledge = Knowledge::new();
        let mut accepted = Vec::new();
        for e in &known {
            let s = build(&mut lang, e);
            if knowledge.add(&lang, s).is_ok() {
                accepted.push(s);
            }
        }
        let portfolio: Vec<(Sentence, f64)> = portfolio.iter().map(|(e, c)| (build(&mut lang, e), *c)).collect();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for mask in 0u32..1 << 6 {
            let mut world = |a: inductive::market::Atom| mask >> a.index() & 1 == 1;
            if accepted.iter().all(|&k| lang.evaluate(k, &mut world)) {
                let v: f64 = portfolio.iter().filter(|&&(s, _)| lang.evaluate(s, &mut world)).map(|&(_, c)| c).sum();
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        let (min, max) = knowledge.value_range(&lang, &portfolio).unwrap();
        prop_assert!((min - lo).abs() < 1e-9 && (max - hi).abs() < 1e-9, "{} {} vs {} {}", min, max, lo, hi);
    }

    /// For coupled, saturating, decreasing strategies
    /// `F(P) = clip(b − (D + u uᵀ) P, −c, c)`, the maker finds prices in
    /// [0, 1] that pass the acceptance test.
    #[test]
    fn the_market_maker_clears_coupled_strategies(
        n in 1usize..6,
        seed in prop::collection::vec((-2.0f64..3.0, 0.1f64..5.0, -1.0f64..1.0, 0.2f64..3.0), 6),
    ) {
        let maker = MarketMaker::new(1e-10).unwrap();
        let coef = &seed[..n];
        let strategy = |p: &[f64], f: &mut [f64]| {
            let dot: f64 = coef.iter().zip(p).map(|(c, &x)| c.2 * x).sum();
            for i in 0..n {
                let (b, d, u, cap) = coef[i];
                f[i] = (b - d * p[i] - u * dot).clamp(-cap, cap);
            }
            Ok(())
        };
        let clearing = maker.clear(n, strategy).unwrap();
        let mut shares = vec![0.0; n];
        strategy(&clearing.prices, &mut shares).unwrap();
        prop_assert!(clearing.prices.iter().all(|p| (0.0..=1.0).contains(p)));
        prop_assert!(worst_case_gain(&shares, &clearing.prices) <= 1e-10);
    }
}

/// A logical inductor as an agent's world model: bits it holds without
/// pricing them (the agent's actions) reach the traders made with
/// `PredictorTrader::conditional`, each in its place in the sequence.
mod held_bits {
    use inductive::agent::Conditional;
    use inductive::baseline::MarkovKt;
    use inductive::market::{LogicalInductor, PredictorTrader};
    use inductive::prelude::*;
    use proptest::prelude::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Each priced bit is the complement of a random held bit just before
    /// it: an order-1 trader that reads held bits learns it; the same
    /// trader without them sees a fair coin.
    #[test]
    fn held_bits_reach_conditional_traders_only() {
        let run = |conditional: bool| {
            let trader = if conditional {
                PredictorTrader::conditional(MarkovKt::new(1).unwrap(), 10.0)
            } else {
                PredictorTrader::new(MarkovKt::new(1).unwrap(), 10.0)
            };
            let mut li = LogicalInductor::new(vec![Box::new(trader.unwrap())]).unwrap();
            let mut rng = ChaCha8Rng::seed_from_u64(3);
            for _ in 0..200 {
                let held = rng.random_bool(0.5);
                li.condition(held);
                li.update(!held);
            }
            li.condition(true);
            let after_one = li.predict();
            li.update(false);
            li.condition(false);
            (after_one, li.predict())
        };
        let (after_one, after_zero) = run(true);
        assert!(
            after_one < 0.05 && after_zero > 0.95,
            "{after_one}, {after_zero}"
        );
        let (after_one, after_zero) = run(false);
        assert!(
            (after_one - after_zero).abs() < 0.1,
            "{after_one}, {after_zero}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::tier::cases(256)))]

        /// With one trader the market clears at its belief: after any mix
        /// of priced and held bits the inductor predicts what the trader's
        /// predictor, run alone on the same bits, predicts.
        #[test]
        fn one_trader_prices_its_own_belief(
            ops in prop::collection::vec((any::<bool>(), any::<bool>()), 0..80),
        ) {
            let mut alone = Ctw::new(3).unwrap();
            let mut li = LogicalInductor::from_conditional_predictors(vec![alone.clone()], 10.0).unwrap();
            for &(bit, priced) in &ops {
                if priced {
                    alone.update(bit);
                    li.update(bit);
                } else {
                    alone.condition(bit);
                    li.condition(bit);
                }
                prop_assert!((li.predict() - alone.predict()).abs() < 1e-4,
                    "{} vs {}", li.predict(), alone.predict());
            }
        }
    }
}
