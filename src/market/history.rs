//! Prices of past days, which traders and deductive processes may read.

use rustc_hash::FxHashMap;

use super::language::Sentence;

/// Prices of past days.
#[derive(Clone, Debug, Default)]
pub struct PriceHistory {
    /// Day `n` at index `n − 1`: (sentence, price), sorted by sentence.
    days: Vec<Vec<(Sentence, f64)>>,
    latest: FxHashMap<Sentence, (u64, f64)>,
}

impl PriceHistory {
    /// Number of days priced.
    #[must_use]
    pub fn days(&self) -> u64 {
        self.days.len() as u64
    }

    /// The prices of `day` (from 1), sorted by sentence.
    #[must_use]
    pub fn on(&self, day: u64) -> &[(Sentence, f64)] {
        day.checked_sub(1)
            .and_then(|d| self.days.get(usize::try_from(d).ok()?))
            .map_or(&[], Vec::as_slice)
    }

    /// The price of `sentence` on `day`, if it was traded that day.
    #[must_use]
    pub fn price(&self, day: u64, sentence: Sentence) -> Option<f64> {
        let prices = self.on(day);
        prices
            .binary_search_by_key(&sentence, |&(s, _)| s)
            .ok()
            .map(|i| prices[i].1)
    }

    /// The last day `sentence` was traded, and its price then.
    #[must_use]
    pub fn latest(&self, sentence: Sentence) -> Option<(u64, f64)> {
        self.latest.get(&sentence).copied()
    }

    pub(crate) fn push(&mut self, prices: Vec<(Sentence, f64)>) {
        let day = self.days() + 1;
        for &(s, p) in &prices {
            self.latest.insert(s, (day, p));
        }
        self.days.push(prices);
    }
}
