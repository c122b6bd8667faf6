//! The logical inductor (LIA): invariants I1–I6 of the market's docs on
//! every day of every run, the behaviours of the paper's §4 each with an
//! ablation that fails, the laws, and bad input.

use inductive::laws;
use inductive::prelude::*;

use inductive::market::setups::{digit_atom_name, digit_market, extremes_first};
use inductive::market::{
    Arbitrageur, Budgeting, ConvergenceTrader, Daily, Delayed, Language, LogicalInductor, Market,
    MarketConfig, NonDogmatist, PredictorTrader, PriceDependent, Sentence, Targets, TowardPrice,
    Trader, TradingDay,
};
use inductive::sources::pi_decimal_digits;

/// Runs one day and checks the invariants that hold on every day.
fn step_audited(market: &mut Market) {
    market.step().unwrap();
    // I1: the firm's total best-case gain stays below 2^-precision·(1 + n·2^-26).
    let cap = (-f64::from(market.config().precision)).exp2()
        * (1.0 + market.day() as f64 * (-26f64).exp2());
    assert_eq!(market.gain_bound(market.day()), cap);
    assert!(market.firm_gain() < cap, "I1: {}", market.firm_gain());
    for (_, account) in market.traders() {
        // I2: every budgeted copy keeps its plausible value ≥ −b.
        for frozen in account.frozen_budgets() {
            assert!(
                frozen.min_value >= -f64::from(frozen.budget) - 1e-9,
                "I2: day {} {frozen:?}",
                market.day()
            );
            assert!(frozen.scale > 0.0 && frozen.scale <= 1.0);
        }
        // I3: trader k's plausible value ≤ 2^(k+b*)·(Σ 2^-i + 2).
        if market.config().budgeting == Budgeting::Plausible {
            let b_star = account.worst_loss().floor() + 1.0;
            let bound = (f64::from(account.index()) + b_star).exp2() * (market.firm_gain() + 2.0);
            assert!(
                account.plausible_range().1 <= bound,
                "I3: {} > {bound}",
                account.plausible_range().1
            );
        }
    }
}

fn atom(market: &mut Market, name: &str) -> Sentence {
    market.language_mut().atom(name).unwrap()
}

fn config(budgeting: Budgeting) -> MarketConfig {
    MarketConfig {
        budgeting,
        ..MarketConfig::default()
    }
}

/// Mean of `f(day)` over days `from..=to`.
fn mean(from: u64, to: u64, f: impl Fn(u64) -> f64) -> f64 {
    (from..=to).map(f).sum::<f64>() / (to - from + 1) as f64
}

fn pi_market_prices(days: u64, budgeting: Budgeting, extra_budgets: u32) -> Vec<f64> {
    let digits = pi_decimal_digits(days as usize).unwrap();
    let config = MarketConfig {
        budgeting,
        extra_budgets,
        ..MarketConfig::default()
    };
    let mut market = digit_market(digits, 7, &extremes_first(), 10.0, config).unwrap();
    let mut prices = Vec::new();
    for day in 1..=days {
        step_audited(&mut market);
        let phi = atom(&mut market, &digit_atom_name(day, 7));
        prices.push(market.price(phi).unwrap());
    }
    prices
}

/// Theorem 4.4.2: the price of "digit n of π is 7", before it is revealed,
/// approaches the frequency of 7s; without the budgeter the traders first in
/// the enumeration (0.95, 0.05, …) keep it far off.
#[test]
fn learns_the_frequency_of_sevens_in_pi() {
    let days = 1500;
    let digits = pi_decimal_digits(days).unwrap();
    let freq = digits.iter().filter(|&&d| d == 7).count() as f64 / days as f64;
    let lia = pi_market_prices(days as u64, Budgeting::Plausible, 0);
    let late = mean(1001, 1500, |d| lia[d as usize - 1]);
    assert!((late - freq).abs() < 0.03, "LIA {late} vs frequency {freq}");
    let ablated = pi_market_prices(days as u64, Budgeting::Off, 0);
    let late_ablated = mean(1001, 1500, |d| ablated[d as usize - 1]);
    assert!(
        (late_ablated - freq).abs() > 0.5,
        "no budgeter {late_ablated}"
    );
}

/// I6: handling more budgets explicitly (they scale by exactly 1) changes
/// no price.
#[test]
fn raising_the_budget_cutoff_changes_nothing() {
    let base = pi_market_prices(300, Budgeting::Plausible, 0);
    let more = pi_market_prices(300, Budgeting::Plausible, 6);
    for (day, (a, b)) in base.iter().zip(&more).enumerate() {
        assert!((a - b).abs() < 1e-12, "day {}: {a} vs {b}", day + 1);
    }
}

/// A market where "exactly one of A_n, B_n, C_n" is known each day and the
/// truth is never revealed; traders push each of the three toward ½, and an
/// arbitrageur comes last.
fn exclusive_market(budgeting: Budgeting) -> (Market, Vec<[Sentence; 3]>) {
    let mut market = Market::with_config(config(budgeting)).unwrap();
    let letter = |l: &'static str| {
        Targets::daily(move |day, lang| Ok(vec![lang.atom(&format!("{l}_{day}"))?]))
    };
    for l in ["A", "B", "C"] {
        market.add_trader(TowardPrice::new(letter(l), 0.5, 10.0).unwrap());
    }
    let group = || {
        Targets::daily(|day, lang| {
            ["A", "B", "C"]
                .iter()
                .map(|l| lang.atom(&format!("{l}_{day}")))
                .collect()
        })
    };
    market.add_trader(Arbitrageur::exactly_one(group(), 10.0).unwrap());
    market.add_deduction(Daily::new(Targets::daily(move |day, lang| {
        let s: Vec<Sentence> = ["A", "B", "C"]
            .iter()
            .map(|l| lang.atom(&format!("{l}_{day}")))
            .collect::<Result<_, _>>()?;
        Ok(vec![lang.exactly_one(&s)?])
    })));
    let mut days = Vec::new();
    for day in 1..=120u64 {
        step_audited(&mut market);
        let s = ["A", "B", "C"].map(|l| atom(&mut market, &format!("{l}_{day}")));
        days.push(s);
    }
    (market, days)
}

/// Theorem 4.5.1: the three prices sum to 1 against traders pushing each
/// toward ½, because pushing all three costs 1.5 for a sure payout of 1 in
/// every consistent world. A budgeter over all worlds (where all three can
/// be true) never sees that loss, and the prices stay incoherent.
#[test]
fn exclusive_exhaustive_prices_sum_to_one() {
    let sum = |market: &Market, s: &[Sentence; 3]| -> f64 {
        s.iter()
            .map(|&x| market.history().latest(x).unwrap().1)
            .sum()
    };
    let (market, days) = exclusive_market(Budgeting::Plausible);
    let late = mean(91, 120, |d| sum(&market, &days[d as usize - 1]));
    assert!((late - 1.0).abs() < 0.05, "sum of prices {late}");
    let (ablated, days) = exclusive_market(Budgeting::AllWorlds);
    let late_ablated = mean(91, 120, |d| sum(&ablated, &days[d as usize - 1]));
    assert!(
        (late_ablated - 1.0).abs() > 0.2,
        "all-worlds budgeter {late_ablated}"
    );
}

/// Pushes toward 0.9 on odd days and 0.1 on even days.
#[derive(Clone, Debug)]
struct Oscillator(Sentence);

impl Trader for Oscillator {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
        let target = if day.day() % 2 == 1 { 0.9 } else { 0.1 };
        let shares = day.features().toward(self.0, target, 10.0);
        day.buy(self.0, shares);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        "oscillator".into()
    }
}

fn oscillating_market(budgeting: Budgeting) -> Vec<f64> {
    let mut market = Market::with_config(config(budgeting)).unwrap();
    let phi = atom(&mut market, "phi");
    market.add_trader(Oscillator(phi));
    // Convergence traders on bands 0.1 wide, every 0.05 from 0.1 to 0.9.
    for i in 2..=17 {
        let low = f64::from(i) / 20.0;
        market.add_trader(ConvergenceTrader::new(phi, low, low + 0.1, 0.01).unwrap());
    }
    (0..300)
        .map(|_| {
            step_audited(&mut market);
            market.price(phi).unwrap()
        })
        .collect()
}

/// Theorem 4.1.1: prices of a sentence never decided converge, even with
/// a trader pushing them up and down on alternate days: each swing costs
/// it, its budgets run out, and the convergence traders of §6.1 take the
/// rest. With bands 0.1 wide, the swing settles to at most a band (finer
/// bands would narrow it further, more slowly). Without the budgeter, the
/// oscillation stays as wide as the oscillator wants.
#[test]
fn prices_converge_against_an_oscillating_trader() {
    let swing = |p: &[f64]| {
        (250..300)
            .map(|i| (p[i] - p[i - 1]).abs())
            .fold(0.0, f64::max)
    };
    let lia = oscillating_market(Budgeting::Plausible);
    assert!(swing(&lia) < 0.11, "LIA swing {}", swing(&lia));
    let ablated = oscillating_market(Budgeting::Off);
    assert!(
        swing(&ablated) > 0.3,
        "no-budgeter swing {}",
        swing(&ablated)
    );
}

fn provability_market(budgeting: Budgeting) -> Vec<f64> {
    let mut market = Market::with_config(config(budgeting)).unwrap();
    let theorem = |day: u64, lang: &mut Language| -> inductive::Result<Vec<Sentence>> {
        Ok(vec![lang.atom(&format!("thm_{day}"))?])
    };
    market.add_trader(TowardPrice::new(Targets::daily(theorem), 0.05, 10.0).unwrap());
    market.add_trader(TowardPrice::new(Targets::daily(theorem), 0.95, 10.0).unwrap());
    // Every thm_n is provable; the proof arrives 5 days after it is priced.
    market.add_deduction(Delayed::new(Daily::new(Targets::daily(theorem)), 5));
    (1..=200u64)
        .map(|day| {
            step_audited(&mut market);
            let s = atom(&mut market, &format!("thm_{day}"));
            market.price(s).unwrap()
        })
        .collect()
}

/// Theorem 4.2.1 (provability induction): sentences that are always proved
/// a few days later come to be priced near 1 before their proofs arrive.
/// Without the budgeter the doubter first in line keeps them cheap.
#[test]
fn provable_sentences_are_priced_near_one_before_their_proofs() {
    let lia = provability_market(Budgeting::Plausible);
    let late = mean(151, 200, |d| lia[d as usize - 1]);
    assert!(late > 0.9, "LIA {late}");
    let ablated = provability_market(Budgeting::Off);
    let late_ablated = mean(151, 200, |d| ablated[d as usize - 1]);
    assert!(late_ablated < 0.5, "no budgeter {late_ablated}");
}

/// Sells one share of a sentence every day, whatever it costs.
#[derive(Clone, Debug)]
struct Bear(Sentence);

impl Trader for Bear {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
        let minus_one = day.features().constant(-1.0);
        day.buy(self.0, minus_one);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        "bear".into()
    }
}

fn dogmatism_market(budgeting: Budgeting) -> f64 {
    let mut market = Market::with_config(config(budgeting)).unwrap();
    let phi = atom(&mut market, "phi");
    market.add_trader(Bear(phi));
    market.add_trader(NonDogmatist::new(Targets::fixed(vec![phi]), 0.1, 0.01).unwrap());
    for _ in 0..100 {
        step_audited(&mut market);
    }
    mean(81, 100, |d| market.history().price(d, phi).unwrap())
}

/// Theorem 4.6.2 (non-dogmatism): a sentence that might be true is not
/// priced at 0, even against a trader that sells it at any price. Without
/// the budgeter, the seller wins and the price is 0.
#[test]
fn undecided_sentences_are_not_priced_dogmatically() {
    let lia = dogmatism_market(Budgeting::Plausible);
    assert!(lia > 0.05, "LIA {lia}");
    let ablated = dogmatism_market(Budgeting::Off);
    assert!(ablated < 0.01, "no budgeter {ablated}");
}

fn paradox_market(budgeting: Budgeting) -> Vec<f64> {
    let mut market = Market::with_config(config(budgeting)).unwrap();
    let chi = |day: u64, lang: &mut Language| -> inductive::Result<Vec<Sentence>> {
        Ok(vec![lang.atom(&format!("chi_{day}"))?])
    };
    for p in [0.9, 0.1, 0.5] {
        market.add_trader(TowardPrice::new(Targets::daily(chi), p, 10.0).unwrap());
    }
    // χ_n := "P_n(χ_n) < 0.5", revealed the next day.
    market.add_deduction(PriceDependent::new(Targets::daily(chi), 0.5).unwrap());
    (1..=200u64)
        .map(|day| {
            step_audited(&mut market);
            let s = atom(&mut market, &format!("chi_{day}"));
            market.price(s).unwrap()
        })
        .collect()
}

/// Theorem 4.11.2 (paradox resistance): for χ_n := "P_n(χ_n) < p", prices
/// approach p. Without the budgeter, the first trader holds them near 0.9
/// and χ_n is false every day.
#[test]
fn paradoxical_sentences_are_priced_at_the_threshold() {
    let lia = paradox_market(Budgeting::Plausible);
    let late = mean(151, 200, |d| lia[d as usize - 1]);
    assert!((late - 0.5).abs() < 0.05, "LIA {late}");
    let ablated = paradox_market(Budgeting::Off);
    let late_ablated = mean(151, 200, |d| ablated[d as usize - 1]);
    assert!(
        (late_ablated - 0.5).abs() > 0.2,
        "no budgeter {late_ablated}"
    );
}

/// Buys `1 − 3P(φ)` shares of φ.
#[derive(Clone, Debug)]
struct Third(Sentence);

impl Trader for Third {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
        let f = day.features();
        let p = f.price(self.0);
        let three_p = f.scale(p, 3.0);
        let shares = f.sub_from(1.0, three_p);
        day.buy(self.0, shares);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        "1 − 3P".into()
    }
}

/// I4 through a whole market: the firm's weights scale the strategy, not
/// its zero, so `1 − 3P` clears at 1/3; a bear alone at 0; +1 and −1 on
/// the same sentence aggregate to no order (any price passes; ½).
#[test]
fn market_maker_prices_simple_strategies() {
    let mut market = Market::with_config(MarketConfig {
        precision: 40,
        ..MarketConfig::default()
    })
    .unwrap();
    let phi = atom(&mut market, "phi");
    market.add_trader(Third(phi));
    step_audited(&mut market);
    assert!((market.price(phi).unwrap() - 1.0 / 3.0).abs() < 1e-12);

    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    market.add_trader(Bear(phi));
    step_audited(&mut market);
    assert_eq!(market.price(phi), Some(0.0));

    /// Buys one share of φ and sells one in the same strategy.
    #[derive(Clone, Debug)]
    struct Hedger(Sentence);
    impl Trader for Hedger {
        fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
            let one = day.features().constant(1.0);
            let minus_one = day.features().constant(-1.0);
            day.buy(self.0, one);
            day.buy(self.0, minus_one);
            Ok(())
        }
        fn describe(&self, _: &Language) -> String {
            "hedger".into()
        }
    }
    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    market.add_trader(Hedger(phi));
    step_audited(&mut market);
    assert_eq!(market.price(phi), Some(0.5));
    let (_, account) = market.traders().next().unwrap();
    assert!(account.positions().is_empty());
    assert_eq!(account.cash(), 0.0);
}

/// I5 in a market: one share bought at about 0.1, then two at about 0.9 of a
/// sentence never decided. Valued at their own days' prices the worst case
/// is −1.9, so budget 1 is shut off and budget 2 is not (valued at today's
/// price it would be −2.7 and budget 2 would go too).
#[test]
fn trades_are_valued_at_their_own_days_prices() {
    /// Sets the price: buys 1000·(target − P).
    #[derive(Clone, Debug)]
    struct Setter(Sentence);
    impl Trader for Setter {
        fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
            let target = if day.day() == 1 { 0.1 } else { 0.9 };
            let f = day.features();
            let p = f.price(self.0);
            let gap = f.sub_from(target, p);
            let shares = f.scale(gap, 1000.0);
            day.buy(self.0, shares);
            Ok(())
        }
        fn describe(&self, _: &Language) -> String {
            "setter".into()
        }
    }
    #[derive(Clone, Debug)]
    struct Bull(Sentence);
    impl Trader for Bull {
        fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
            let one = day.features().constant(1.0);
            day.buy(self.0, one);
            Ok(())
        }
        fn describe(&self, _: &Language) -> String {
            "bull".into()
        }
    }
    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    market.add_trader(Setter(phi));
    market.add_trader(Bull(phi));
    for _ in 0..3 {
        step_audited(&mut market);
    }
    let (_, bull) = market.traders().nth(1).unwrap();
    let paid: f64 = (1..=3)
        .map(|d| market.history().price(d, phi).unwrap())
        .sum();
    assert!((bull.worst_loss() - paid).abs() < 1e-12);
    assert!(
        (bull.worst_loss() - 1.9).abs() < 0.01,
        "{}",
        bull.worst_loss()
    );
    let shut: Vec<u32> = bull.frozen_budgets().iter().map(|f| f.budget).collect();
    assert_eq!(shut, vec![1]);
}

#[test]
fn logical_inductor_obeys_the_laws() {
    laws::check(|| {
        LogicalInductor::new(vec![
            Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap()),
            Box::new(PredictorTrader::new(Ctw::new(3).unwrap(), 10.0).unwrap()),
        ])
        .unwrap()
    });
}

/// A market of predictors learns like its best trader: on a period-2
/// sequence the CTW trader's beliefs win and the price follows them.
#[test]
fn a_market_of_predictors_follows_the_best_one() {
    let mut li = LogicalInductor::new(vec![
        Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap()),
        Box::new(PredictorTrader::new(Ctw::new(4).unwrap(), 10.0).unwrap()),
    ])
    .unwrap();
    let bits: Vec<bool> = (0..200).map(|t| t % 2 == 0).collect();
    let code_length = li.observe(&bits[..150]);
    assert!(code_length < 100.0, "{code_length}");
    let late = li.observe(&bits[150..]);
    assert!(late < 10.0, "{late}");
    let top = li.explain(2);
    assert!(top[0].description.contains("Ctw"), "{top:?}");
    assert!(li.failure().is_none());
    let total: f64 = li.explain(10).iter().map(|h| h.weight).sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn refuses_bad_markets_and_traders() {
    // No traders.
    assert!(matches!(Market::new().step(), Err(Error::NoTraders)));
    assert!(matches!(
        LogicalInductor::new(vec![]),
        Err(Error::NoTraders)
    ));
    // Prices outside [0, 1], non-finite or non-positive parameters.
    let t = Targets::fixed(vec![]);
    assert!(TowardPrice::new(t.clone(), 1.5, 10.0).is_err());
    assert!(TowardPrice::new(t.clone(), -0.1, 10.0).is_err());
    assert!(TowardPrice::new(t.clone(), 0.5, f64::NAN).is_err());
    assert!(NonDogmatist::new(t.clone(), 0.7, 0.01).is_err());
    assert!(MarketConfig::default().precision > 0);
    assert!(
        Market::with_config(MarketConfig {
            precision: 0,
            ..MarketConfig::default()
        })
        .is_err()
    );
    // A sentence from another language.
    let mut other = Language::new();
    for i in 0..5 {
        other.atom(&format!("x{i}")).unwrap();
    }
    let foreign = other.atom("late").unwrap();
    assert!(matches!(
        Market::new().reveal(foreign),
        Err(Error::UnknownSentence { .. })
    ));
    // A deductive process that contradicts itself.
    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    let not_phi = market.language_mut().not(phi).unwrap();
    market.add_trader(Bear(phi));
    market.reveal(phi).unwrap();
    market.reveal(not_phi).unwrap();
    assert!(matches!(market.step(), Err(Error::Inconsistent { .. })));
}

/// A strategy that jumps (a δ far below f64 resolution) has no price.
#[derive(Clone, Debug)]
struct Cliff(Sentence);

impl Trader for Cliff {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
        let f = day.features();
        let p = f.price(self.0);
        let third = f.constant(0.3);
        let up = f.indicator(p, third, 1e-300)?;
        let twice = f.scale(up, -2.0);
        let shares = f.offset(twice, 1.0);
        day.buy(self.0, shares);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        "cliff".into()
    }
}

/// Non-finite constants in a strategy.
#[derive(Clone, Debug)]
struct Broken(Sentence);

impl Trader for Broken {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
        let nan = day.features().constant(f64::NAN);
        day.buy(self.0, nan);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        "broken".into()
    }
}

#[test]
fn discontinuous_or_non_finite_strategies_get_an_error_not_a_price() {
    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    market.add_trader(Cliff(phi));
    match market.step() {
        Err(Error::NoPrice {
            day,
            exposure,
            tolerance,
        }) => {
            assert_eq!(day, 1);
            assert!(exposure > tolerance);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(market.day(), 0);

    let mut market = Market::new();
    let phi = atom(&mut market, "phi");
    market.add_trader(Broken(phi));
    assert!(matches!(market.step(), Err(Error::NonFinite { .. })));

    // As a predictor, the inductor stops and says why.
    #[derive(Clone, Debug)]
    struct LateCliff;
    impl Trader for LateCliff {
        fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
            if day.day() >= 3 {
                let phi = day.language().atom("phi")?;
                Cliff(phi).trade(day)?;
            }
            Ok(())
        }
        fn describe(&self, _: &Language) -> String {
            "a cliff from day 3".into()
        }
    }
    let mut li = LogicalInductor::new(vec![
        Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap()),
        Box::new(LateCliff),
    ])
    .unwrap();
    li.update(true);
    assert!(li.failure().is_none());
    assert!(li.predict() > 0.5);
    li.update(true);
    assert!(
        matches!(li.failure(), Some(Error::NoPrice { day: 3, .. })),
        "{:?}",
        li.failure()
    );
    assert_eq!(li.predict(), 0.5);
    li.update(true);
    assert_eq!(li.market().day(), 2);
}

/// Shares settle when a sentence becomes decided, also through a known
/// constraint: with "exactly one of A, B, C" known, revealing A decides B.
#[test]
fn positions_settle_when_decided_through_constraints() {
    #[derive(Clone, Debug)]
    struct BuysB;
    impl Trader for BuysB {
        fn trade(&mut self, day: &mut TradingDay<'_>) -> inductive::Result<()> {
            if day.day() == 1 {
                let b = day.language().atom("B")?;
                let shares = day.features().constant(1.0);
                day.buy(b, shares);
            }
            let c = day.language().atom("C")?;
            let zero = day.features().constant(0.0);
            day.buy(c, zero);
            Ok(())
        }
        fn describe(&self, _: &Language) -> String {
            "buys B once".into()
        }
    }
    let mut market = Market::new();
    let [a, b, c] = ["A", "B", "C"].map(|n| atom(&mut market, n));
    let one = market.language_mut().exactly_one(&[a, b, c]).unwrap();
    market.add_trader(BuysB);
    market.reveal(one).unwrap();
    step_audited(&mut market);
    assert_eq!(market.price(b), Some(1.0));
    let (_, account) = market.traders().next().unwrap();
    assert_eq!(account.positions().get(&b), Some(&1.0));
    assert_eq!(account.plausible_range(), (-1.0, 0.0));
    market.reveal(a).unwrap();
    step_audited(&mut market);
    let (_, account) = market.traders().next().unwrap();
    assert!(account.positions().is_empty());
    assert_eq!(account.cash(), -1.0);
    assert_eq!(account.plausible_range(), (-1.0, -1.0));
    assert_eq!(account.worst_loss(), 1.0);
    assert_eq!(
        market.knowledge().decided(market.language(), c).unwrap(),
        Some(false)
    );
}
