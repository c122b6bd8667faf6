//! Variable-order tree sources: the models CTW mixes over.

use rand::{Rng, RngExt};
use rand_distr::{Beta, Distribution};

use crate::error::{Error, Result, check_probability};
use crate::predictor::Predictor;
use crate::sources::Source;

/// Deepest tree: the context register is one `u64`.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum TreeNode {
    Leaf(f64),
    Split([u32; 2]),
}

/// A tree source: a suffix tree of contexts, each leaf a Bernoulli
/// parameter. To predict, start at the root and branch on the newest bit,
/// then the one before it, and so on, until a leaf; the leaf's `θ` is the
/// probability of a one. Before the sequence the past is zeros.
///
/// A leaf is named by its suffix, newest bit first: `[true, false]` is the
/// leaf reached when the last bit was 1 and the one before it 0.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::sources::TreeSource;
///
/// // After a 0: fair coin. After 01 (newest 1, then 0): 0.9. After 11: 0.2.
/// let mut source = TreeSource::from_leaves(&[
///     (vec![false], 0.5),
///     (vec![true, false], 0.9),
///     (vec![true, true], 0.2),
/// ])?;
/// assert_eq!(source.predict(), 0.5);
/// source.update(true); // last bit 1, the one before it the zero past
/// assert_eq!(source.predict(), 0.9);
/// source.update(true);
/// assert_eq!(source.predict(), 0.2);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TreeSource {
    nodes: Vec<TreeNode>,
    context: u64,
}

impl TreeSource {
    /// Draws a tree from CTW's prior of the given maximum depth (0 to 64):
    /// each node above that depth is a leaf with probability 1/2, otherwise
    /// it splits; each leaf's `θ` is drawn from Beta(1/2, 1/2), the KT prior.
    /// Data from such a source is what CTW is the exact Bayes mixture for.
    pub fn sample_from_prior<R: Rng + ?Sized>(max_depth: usize, rng: &mut R) -> Result<Self> {
        check_depth(max_depth)?;
        let jeffreys = Beta::new(0.5, 0.5).expect("1/2, 1/2 are valid Beta shapes");
        let mut nodes = vec![TreeNode::Leaf(0.5)];
        // (node index, depth) of nodes still to decide, depth first.
        let mut pending = vec![(0usize, 0usize)];
        while let Some((index, depth)) = pending.pop() {
            if depth < max_depth && rng.random::<bool>() {
                let children = [nodes.len() as u32, nodes.len() as u32 + 1];
                nodes.push(TreeNode::Leaf(0.5));
                nodes.push(TreeNode::Leaf(0.5));
                nodes[index] = TreeNode::Split(children);
                pending.push((children[1] as usize, depth + 1));
                pending.push((children[0] as usize, depth + 1));
            } else {
                nodes[index] = TreeNode::Leaf(jeffreys.sample(rng));
            }
        }
        Ok(Self { nodes, context: 0 })
    }

    /// A tree with the given leaves, each a suffix (newest bit first) and
    /// the probability of a one after it. The suffixes must form a complete
    /// suffix tree: every possible past ends in exactly one of them.
    pub fn from_leaves(leaves: &[(Vec<bool>, f64)]) -> Result<Self> {
        let invalid = |reason| Error::InvalidTreeSource { reason };
        if leaves.is_empty() {
            return Err(invalid("no leaves; give at least the empty suffix"));
        }
        // Grow the tree with placeholders (`Split([0, 0])` = undecided),
        // then check that every node got decided.
        let mut nodes = vec![TreeNode::Split([0, 0])];
        for (suffix, theta) in leaves {
            check_depth(suffix.len())?;
            check_probability("tree source leaf θ", *theta)?;
            let mut index = 0;
            for &bit in suffix {
                index = match nodes[index] {
                    TreeNode::Leaf(_) => {
                        return Err(invalid("a leaf's suffix extends another leaf's"));
                    }
                    TreeNode::Split([0, 0]) => {
                        let children = [nodes.len() as u32, nodes.len() as u32 + 1];
                        nodes.push(TreeNode::Split([0, 0]));
                        nodes.push(TreeNode::Split([0, 0]));
                        nodes[index] = TreeNode::Split(children);
                        children[usize::from(bit)] as usize
                    }
                    TreeNode::Split(children) => children[usize::from(bit)] as usize,
                };
            }
            if nodes[index] != TreeNode::Split([0, 0]) {
                return Err(invalid(
                    "two leaves share a suffix, or a leaf is an inner node",
                ));
            }
            nodes[index] = TreeNode::Leaf(*theta);
        }
        if nodes.contains(&TreeNode::Split([0, 0])) {
            return Err(invalid(
                "some past reaches no leaf; the suffixes must cover every context",
            ));
        }
        Ok(Self { nodes, context: 0 })
    }

    /// Every leaf as (suffix, newest bit first; probability of a one).
    pub fn leaves(&self) -> Vec<(Vec<bool>, f64)> {
        let mut leaves = Vec::new();
        let mut pending = vec![(0usize, Vec::new())];
        while let Some((index, suffix)) = pending.pop() {
            match self.nodes[index] {
                TreeNode::Leaf(theta) => leaves.push((suffix, theta)),
                TreeNode::Split(children) => {
                    for bit in [true, false] {
                        let mut longer = suffix.clone();
                        longer.push(bit);
                        pending.push((children[usize::from(bit)] as usize, longer));
                    }
                }
            }
        }
        leaves
    }

    /// Length of the longest suffix.
    pub fn depth(&self) -> usize {
        self.leaves()
            .iter()
            .map(|(s, _)| s.len())
            .max()
            .unwrap_or(0)
    }
}

fn check_depth(depth: usize) -> Result<usize> {
    crate::error::check_depth("tree source depth", depth, 0, MAX_DEPTH)
}

impl Predictor for TreeSource {
    fn predict(&self) -> f64 {
        let mut index = 0;
        let mut depth = 0;
        loop {
            match self.nodes[index] {
                TreeNode::Leaf(theta) => return theta,
                TreeNode::Split(children) => {
                    index = children[((self.context >> depth) & 1) as usize] as usize;
                    depth += 1;
                }
            }
        }
    }

    fn update(&mut self, bit: bool) {
        self.context = (self.context << 1) | u64::from(bit);
    }
}

impl Source for TreeSource {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rejects_incomplete_or_overlapping_suffixes() {
        assert!(TreeSource::from_leaves(&[]).is_err());
        assert!(TreeSource::from_leaves(&[(vec![true], 0.5)]).is_err());
        assert!(TreeSource::from_leaves(&[(vec![], 0.5), (vec![true], 0.5)]).is_err());
        assert!(
            TreeSource::from_leaves(&[(vec![true], 0.5), (vec![false], 0.5), (vec![true], 0.1)])
                .is_err()
        );
        assert!(TreeSource::from_leaves(&[(vec![], 1.5)]).is_err());
        assert!(TreeSource::from_leaves(&[(vec![false; 65], 0.5)]).is_err());
    }

    #[test]
    fn leaves_round_trip() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        for _ in 0..20 {
            let source = TreeSource::sample_from_prior(6, &mut rng).unwrap();
            let rebuilt = TreeSource::from_leaves(&source.leaves()).unwrap();
            let mut a = source.clone();
            let mut b = rebuilt;
            for t in 0..200u32 {
                assert_eq!(a.predict(), b.predict());
                let bit = t.count_ones() % 3 == 0;
                a.update(bit);
                b.update(bit);
            }
            assert!(source.depth() <= 6);
        }
    }

    #[test]
    fn walks_newest_bit_first() {
        // Leaf `[false, true]` = newest 0, the one before it 1.
        let mut source = TreeSource::from_leaves(&[
            (vec![true], 0.1),
            (vec![false, true], 0.7),
            (vec![false, false], 0.3),
        ])
        .unwrap();
        source.update(true);
        source.update(false);
        assert_eq!(source.predict(), 0.7);
        source.update(false);
        assert_eq!(source.predict(), 0.3);
    }
}
