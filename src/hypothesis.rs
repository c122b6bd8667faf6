//! [`Hypothesis`]: the tree that [`Predictor::explain`](crate::Predictor::explain)
//! returns, the hypotheses (programs, circuits, traders, components) that
//! carry a predictor's belief, with their weights.

use std::fmt;

/// One hypothesis of a mixture or market, as reported by
/// [`Predictor::explain`](crate::Predictor::explain): a tree, where a component that is itself a
/// mixture lists its own hypotheses as children.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Hypothesis {
    /// Human-readable description: a program's source, a circuit as an
    /// expression, a trader's strategy, a component's name.
    pub description: String,
    /// Share of the belief it carries: posterior probability for a Bayesian
    /// mixture, share of wealth for a market. Shares of all hypotheses sum
    /// to at most one.
    pub weight: f64,
    /// The hypotheses inside it (a component's own), heaviest first; empty
    /// for a leaf.
    pub children: Vec<Hypothesis>,
}

impl Hypothesis {
    /// A hypothesis with no children.
    #[must_use]
    pub fn leaf(description: impl Into<String>, weight: f64) -> Self {
        Self {
            description: description.into(),
            weight,
            children: Vec::new(),
        }
    }

    fn write_indented(&self, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        write!(
            f,
            "{:indent$}{:>10.6}  {}",
            "",
            self.weight,
            self.description,
            indent = 4 * depth
        )?;
        for child in &self.children {
            writeln!(f)?;
            child.write_indented(f, depth + 1)?;
        }
        Ok(())
    }
}

impl fmt::Display for Hypothesis {
    /// One line per hypothesis, children indented under their parent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_indented(f, 0)
    }
}

/// The `n` heaviest of normalised log weights as hypotheses, heaviest
/// first (ties by index), described by `describe(i)`, with `children(i)`
/// inside each.
pub(crate) fn top_hypotheses(
    log_weights: &[f64],
    n: usize,
    describe: impl Fn(usize) -> String,
    children: impl Fn(usize) -> Vec<Hypothesis>,
) -> Vec<Hypothesis> {
    let mut order: Vec<usize> = (0..log_weights.len()).collect();
    order.sort_by(|&a, &b| log_weights[b].total_cmp(&log_weights[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(n)
        .map(|i| Hypothesis {
            description: describe(i),
            weight: log_weights[i].exp(),
            children: children(i),
        })
        .collect()
}
