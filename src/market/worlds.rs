//! Compiled questions about worlds: the joint truth patterns of some
//! sentences, by independent group of atoms, so that a portfolio's best
//! and worst world is a scan over patterns, not over worlds.

use rustc_hash::FxHashMap;

use super::language::Sentence;

/// The joint truth patterns of some sentences over consistent worlds, in
/// independent groups (see [`Knowledge::compile`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Compiled {
    pub(super) groups: Vec<GroupWorlds>,
}

#[derive(Clone, Debug)]
pub(super) struct GroupWorlds {
    /// Indices of the group's sentences.
    pub(super) terms: Vec<usize>,
    /// Row-major truth patterns, `terms.len()` per row.
    pub(super) patterns: Vec<bool>,
}

impl Compiled {
    /// Every distinct sentence on its own, as in the paper's worlds
    /// ([`Worlds::All`](super::Worlds::All)); repeats share a group, with
    /// two rows: every copy false, then every copy true.
    pub(crate) fn each_on_its_own(sentences: &[Sentence]) -> Self {
        let mut compiled = Self::default();
        let mut seen: FxHashMap<Sentence, usize> = FxHashMap::default();
        for (i, &s) in sentences.iter().enumerate() {
            match seen.get(&s) {
                Some(&g) => compiled.groups[g].terms.push(i),
                None => {
                    seen.insert(s, compiled.groups.len());
                    compiled.groups.push(GroupWorlds {
                        terms: vec![i],
                        patterns: Vec::new(),
                    });
                }
            }
        }
        for g in &mut compiled.groups {
            let k = g.terms.len();
            g.patterns = [false, true]
                .iter()
                .flat_map(|&v| std::iter::repeat_n(v, k))
                .collect();
        }
        compiled
    }

    /// A world maximising `w.0·Σ a_i·W(φ_i) + w.1·Σ b_i·W(φ_i)`, and the two
    /// sums there.
    pub(crate) fn maximize(&self, a: &[f64], b: &[f64], w: (f64, f64)) -> (f64, f64) {
        let mut total = (0.0, 0.0);
        for g in &self.groups {
            let k = g.terms.len();
            let mut best: Option<(f64, f64, f64)> = None;
            for row in g.patterns.chunks_exact(k) {
                let (mut sa, mut sb) = (0.0, 0.0);
                for (&i, &truth) in g.terms.iter().zip(row) {
                    if truth {
                        sa += a[i];
                        sb += b[i];
                    }
                }
                let score = w.0 * sa + w.1 * sb;
                if best.is_none_or(|(top, _, _)| score > top) {
                    best = Some((score, sa, sb));
                }
            }
            if let Some((_, sa, sb)) = best {
                total.0 += sa;
                total.1 += sb;
            }
        }
        total
    }
}
