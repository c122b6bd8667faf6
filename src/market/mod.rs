//! Markets: the logical inductor of Garrabrant et al. (2016), and Kelly
//! markets of predictors.
//!
//! # The logical inductor
//!
//! A [`Market`] prices [`Sentence`]s of a propositional [`Language`] day by
//! day. [`Trader`]s place orders as continuous [`Feature`]s of today's
//! prices; a [`DeductiveProcess`] reveals sentences known true. Each day
//! runs the paper's algorithm LIA:
//!
//! 1. the deductive process adds the day's sentences to `D_n`, and shares
//!    of sentences that became decided settle into cash;
//! 2. every trader gives its strategy, and the **trading firm** combines
//!    them as `Σ_k Σ_b 2^{−k−b} Budgeter(b, T_k)` (the [`budget`](Budgeting)
//!    rules; trader `k` is the `k`-th added: the order is the prior);
//! 3. the [`MarketMaker`] finds prices at which the firm's best-case gain
//!    over all worlds is at most the day's [tolerance](Market::tolerance),
//!    `2^{−p}·max(1/(n(n+1)), 2^{−26})` for precision `p`.
//!
//! **The tolerance schedule, a documented departure.** The paper accepts
//! `2^{−n}` on day `n`; its proof needs only that the accepted gains sum to
//! a finite total. `2^{−n}` underflows `f64` after day 1,074, and no
//! summable schedule can be met in `f64` for ever: prices resolve only to
//! about `10^{−16}`, so a strategy with slope `s` in price cannot be
//! brought closer than about `s·10^{−16}` to balance: without a floor, the
//! market of KT and CTW(4) traders on the pseudo-random bits of
//! `examples/long_market.rs` (seed 1) found no price on day 117,030, best
//! gain 6.96326 × 10^{−17} against `2^{−20}/(n(n+1))` = 6.96309 × 10^{−17}.
//! The schedule follows `2^{−p}/(n(n+1))`, which sums
//! to `2^{−p}`, until it reaches the floor `2^{−p−26}` (day 8,192), a
//! gain `f64` resolves for slopes up to about 100 (`2^{−46}` ≈ 1.4 × 10^{−14}
//! at `p = 20`). The firm's total gain after `N` days is then below
//! `2^{−p}·(1 + N·2^{−26})`: below `2^{1−p}` for the first 67 million
//! days, far past any feasible run, which is the bound the paper's proof
//! uses (invariant I1 is checked against it).
//!
//! Every trade is valued at its own day's price; each [`Account`] keeps a
//! trader's cash and shares exactly, and its plausible value range.
//!
//! [`LogicalInductor`] is a market driven as a [`Predictor`](crate::Predictor): each day it
//! prices "the next bit is 1" and reveals the bit once it comes. Any
//! predictor of this crate can trade in it through [`PredictorTrader`].
//!
//! ```
//! use inductive::market::{Daily, Market, Targets, TowardPrice};
//!
//! // "Coin n lands heads", revealed the day after it is priced; traders
//! // push toward 0.2 and 0.8. Heads come up 4 days in 5.
//! let coin = |n: u64| format!("heads_{n}");
//! let today = Targets::daily(move |day, lang| Ok(vec![lang.atom(&coin(day))?]));
//! let mut market = Market::new();
//! market.add_trader(TowardPrice::new(today.clone(), 0.2, 10.0)?);
//! market.add_trader(TowardPrice::new(today.clone(), 0.8, 10.0)?);
//! market.add_deduction(Daily::new(Targets::daily(move |day, lang| {
//!     let n = day.saturating_sub(1);
//!     if n == 0 { return Ok(vec![]) }
//!     let heads = lang.atom(&coin(n))?;
//!     Ok(vec![if n % 5 == 0 { lang.not(heads)? } else { heads }])
//! })));
//! for _ in 0..200 {
//!     market.step()?;
//! }
//! let heads = market.language_mut().atom("heads_200")?;
//! assert!(market.price(heads).unwrap() > 0.7); // the 0.2 trader went broke
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! The market learning that digit `n` of π is 7 with probability about
//! 1/10 before it sees the digit, where the same traders without the
//! budgeter stay near 0.88 (`cargo run --release --example pi_digits`,
//! which writes this picture as `target/plots/pi_digits.svg`):
//!
#![doc = concat!("<div style=\"overflow-x:auto\">\n", include_str!("../../docs/pi_digits.svg"), "\n</div>\n")]
//!
//! # Invariants I1–I6
//!
//! Facts that hold on every day of every run; `tests/logical_inductor.rs`
//! checks each by name, and `Market::step` asserts I1 in debug builds.
//!
//! - **I1, the firm's cap**: the firm's total best-case gain `Σ_n sup_W
//!   W(F_n)` stays below [`Market::gain_bound`] (`2^{−p}·(1 + n·2^{−26})`
//!   after `n` days, the schedule above; the paper's cap is 1).
//! - **I2, the budget floor**: every budgeted copy keeps its plausible
//!   value `min_{W ∈ PC(D_n)} W` at or above `−b`.
//! - **I3, inexploitability**: with `b* = ⌊L_k⌋ + 1` (`L_k` trader `k`'s
//!   worst plausible loss so far), trader `k`'s plausible value stays at
//!   most `2^{k+b*}·(Σ_i 2^{−i} + 2)`.
//! - **I4, the market maker**: the strategy `1 − 3P(φ)` clears at price
//!   1/3, a constant buyer at 1, a constant seller at 0; +1 and −1 share on
//!   one sentence act as none; the closed-form exposure
//!   ([`worst_case_gain`]) equals a brute force over all `2^k` worlds.
//! - **I5, the budgeter**: buying one share at 0.2 and then one at 0.9 of
//!   an undecided sentence with `b = 1.5` does not shut the budget off
//!   (the worst plausible value is −1.1, not −1.8).
//! - **I6, the cut-off**: handling more budgets explicitly (those that
//!   scale by exactly 1) does not change the firm's result.
//!
//! # Kelly markets
//!
//! [`KellyMarket`]: predictors bet their wealth on each bit like Kelly
//! gamblers (Beygelzimer, Langford & Pennock, 2012); the market clears at
//! the wealth-weighted belief. With full Kelly betting the market *is* a
//! Bayesian mixture — wealth is posterior weight — which makes it the
//! reference point for market-style learners. The logical inductor is not
//! such a market.
//!
//! # The market maker: prices at which the combined trader cannot gain
//!
//! Given a strategy `F` (shares of each traded sentence as a continuous
//! function of the prices), the maker finds prices `P` such that the
//! strategy's best-case gain over **all** worlds is at most a tolerance.
//! Worlds are arbitrary, so the best case decomposes per sentence:
//!
//! `sup_W W(F(P)) = Σ_φ F_φ⁺·(1 − P_φ) + F_φ⁻·P_φ`,
//!
//! an O(#sentences) acceptance test ([`worst_case_gain`]). A zero of it is
//! a solution of the box complementarity problem `F_φ > 0 ⇒ P_φ = 1`,
//! `F_φ < 0 ⇒ P_φ = 0`, else `F_φ = 0`, which exists for every continuous
//! `F` (Brouwer). The solver:
//!
//! 1. tries `P = ½`, then each price at the end its excess demand points
//!    to (so a constant buyer gets exactly 1);
//! 2. bisects every price at once on its own excess demand — exact
//!    bisection in one dimension, and exact for strategies that are
//!    separable across sentences;
//! 3. otherwise runs a damped semismooth Newton method
//!    (Levenberg–Marquardt) on the natural residual
//!    `Φ(P) = P − clip(P + F(P))`, with a finite-difference Jacobian
//!    (strategies are arbitrary continuous functions), which copes with
//!    the singular Jacobians of pure arbitrage; it alternates with
//!    Gauss–Seidel sweeps (an exact bisection per price, the others held
//!    fixed), which cross the plateaus where a saturated strategy has no
//!    slope;
//! 4. otherwise falls back to the projected fixed-point iteration
//!    `P ← clip(P + τ·F(P))` with a small step;
//!
//! and returns the prices only if the acceptance test passes at them.
//! Otherwise it returns [`Error::NoPrice`](crate::Error::NoPrice) with the best gain it reached —
//! never an unchecked price.
//!
//! # Budgets: each trader's exact books, and the budgeter that scales its
//!
//! trades so no copy of it can lose more than its budget.
//!
//! For a budget `b`, the paper's `Budgeter(b, T)` trades as `T` does until
//! the day after some plausible world put `T`'s holdings at `−b` or below;
//! from then on it trades nothing. On each day before, it scales `T_n` by
//!
//! `λ_b = inf_{W ∈ PC(D_n)} 1 / max(1, −W(T_n) / (b + W(past holdings)))`,
//!
//! where past holdings are valued at the prices of the days they were
//! bought (a constant today), so `λ_b` is a function of today's prices
//! only. `λ_b < 1` only on the last day before the budget is shut off, so
//! each budgeted copy equals its trader until then, and its plausible value
//! never drops below `−b`.
//!
//! The trading firm weighs trader `k`'s copy with budget `b` by `2^{−k−b}`.
//! Budgets at or below the trader's worst plausible loss so far (`L_k`)
//! are shut off; budgets at least `L_k` plus the largest loss today's trade
//! could make (from the features' interval bounds) scale by exactly 1; only
//! the few in between need the infimum above, and the rest sum in closed
//! form: `Σ_{b ≥ b₀} 2^{−b} = 2^{1−b₀}`.
//!
//! The infimum is a ratio over worlds; it is found exactly by Dinkelbach's
//! method, each step a maximisation over consistent worlds that splits into
//! independent groups of atoms.
//!
//! # Sentences of a propositional language, and the worlds consistent with
//!
//! what is known.
//!
//! The market trades shares of [`Sentence`]s: formulas over atoms with
//! `¬ ∧ ∨ →`. Atoms are the bits of a sequence (`b0`, `b1`, …, "bit t is
//! 1") or named facts (`pi_7_12`, `A`). A [`Language`] hash-conses every
//! formula, so equal formulas are one handle and handles are `Copy`.
//!
//! A *world* assigns a truth value to every atom. [`Knowledge`] holds the
//! finite set `D` of sentences known true and answers questions about the
//! propositionally consistent worlds `PC(D)`: the range of a portfolio's
//! value over them, whether a sentence is decided. Atoms that occur
//! together in a known sentence or in the question form a group; groups are
//! independent, so each is enumerated on its own (at most 2^20 worlds per
//! group) and the answer is their sum — never a global 2^n enumeration.
//!
//! ```
//! use inductive::market::{Knowledge, Language};
//!
//! let mut lang = Language::new();
//! let a = lang.parse("A")?;
//! let b = lang.parse("B")?;
//! let one = lang.parse("(A | B) & !(A & B)")?; // exactly one of A, B
//! let mut known = Knowledge::new();
//! known.add(&lang, one)?;
//! // One share of A and one of B pay exactly 1 in every consistent world.
//! assert_eq!(known.value_range(&lang, &[(a, 1.0), (b, 1.0)])?, (1.0, 1.0));
//! known.add(&lang, a)?;
//! assert_eq!(known.decided(&lang, b)?, Some(false));
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # Expressible features, traders, and the standard trader library
//!
//! A trader's strategy for a day says, for each sentence it trades, how
//! many shares to buy as a function of *today's* prices — prices the
//! market maker has not found yet. So strategies are not numbers but
//! [`Feature`]s: expressions over today's prices built from constants,
//! `+`, `×`, `max` and the safe reciprocal `1/max(1, x)` (with `−`, `min`,
//! `|x|`, division by a quantity bounded below and the continuous indicator
//! `Ind_δ` derived from them). Every feature is continuous in the prices,
//! which is what makes a fixed point of the market exist, and has a sound
//! interval bound over prices in `[0, 1]`, which is what lets the budgeter
//! skip the budgets that cannot bind. Past prices are plain numbers by the
//! time a trader sees them, so they fold into constants.
//!
//! Features of one day live in one [`Features`] arena, shared by every
//! trader and hash-consed: `price(φ)` is one node however many traders read
//! it.
//!
//! The [`Trader`] trait gives a day's strategy through a [`TradingDay`].
//! The library: [`TowardPrice`], [`Arbitrageur`], [`ConvergenceTrader`]
//! (§6.1 of the paper), [`NonDogmatist`] and [`PredictorTrader`], which
//! lets any [`Predictor`](crate::Predictor) of this crate trade in a market.
//!
//! # Deductive processes: what becomes known, and when
//!
//! A deductive process gives the nested sets `D_1 ⊆ D_2 ⊆ …` of sentences
//! known true by each day. The market asks every process, at the start of
//! day `n`, which sentences become known that day; it may look at the
//! prices of earlier days (a price-dependent process, as in the paper's
//! paradoxes). Sequence markets reveal bits as literals (`b_t` or `¬b_t`);
//! [`Market::reveal`] is the direct way.

mod budget;
mod cholesky;
mod config;
mod deduction;
mod engine;
mod explain;
mod features;
mod history;
mod inductor;
mod kelly;
mod knowledge;
mod language;
mod maker;
mod parser;
pub mod setups;
mod targets;
mod trader;
mod traders;
mod union_find;
mod worlds;

pub use budget::{Account, Budgeting, FrozenBudget};
pub use config::MarketConfig;
pub use deduction::{Axioms, Daily, DeductiveProcess, Delayed, PriceDependent, RevealedBits};
pub use engine::Market;
pub use features::{Feature, Features};
pub use history::PriceHistory;
pub use inductor::LogicalInductor;
pub use kelly::KellyMarket;
pub use knowledge::{Knowledge, MAX_GROUP_ATOMS, Worlds};
pub use language::{Atom, AtomName, Formula, Language, MAX_DEPTH, Sentence, SentenceDisplay};
pub use maker::{Clearing, MarketMaker, worst_case_gain};
pub use parser::MAX_NESTING;
pub use targets::Targets;
pub use trader::{Trader, TradingDay};
pub use traders::{Arbitrageur, ConvergenceTrader, NonDogmatist, PredictorTrader, TowardPrice};
