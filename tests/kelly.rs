//! The Kelly market: equal to the Bayesian mixture under full Kelly, a
//! worked fractional-Kelly example, bankruptcy, errors and the laws.

mod tier;

use inductive::adapters::Mixture;
use inductive::laws;
use inductive::market::KellyMarket;
use inductive::prelude::*;
use inductive::sources::Bernoulli;
use proptest::prelude::*;

fn panel() -> Vec<Box<dyn Predictor>> {
    vec![
        Kt::new().boxed(),
        Ctw::new(2).unwrap().boxed(),
        Ctw::new(6).unwrap().boxed(),
        Kt::with_pseudo_count(3.0).unwrap().boxed(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Beygelzimer, Langford & Pennock (2012): full Kelly bettors' market
    /// price is the Bayesian mixture of their beliefs.
    #[test]
    fn full_kelly_is_the_bayesian_mixture(
        bits in laws::bits(300),
        wealth in prop::collection::vec(0.01f64..5.0, 4),
    ) {
        let mut market = KellyMarket::new(panel(), wealth.clone(), 1.0).unwrap();
        let mut mixture = Mixture::new(panel(), wealth).unwrap();
        for &bit in &bits {
            prop_assert!((market.predict() - mixture.predict()).abs() < 1e-12);
            market.update(bit);
            mixture.update(bit);
        }
        for (a, b) in market.wealth().iter().zip(mixture.posterior()) {
            prop_assert!((a - b).abs() < 1e-12);
        }
    }
}

#[test]
fn half_kelly_matches_a_worked_example() {
    // Coins 0.9 and 0.1, equal wealth, λ = 1/2. Price 1/2; after a 1 the
    // bettors act on beliefs ½·0.9 + ½·½ = 0.7 and ½·0.1 + ½·½ = 0.3, so
    // their wealth shares become 0.7 and 0.3 and the price 0.7·0.9 + 0.3·0.1.
    let coins = vec![Bernoulli::new(0.9).unwrap(), Bernoulli::new(0.1).unwrap()];
    let mut market = KellyMarket::new(coins, vec![1.0, 1.0], 0.5).unwrap();
    assert_eq!(market.predict(), 0.5);
    market.update(true);
    let wealth = market.wealth();
    assert!((wealth[0] - 0.7).abs() < 1e-15 && (wealth[1] - 0.3).abs() < 1e-15);
    assert!((market.predict() - 0.66).abs() < 1e-15);
}

#[test]
fn a_market_of_sure_losers_goes_bankrupt_not_nan() {
    let sure = vec![Bernoulli::new(1.0).unwrap(), Bernoulli::new(1.0).unwrap()];
    let mut market = KellyMarket::new(sure, vec![1.0, 2.0], 0.3).unwrap();
    assert_eq!(market.observe_bit(false), f64::INFINITY);
    assert!(market.is_bankrupt());
    assert_eq!(market.predict(), 0.5);
}

#[test]
fn refuses_bad_markets() {
    let none: Vec<Kt> = Vec::new();
    assert!(KellyMarket::new(none, vec![], 1.0).is_err());
    assert!(KellyMarket::new(vec![Kt::new()], vec![1.0, 2.0], 1.0).is_err());
    for wealth in [vec![0.0], vec![-1.0], vec![f64::NAN]] {
        assert!(KellyMarket::new(vec![Kt::new()], wealth, 1.0).is_err());
    }
    for lambda in [0.0, 1.5, f64::NAN] {
        assert!(KellyMarket::new(vec![Kt::new()], vec![1.0], lambda).is_err());
    }
}

#[test]
fn obeys_the_laws() {
    for lambda in [1.0, 0.25] {
        laws::check(|| {
            KellyMarket::new(
                vec![
                    Ctw::new(1).unwrap(),
                    Ctw::new(4).unwrap(),
                    Ctw::new(8).unwrap(),
                ],
                vec![1.0, 2.0, 3.0],
                lambda,
            )
            .unwrap()
        });
    }
}
