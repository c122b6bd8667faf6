//! The [`Trader`] trait, and [`TradingDay`]: what a trader sees on a day
//! and where it puts its orders. The design is documented in
//! [`crate::market`].

use std::fmt;

use super::features::{Feature, Features};
use super::history::PriceHistory;
use super::knowledge::Knowledge;
use super::language::{Language, Sentence};
use crate::error::Result;

/// Everything a trader may look at on a day, and where it puts its orders.
#[derive(Debug)]
pub struct TradingDay<'a> {
    pub(crate) day: u64,
    pub(crate) language: &'a mut Language,
    pub(crate) knowledge: &'a Knowledge,
    pub(crate) history: &'a PriceHistory,
    pub(crate) features: &'a mut Features,
    pub(crate) orders: Vec<(Sentence, Feature)>,
    pub(crate) next_bit: u64,
    pub(crate) held: &'a [(u64, bool)],
}

impl<'a> TradingDay<'a> {
    /// The market day, from 1.
    #[must_use]
    pub fn day(&self) -> u64 {
        self.day
    }

    /// The market's language, to name sentences.
    pub fn language(&mut self) -> &mut Language {
        self.language
    }

    /// The sentences known true today (`D_n`).
    #[must_use]
    pub fn knowledge(&self) -> &Knowledge {
        self.knowledge
    }

    /// Prices of earlier days.
    #[must_use]
    pub fn history(&self) -> &PriceHistory {
        self.history
    }

    /// Today's feature arena, to build strategies in.
    pub fn features(&mut self) -> &mut Features {
        self.features
    }

    /// Today's price of `sentence`, as a feature.
    pub fn price(&mut self, sentence: Sentence) -> Feature {
        self.features.price(sentence)
    }

    /// The index of the first sequence bit not yet revealed (bits `b0`,
    /// `b1`, … revealed as literals, in order): the bit a sequence
    /// predictor should trade today.
    #[must_use]
    pub fn next_bit(&self) -> u64 {
        self.next_bit
    }

    /// The bits the sequence holds without pricing them, in order: `(t,
    /// bit)` came just before sequence bit `t` (see [`Market::hold_bit`]).
    ///
    /// [`Market::hold_bit`]: super::Market::hold_bit
    #[must_use]
    pub fn held_bits(&self) -> &[(u64, bool)] {
        self.held
    }

    /// The value of sequence bit `t`, if it has been revealed.
    #[must_use]
    pub fn revealed_bit(&self, t: u64) -> Option<bool> {
        let atom = self.language.find_bit(t)?;
        self.knowledge.fixed(atom)
    }

    /// Whether `sentence` is decided by what is known today.
    pub fn decided(&self, sentence: Sentence) -> Result<Option<bool>> {
        self.knowledge.decided(self.language, sentence)
    }

    /// Buys `shares` shares of `sentence` (sells if negative). Orders on the
    /// same sentence add up.
    pub fn buy(&mut self, sentence: Sentence, shares: Feature) {
        self.orders.push((sentence, shares));
    }
}

/// A trader: each day, a strategy over today's prices.
///
/// Implement [`trade`](Trader::trade) to place orders through the
/// [`TradingDay`]; the market calls [`executed`](Trader::executed) with
/// the shares actually bought once prices are set (the trader's own,
/// unbudgeted trade), so traders that track a position need not recompute
/// it. Traders are cloned with the market (clone is fork).
///
/// ```
/// use inductive::market::{Market, Trader, TradingDay, Language};
/// use inductive::Result;
///
/// /// Buys one share of `A` whatever it costs.
/// #[derive(Clone, Debug)]
/// struct Bull;
///
/// impl Trader for Bull {
///     fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
///         let a = day.language().atom("A")?;
///         let one = day.features().constant(1.0);
///         day.buy(a, one);
///         Ok(())
///     }
///     fn describe(&self, _: &Language) -> String {
///         "buys A at any price".into()
///     }
/// }
///
/// let mut market = Market::new();
/// market.add_trader(Bull);
/// market.step()?;
/// let a = market.language_mut().atom("A")?;
/// assert_eq!(market.price(a), Some(1.0)); // a constant buyer drives the price to 1
/// # Ok::<(), inductive::Error>(())
/// ```
pub trait Trader: dyn_clone::DynClone + fmt::Debug + Send {
    /// Places today's orders.
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()>;

    /// The shares of each sentence this trader bought on `day` at the
    /// day's prices (before budgeting).
    fn executed(&mut self, day: u64, trades: &[(Sentence, f64)]) {
        let _ = (day, trades);
    }

    /// One line on what the trader does.
    fn describe(&self, language: &Language) -> String;
}

dyn_clone::clone_trait_object!(Trader);
