//! The prior over programs in force in an episode: a measure on the
//! infinite instruction sequences, kept as a tree of program prefixes. The
//! design is documented in [`crate::solomonoff`].

use std::collections::BTreeMap;

/// A program prefix: its length and its instructions as a base-`A` number
/// (the first instruction most significant). The prefix tree holds at most
/// [`PREFIX_LIMIT`](super::PREFIX_LIMIT) prefixes, so `A^L` fits easily.
pub(crate) type Key = (u32, u64);

const NONE: u32 = u32::MAX;

/// A measure on instruction sequences: a trie of atoms.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct ProgramMeasure {
    arity: usize,
    /// `A^-n` for `n = 0..=L`.
    length_weight: Vec<f64>,
    /// `A^n` for `n = 0..=L`.
    power: Vec<u64>,
    /// Per node: the atom's mass at it.
    atoms: Vec<f64>,
    /// Per node: the atoms at it and below it.
    through: Vec<f64>,
    /// Per node: its key.
    keys: Vec<Key>,
    /// `arity` entries per node: the child for each instruction, or `NONE`.
    children: Vec<u32>,
}

impl ProgramMeasure {
    /// The measure with the given atoms (zero or negative masses ignored;
    /// the same key twice adds up). `length_weight[n] = A^-n`.
    pub(crate) fn from_atoms(
        arity: usize,
        length_weight: &[f64],
        atoms: impl IntoIterator<Item = (Key, f64)>,
    ) -> Self {
        let mut power = vec![1u64];
        while power.len() < length_weight.len() {
            let last = power[power.len() - 1];
            power.push(last.saturating_mul(arity as u64));
        }
        let mut measure = Self {
            arity,
            length_weight: length_weight.to_vec(),
            power,
            atoms: vec![0.0],
            through: vec![0.0],
            keys: vec![(0, 0)],
            children: vec![NONE; arity],
        };
        // Sorted, so that equal inputs build equal tries (sums in one order).
        let mut merged: BTreeMap<Key, f64> = BTreeMap::new();
        for (key, mass) in atoms {
            if mass > 0.0 {
                *merged.entry(key).or_insert(0.0) += mass;
            }
        }
        let mut parents = vec![NONE];
        for ((length, code), mass) in merged {
            let mut node = 0usize;
            for depth in 0..length {
                let digit = measure.digit(length, code, depth);
                let slot = node * arity + digit;
                if measure.children[slot] == NONE {
                    let child = measure.atoms.len();
                    measure.children[slot] = child as u32;
                    measure.atoms.push(0.0);
                    measure.through.push(0.0);
                    measure.keys.push((
                        depth + 1,
                        code / measure.power[(length - depth - 1) as usize],
                    ));
                    measure.children.extend(std::iter::repeat_n(NONE, arity));
                    parents.push(node as u32);
                }
                node = measure.children[slot] as usize;
            }
            measure.atoms[node] += mass;
        }
        // Children come after their parents: one backward pass sums subtrees.
        for node in (0..measure.atoms.len()).rev() {
            measure.through[node] += measure.atoms[node];
            if parents[node] != NONE {
                let through = measure.through[node];
                measure.through[parents[node] as usize] += through;
            }
        }
        measure
    }

    /// Solomonoff's prior: one atom of mass 1 at the empty program.
    pub(crate) fn fresh(arity: usize, length_weight: &[f64]) -> Self {
        Self::from_atoms(arity, length_weight, [((0, 0), 1.0)])
    }

    /// Instruction `depth` (from 0) of the prefix `(length, code)`.
    fn digit(&self, length: u32, code: u64, depth: u32) -> usize {
        ((code / self.power[(length - depth - 1) as usize]) % self.arity as u64) as usize
    }

    /// The key of prefix `key` followed by `instruction`.
    pub(crate) fn child_key(&self, (length, code): Key, instruction: usize) -> Key {
        (length + 1, code * self.arity as u64 + instruction as u64)
    }

    /// Follows `key` down the trie: the node it ends at, if the trie reaches
    /// it, with the mass flowing into it from atoms above; otherwise the
    /// mass of the cylinder (uniform below the trie).
    fn locate(&self, (length, code): Key) -> Located {
        let mut node = 0usize;
        let mut inflow = 0.0;
        for depth in 0..length {
            let child = self.children[node * self.arity + self.digit(length, code, depth)];
            if child == NONE {
                let below = (length - depth) as usize;
                return Located::Below((inflow + self.atoms[node]) * self.length_weight[below]);
            }
            inflow = (inflow + self.atoms[node]) * self.length_weight[1];
            node = child as usize;
        }
        Located::At { node, inflow }
    }

    /// The measure of the sequences that begin with `key`.
    pub(crate) fn mass(&self, key: Key) -> f64 {
        match self.locate(key) {
            Located::Below(mass) => mass,
            Located::At { node, inflow } => inflow + self.through[node],
        }
    }

    /// Every atom, as `(key, mass)`.
    pub(crate) fn atoms(&self) -> impl Iterator<Item = (Key, f64)> + '_ {
        self.keys
            .iter()
            .zip(&self.atoms)
            .filter(|&(_, &a)| a > 0.0)
            .map(|(&k, &a)| (k, a))
    }

    /// Nodes in the trie.
    pub(crate) fn nodes(&self) -> usize {
        self.atoms.len()
    }

    /// The posterior: this measure restricted to the cylinders of
    /// `survivors` (an antichain of prefixes, each with its posterior share,
    /// summing to one), each cylinder scaled to its share. Returns the
    /// atoms; survivors of zero mass or share are skipped.
    pub(crate) fn restrict(&self, survivors: &[(Key, f64)]) -> Vec<(Key, f64)> {
        let mut out = Vec::new();
        for &(key, share) in survivors {
            if share <= 0.0 {
                continue;
            }
            match self.locate(key) {
                Located::Below(mass) => {
                    if mass > 0.0 {
                        out.push((key, share));
                    }
                }
                Located::At { node, inflow } => {
                    let mass = inflow + self.through[node];
                    if mass <= 0.0 {
                        continue;
                    }
                    let scale = share / mass;
                    out.push((key, scale * (inflow + self.atoms[node])));
                    let mut stack: Vec<usize> = self.children_of(node).collect();
                    while let Some(n) = stack.pop() {
                        if self.atoms[n] > 0.0 {
                            out.push((self.keys[n], scale * self.atoms[n]));
                        }
                        stack.extend(self.children_of(n));
                    }
                }
            }
        }
        out
    }

    fn children_of(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[node * self.arity..(node + 1) * self.arity]
            .iter()
            .filter(|&&c| c != NONE)
            .map(|&c| c as usize)
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum Located {
    At { node: usize, inflow: f64 },
    Below(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(arity: usize, max: i32) -> Vec<f64> {
        (0..=max).map(|n| (arity as f64).powi(-n)).collect()
    }

    /// The fresh measure gives `A^-n`, exactly the length prior's table.
    #[test]
    fn fresh_is_the_length_prior() {
        let w = weights(7, 6);
        let m = ProgramMeasure::fresh(7, &w);
        for length in 0..=6u32 {
            for code in [0u64, 1, 6, 7u64.pow(length).saturating_sub(1)] {
                assert_eq!(m.mass((length, code)), w[length as usize]);
            }
        }
    }

    /// Masses add up: a prefix's mass is the sum over its children, with
    /// atoms above, at and below the trie.
    #[test]
    fn masses_are_additive() {
        let w = weights(3, 5);
        let m = ProgramMeasure::from_atoms(
            3,
            &w,
            [
                ((0, 0), 0.5),
                ((2, 5), 0.25),
                ((4, 5 * 9 + 2), 0.125),
                ((1, 0), 0.125),
            ],
        );
        assert!((m.mass((0, 0)) - 1.0).abs() < 1e-15);
        for length in 0..4u32 {
            for code in 0..3u64.pow(length) {
                let parent = m.mass((length, code));
                let children: f64 = (0..3).map(|i| m.mass(m.child_key((length, code), i))).sum();
                assert!((parent - children).abs() < 1e-15, "{length} {code}");
            }
        }
    }

    /// Restricting to every prefix of one length, with shares equal to
    /// their masses, gives back the same measure.
    #[test]
    fn restriction_to_everything_is_the_identity() {
        let w = weights(2, 6);
        let m = ProgramMeasure::from_atoms(2, &w, [((0, 0), 0.5), ((3, 5), 0.5)]);
        let survivors: Vec<(Key, f64)> = (0..4).map(|c| ((2, c), m.mass((2, c)))).collect();
        let r = ProgramMeasure::from_atoms(2, &w, m.restrict(&survivors));
        for length in 0..=5u32 {
            for code in 0..2u64.pow(length) {
                assert!((r.mass((length, code)) - m.mass((length, code))).abs() < 1e-15);
            }
        }
    }
}
