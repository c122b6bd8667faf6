//! Transparency: which traders carry a market's prices, and what each is
//! worth.

use super::budget::Account;
use super::engine::Market;
use super::language::Sentence;
use crate::hypothesis::Hypothesis;

impl Market {
    /// A trader's wealth at today's prices: cash plus each open share at
    /// its sentence's latest price.
    #[must_use]
    pub fn wealth(&self, account: &Account) -> f64 {
        account.cash()
            + account
                .positions()
                .iter()
                .map(|(&s, &h)| h * self.history().latest(s).map_or(0.0, |(_, p)| p))
                .sum::<f64>()
    }

    /// Traders by their share of today's firm weight, heaviest first (at
    /// most `n`); each description gives the trader's strategy, wealth and
    /// largest holdings.
    #[must_use]
    pub fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let total: f64 = self.traders().map(|(_, a)| a.firm_weight()).sum();
        let mut rows: Vec<Hypothesis> = self
            .traders()
            .map(|(trader, a)| {
                let mut holdings: Vec<(Sentence, f64)> =
                    a.positions().iter().map(|(&s, &h)| (s, h)).collect();
                holdings.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                let language = self.language();
                let shown: Vec<String> = holdings
                    .iter()
                    .take(3)
                    .map(|&(s, h)| format!("{h:+.3} {}", language.display(s)))
                    .collect();
                let description = format!(
                    "#{} {} | wealth {:+.4} | worst loss {:.3} | holds [{}]",
                    a.index(),
                    trader.describe(language),
                    self.wealth(a),
                    a.worst_loss(),
                    shown.join(", ")
                );
                let share = if total > 0.0 {
                    a.firm_weight() / total
                } else {
                    0.0
                };
                Hypothesis::leaf(description, share)
            })
            .collect();
        rows.sort_by(|x, y| y.weight.total_cmp(&x.weight));
        rows.truncate(n);
        rows
    }
}
