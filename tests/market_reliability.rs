//! A market day is all or nothing, and hostile inputs to the market, its
//! language and its deductive processes get errors, never panics, wrapped
//! numbers or lost sentences.

use inductive::market::{
    Axioms, Delayed, Knowledge, Language, MAX_NESTING, Market, RevealedBits, Sentence, Trader,
    TradingDay,
};
use inductive::prelude::*;

/// Buys a constant number of shares of one sentence.
#[derive(Clone, Debug)]
struct Buyer(Sentence, f64);

impl Trader for Buyer {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        let shares = day.features().constant(self.1);
        day.buy(self.0, shares);
        Ok(())
    }
    fn describe(&self, _: &Language) -> String {
        format!("buys {} shares", self.1)
    }
}

/// A market with one buyer of `x` and the sentences `A` and `B`.
fn market() -> (Market, [Sentence; 3]) {
    let mut market = Market::new();
    let lang = market.language_mut();
    let (a, b, x) = (
        lang.atom("A").unwrap(),
        lang.atom("B").unwrap(),
        lang.atom("X").unwrap(),
    );
    market.add_trader(Buyer(x, 0.3));
    (market, [a, b, x])
}

/// What a market knows, its last day's prices, its day and the cash of
/// each trader, to compare two markets.
type Snapshot = (Vec<String>, Vec<(Sentence, f64)>, u64, Vec<f64>);

fn snapshot(market: &Market) -> Snapshot {
    let known = market
        .knowledge()
        .known()
        .iter()
        .map(|&s| market.language().display(s).to_string())
        .collect();
    let prices = market.history().on(market.day()).to_vec();
    let cash = market.traders().map(|(_, a)| a.cash()).collect();
    (known, prices, market.day(), cash)
}

/// The review's case: revealing A, ¬A and B then stepping lost B (it was
/// taken from the queue before the day failed). Step, fail, fix, retry:
/// the result equals a market that never failed.
#[test]
fn a_failed_day_keeps_every_pending_sentence() {
    let (mut failing, [a, b, _]) = market();
    step_twice_ok(&mut failing);
    let not_a = failing.language_mut().not(a).unwrap();
    for s in [a, not_a, b] {
        failing.reveal(s).unwrap();
    }
    let before = snapshot(&failing);
    let err = failing.step().unwrap_err();
    assert!(matches!(err, Error::Inconsistent { .. }), "{err}");
    assert_eq!(
        snapshot(&failing),
        before,
        "a failed day changed the market"
    );
    assert_eq!(failing.pending(), &[a, not_a, b]);
    assert!(!failing.knowledge().is_known(a) && !failing.knowledge().is_known(b));
    // Retrying without a fix fails the same way and still changes nothing.
    assert_eq!(failing.step().unwrap_err(), err);
    assert_eq!(snapshot(&failing), before);
    // Fix, retry.
    assert!(failing.withdraw(not_a));
    assert!(!failing.withdraw(not_a));
    failing.step().unwrap();

    let (mut clean, [a2, b2, _]) = market();
    step_twice_ok(&mut clean);
    clean.reveal(a2).unwrap();
    clean.reveal(b2).unwrap();
    clean.step().unwrap();
    assert_eq!(snapshot(&failing), snapshot(&clean));
    for _ in 0..5 {
        failing.step().unwrap();
        clean.step().unwrap();
    }
    assert_eq!(snapshot(&failing), snapshot(&clean));
}

fn step_twice_ok(market: &mut Market) {
    market.step().unwrap();
    market.step().unwrap();
}

/// `Axioms::new([A, ¬A, B])` left A known after the day failed on ¬A.
#[test]
fn a_contradictory_process_leaves_nothing_half_applied() {
    let (mut market, [a, b, x]) = market();
    let not_a = market.language_mut().not(a).unwrap();
    market.add_deduction(Axioms::new(vec![a, not_a, b]));
    for _ in 0..3 {
        assert!(matches!(market.step(), Err(Error::Inconsistent { .. })));
        assert_eq!(market.day(), 0);
        assert!(market.knowledge().known().is_empty());
        assert!(market.price(x).is_none());
    }
}

/// A trader buying 10^25 shares overflowed `worst_loss as u64 + 1` (a
/// debug panic; in release a firm weight of 1.0 against a maximum of
/// `2^-k`).
#[test]
fn a_huge_trader_keeps_its_weight_below_two_to_minus_k() {
    for shares in [1e25, 1e300, -1e25] {
        let mut market = Market::new();
        let x = market.language_mut().atom("X").unwrap();
        market.add_trader(Buyer(x, shares));
        let y = market.language_mut().atom("Y").unwrap();
        market.add_trader(Buyer(y, 0.5));
        for day in 0..4 {
            market.step().unwrap();
            // Decide X against the buyer, so its worst loss is enormous.
            if day == 0 {
                let settle = if shares > 0.0 {
                    market.language_mut().not(x).unwrap()
                } else {
                    x
                };
                market.reveal(settle).unwrap();
            }
            for (_, account) in market.traders() {
                let cap = (-f64::from(account.index())).exp2();
                assert!(
                    account.firm_weight() <= cap,
                    "{shares}: trader {} weight {}",
                    account.index(),
                    account.firm_weight()
                );
            }
        }
    }
}

/// `Delayed::new(_, u64::MAX)` overflowed `day + delay`: now it is "never".
#[test]
fn a_delay_past_the_end_of_time_reveals_nothing() {
    let (mut market, _) = market();
    market.add_deduction(Delayed::new(RevealedBits::new(vec![true; 10]), u64::MAX));
    market.add_deduction(Delayed::new(
        RevealedBits::new(vec![false; 10]),
        u64::MAX - 1,
    ));
    for _ in 0..8 {
        market.step().unwrap();
    }
    assert!(market.knowledge().known().is_empty());
}

/// About 40 KB of nested `(` or `!` overflowed the stack. Now nesting past
/// `MAX_NESTING` is an error with its position, the parse interns nothing,
/// and nesting up to the limit still parses.
#[test]
fn deep_nesting_is_an_error_and_a_failed_parse_interns_nothing() {
    let mut lang = Language::new();
    lang.atom("kept").unwrap();
    let before = (lang.len(), lang.atom_count());
    for depth in [MAX_NESTING + 1, 40_000, 1_000_000] {
        for text in [
            format!("{}fresh{}", "(".repeat(depth), ")".repeat(depth)),
            format!("{}fresh", "!".repeat(depth)),
            format!("{}fresh", "!(".repeat(depth / 2 + 1)),
        ] {
            match lang.parse(&text) {
                Err(Error::InvalidSentence { position, .. }) => assert!(position <= text.len()),
                other => panic!("depth {depth}: {other:?}"),
            }
            assert_eq!((lang.len(), lang.atom_count()), before, "depth {depth}");
        }
    }
    // Malformed input after new atoms interns none of them.
    for bad in [
        "new1 & new2 &",
        "(new3 | new4",
        "new5 -> ",
        "new6 $ new7",
        "b99999999999999999999999",
    ] {
        assert!(lang.parse(bad).is_err(), "{bad}");
        assert_eq!((lang.len(), lang.atom_count()), before, "{bad}");
    }
    let deep = format!("{}kept{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
    assert_eq!(lang.parse(&deep).unwrap(), lang.parse("kept").unwrap());
    let negated = format!("{}kept", "!".repeat(MAX_NESTING));
    assert!(lang.parse(&negated).is_ok());
}

/// Handles of another language panicked in `Language::not` and
/// `Knowledge::value_range`.
#[test]
fn foreign_handles_are_unknown_sentences() {
    let mut big = Language::new();
    for i in 0..20 {
        big.atom(&format!("a{i}")).unwrap();
    }
    let foreign = big.atom("a19").unwrap();
    let mut small = Language::new();
    let own = small.atom("x").unwrap();
    let unknown = |r: Result<Sentence>| matches!(r, Err(Error::UnknownSentence { .. }));
    assert!(unknown(small.not(foreign)));
    assert!(unknown(small.and(own, foreign)));
    assert!(unknown(small.or(foreign, own)));
    assert!(unknown(small.implies(own, foreign)));
    assert!(unknown(small.iff(foreign, foreign)));
    assert!(unknown(small.exactly_one(&[own, foreign])));
    let knowledge = Knowledge::new();
    assert!(matches!(
        knowledge.value_range(&small, &[(own, 1.0), (foreign, 1.0)]),
        Err(Error::UnknownSentence { .. })
    ));
    assert!(matches!(
        knowledge.decided(&small, foreign),
        Err(Error::UnknownSentence { .. })
    ));
    let mut market = Market::new();
    assert!(matches!(
        market.reveal(foreign),
        Err(Error::UnknownSentence { .. })
    ));
    assert!(matches!(
        market.always_price(foreign),
        Err(Error::UnknownSentence { .. })
    ));
}

/// The tolerance follows `2^-p/(n(n+1))` and then its floor `2^-(p+26)`.
#[test]
fn the_tolerance_schedule_has_a_floor_f64_can_meet() {
    let market = Market::new();
    let p = (-20f64).exp2();
    assert_eq!(market.tolerance(1), p / 2.0);
    assert_eq!(market.tolerance(100), p / 10_100.0);
    let floor = (-46f64).exp2();
    assert_eq!(market.tolerance(9_000), floor);
    assert_eq!(market.tolerance(82_774), floor);
    assert_eq!(market.tolerance(u64::MAX), floor);
    assert!(market.tolerance(8_000) > floor);
}

/// Sentences built through the API nest at most `MAX_DEPTH` levels, so
/// displaying and evaluating them cannot exhaust the stack; a long chain
/// in text is refused the same way; exactly-one stays shallow however many
/// sentences it joins.
#[test]
fn sentences_deeper_than_the_limit_are_refused() {
    use inductive::market::MAX_DEPTH;
    let mut lang = Language::new();
    let a = lang.atom("a").unwrap();
    let mut s = a;
    let mut refused = None;
    for level in 1..2 * MAX_DEPTH {
        match lang.not(s) {
            Ok(next) => s = next,
            Err(e) => {
                refused = Some((level, e));
                break;
            }
        }
    }
    let (level, error) = refused.expect("refused past the limit");
    assert_eq!(level, MAX_DEPTH);
    assert!(matches!(error, Error::TooLarge { .. }), "{error}");
    // Its display is shown, and parsing it back is refused (its 1,023
    // negations nest deeper than the parser's limit), not a stack overflow.
    let text = lang.display(s).to_string();
    assert_eq!(
        text.matches('!').count() + text.matches('¬').count(),
        MAX_DEPTH - 1
    );
    assert!(matches!(
        lang.parse(&text),
        Err(Error::InvalidSentence { .. })
    ));
    let chain = vec!["a"; 5000].join(" & ");
    assert!(matches!(
        lang.parse(&chain),
        Err(Error::InvalidSentence { .. })
    ));
    let atoms: Vec<Sentence> = (0..60)
        .map(|i| lang.atom(&format!("x{i}")).unwrap())
        .collect();
    lang.exactly_one(&atoms).unwrap();
}
