//! Context Tree Weighting (Willems, Shtarkov & Tjalkens, 1995). The design
//! is documented in [`crate::baseline`].

use std::fmt;

use crate::error::{Error, Result};
use crate::predictor::{Conditional, Predictor};

mod node;

use node::{Children, Node};

/// Deepest supported context tree; the context register is one `u128`
/// (MC-AIXI's domains use depths up to 96).
const MAX_DEPTH: usize = 128;
/// A child slot holding nothing: the root is node 0 and never anyone's child.
const ABSENT: u32 = 0;
/// Tag bit of a child slot that stands for a once-seen chain; the low 31
/// bits are the history index of the bit that created it.
const SINGLETON: u32 = 1 << 31;

/// Binary Context Tree Weighting of depth `D` (1 to 128) with KT leaves.
///
/// Two ways to start: [`Ctw::new`] pads the past with zeros,
/// [`Ctw::with_past`] takes the bits that preceded the sequence.
///
/// ```
/// use inductive::prelude::*;
///
/// // The worked example of Willems et al. (1995): depth 3, past 010,
/// // sequence 0110100 has weighted probability 95/32768.
/// let past = [false, true, false];
/// let mut ctw = Ctw::with_past(3, &past)?;
/// let bits = ctw.observe([false, true, true, false, true, false, false]);
/// assert!((bits - (32768.0f64 / 95.0).log2()).abs() < 1e-12);
/// # Ok::<(), inductive::Error>(())
/// ```
///
/// # Limits
///
/// Counts are 31 bits and saturate after 2^31 − 1 bits in one context; once
/// more than 2^31 bits have been seen, new contexts are stored as full
/// chains of nodes instead of tags (exact either way, only larger).
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ctw {
    depth: usize,
    nodes: Vec<Node>,
    /// `children[i]`: the child slots of node `i`.
    children: Vec<Children>,
    /// `extensions[i][x]`: the node whose context is node `i`'s with the
    /// newer bit `x` in front ([`ABSENT`] until found), so the next path is
    /// found without walking down from the root.
    extensions: Vec<Children>,
    /// Every bit so far, past included, packed 64 to a word.
    history: Vec<u64>,
    len: usize,
    /// Bits of `history` that came before the sequence.
    past_len: usize,
    /// History indices below this are stored as tags; later ones as nodes.
    tag_limit: usize,
    /// Bit `d - 1` is the `d`-th most recent bit.
    context: u128,
    /// Real nodes on the current context path, root first.
    path: Vec<u32>,
    /// The path of the previous context (one bit shorter at each depth).
    previous_path: Vec<u32>,
    /// `mix[d]`: the weighted `P(1)` at depth `d` of the path; the entry just
    /// past the deepest real node is the fresh subtree's 1/2.
    mix: Vec<f64>,
    /// While an agent's planner tries a future: what to restore.
    journal: Option<Box<Journal>>,
}

/// The state at a mark, and every write since to what existed then, so
/// that [`Ctw::revert`] restores the tree exactly (nodes created since are
/// dropped).
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Journal {
    nodes: usize,
    len: usize,
    context: u128,
    path: Vec<u32>,
    previous_path: Vec<u32>,
    mix: Vec<f64>,
    node_writes: Vec<(u32, Node)>,
    child_writes: Vec<(u32, Children)>,
    extension_writes: Vec<(u32, Children)>,
}

/// Refuses a depth outside `1..=128` before anything is allocated for it.
fn check_depth(depth: usize) -> Result<usize> {
    crate::error::check_depth("CTW depth", depth, 1, MAX_DEPTH)
}

impl Ctw {
    /// The deepest supported context tree.
    pub const MAX_DEPTH: usize = MAX_DEPTH;

    /// CTW of the given depth, with the past before the sequence taken to be
    /// all zeros. Fails unless `1 <= depth <= 128`.
    pub fn new(depth: usize) -> Result<Self> {
        check_depth(depth)?;
        Self::with_past(depth, &vec![false; depth])
    }

    /// CTW of the given depth, conditioned on the bits that came before the
    /// sequence (oldest first). Only the last `depth` bits of `past` form the
    /// first context; fails if `past` has fewer than `depth` bits.
    pub fn with_past(depth: usize, past: &[bool]) -> Result<Self> {
        check_depth(depth)?;
        if past.len() < depth {
            return Err(Error::PastTooShort {
                given: past.len(),
                depth,
            });
        }
        let mut ctw = Self {
            depth,
            nodes: vec![Node::EMPTY],
            children: vec![[ABSENT; 2]],
            extensions: vec![[ABSENT; 2]],
            history: Vec::new(),
            len: 0,
            past_len: past.len(),
            tag_limit: SINGLETON as usize,
            context: 0,
            path: Vec::with_capacity(depth + 1),
            previous_path: Vec::with_capacity(depth + 1),
            mix: vec![0.5; depth + 2],
            journal: None,
        };
        for &bit in past {
            ctw.push_history(bit);
        }
        ctw.find_path();
        Ok(ctw)
    }

    /// The maximum context length `D`.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Bits observed since construction (the past, and the zero context
    /// each episode restarts from, excluded).
    pub fn bits_seen(&self) -> usize {
        self.len - self.past_len
    }

    /// Context-tree nodes allocated so far. Contexts seen only once are held
    /// as tags, not nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Bytes held by the tree, the history and the working buffers.
    pub fn memory_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + (self.children.capacity() + self.extensions.capacity())
                * std::mem::size_of::<Children>()
            + self.history.capacity() * std::mem::size_of::<u64>()
            + (self.path.capacity() + self.previous_path.capacity()) * std::mem::size_of::<u32>()
            + self.mix.capacity() * std::mem::size_of::<f64>()
    }

    /// Bytes of one context-tree node (statistics, child slots and
    /// extension links).
    pub const fn bytes_per_node() -> usize {
        std::mem::size_of::<Node>() + 2 * std::mem::size_of::<Children>()
    }

    #[inline]
    fn bit_at(&self, index: usize) -> bool {
        (self.history[index / 64] >> (index % 64)) & 1 == 1
    }

    fn push_history(&mut self, bit: bool) {
        if self.len.is_multiple_of(64) {
            self.history.push(0);
        }
        if bit {
            self.history[self.len / 64] |= 1 << (self.len % 64);
        }
        self.len += 1;
        self.context = (self.context << 1) | u128::from(bit);
    }

    /// Turns the once-seen chain created at history index `time` into a real
    /// node at depth `depth`, leaving the rest of the chain as a tag.
    fn expand(&mut self, time: usize, depth: usize) -> u32 {
        let mut children = [ABSENT; 2];
        if depth < self.depth {
            let below = usize::from(self.bit_at(time - depth - 1));
            children[below] = SINGLETON | time as u32;
        }
        self.push_node(Node::seen_once(self.bit_at(time)), children)
    }

    fn push_node(&mut self, node: Node, children: Children) -> u32 {
        let index = self.nodes.len() as u32;
        debug_assert!(index < SINGLETON, "context tree exceeds 2^31 nodes");
        self.nodes.push(node);
        self.children.push(children);
        self.extensions.push([ABSENT; 2]);
        index
    }

    /// Walks the current context from the root, expanding tags it passes
    /// (the next update visits them a second time), then computes the
    /// weighted prediction at every depth of the path.
    fn find_path(&mut self) {
        std::mem::swap(&mut self.path, &mut self.previous_path);
        self.path.clear();
        self.path.push(0);
        let newest = (self.context & 1) as usize;
        // The node at depth d is the previous path's node at depth d - 1
        // extended by the newest bit: independent loads, no pointer chase.
        for &shorter in self.previous_path.iter().take(self.depth) {
            let longer = self.extensions[shorter as usize][newest];
            if longer == ABSENT {
                break;
            }
            self.path.push(longer);
        }
        // Below the last known extension, descend the tree (the ground
        // truth), expanding tags and recording the extensions found.
        let mut node = self.path[self.path.len() - 1] as usize;
        for d in self.path.len()..=self.depth {
            let branch = ((self.context >> (d - 1)) & 1) as usize;
            let slot = self.children[node][branch];
            let child = if slot == ABSENT {
                break;
            } else if slot & SINGLETON != 0 {
                let child = self.expand((slot & !SINGLETON) as usize, d);
                self.log_children(node as u32);
                self.children[node][branch] = child;
                child
            } else {
                slot
            };
            if let Some(&shorter) = self.previous_path.get(d - 1) {
                self.log_extensions(shorter);
                self.extensions[shorter as usize][newest] = child;
            }
            self.path.push(child);
            node = child as usize;
        }

        let deepest = self.path.len() - 1;
        // A subtree never visited predicts 1/2 whatever its shape.
        let mut p = 0.5;
        self.mix[deepest + 1] = p;
        for d in (0..=deepest).rev() {
            let node = &self.nodes[self.path[d] as usize];
            p = if d == self.depth {
                node.kt_one()
            } else {
                let (a, b) = node.mix_coefficients();
                a + b * p
            };
            self.mix[d] = p;
        }
    }

    /// [`find_path`](Self::find_path) after more than one bit: the previous
    /// path is not the current context less its newest bit, so the walk
    /// starts at the root.
    fn find_path_from_root(&mut self) {
        self.path.clear();
        self.previous_path.clear();
        self.find_path();
    }

    /// Stores a context seen for the first time below the deepest real node.
    fn attach_new_context(&mut self, bit: bool) {
        let deepest = self.path.len() - 1;
        let mut parent = self.path[deepest] as usize;
        let time = self.len;
        self.log_children(parent as u32);
        if time < self.tag_limit {
            let branch = ((self.context >> deepest) & 1) as usize;
            self.children[parent][branch] = SINGLETON | time as u32;
            return;
        }
        for d in deepest + 1..=self.depth {
            let branch = ((self.context >> (d - 1)) & 1) as usize;
            let child = self.push_node(Node::seen_once(bit), [ABSENT; 2]);
            self.children[parent][branch] = child;
            parent = child as usize;
        }
    }
}

impl Conditional for Ctw {
    /// Appends `bit` to the history without learning from it: the context
    /// moves, the counts stay (an agent's actions, which its model
    /// conditions on but does not predict).
    fn condition(&mut self, bit: bool) {
        self.push_history(bit);
        self.find_path();
    }

    /// Walks one context path, from the root, for all of `bits`.
    fn condition_all(&mut self, bits: &[bool]) {
        match bits {
            [] => {}
            [bit] => self.condition(*bit),
            _ => {
                for &bit in bits {
                    self.push_history(bit);
                }
                self.find_path_from_root();
            }
        }
    }

    /// Learns `bit` on the current path and walks one context path, from
    /// the root, for the history that ends with `then`.
    fn update_then_condition(&mut self, bit: bool, then: &[bool]) {
        if then.is_empty() {
            return self.update(bit);
        }
        self.learn(bit);
        self.push_history(bit);
        for &bit in then {
            self.push_history(bit);
        }
        self.find_path_from_root();
    }

    /// Marks the current state: [`revert`](Conditional::revert) returns to
    /// it exactly, however many bits are learned or conditioned on since.
    /// Costs one copy of the current path; each later write to an existing
    /// node is logged.
    fn mark(&mut self) -> bool {
        let mut journal = self.journal.take().unwrap_or_default();
        journal.nodes = self.nodes.len();
        journal.len = self.len;
        journal.context = self.context;
        journal.path.clone_from(&self.path);
        journal.previous_path.clone_from(&self.previous_path);
        journal.mix.clone_from(&self.mix);
        journal.node_writes.clear();
        journal.child_writes.clear();
        journal.extension_writes.clear();
        self.journal = Some(journal);
        true
    }

    /// Returns to the state of the last [`mark`](Conditional::mark) (which
    /// stays set); without a mark, does nothing.
    fn revert(&mut self) {
        let Some(mut journal) = self.journal.take() else {
            return;
        };
        for &(index, node) in journal.node_writes.iter().rev() {
            self.nodes[index as usize] = node;
        }
        for &(index, children) in journal.child_writes.iter().rev() {
            self.children[index as usize] = children;
        }
        for &(index, extensions) in journal.extension_writes.iter().rev() {
            self.extensions[index as usize] = extensions;
        }
        self.nodes.truncate(journal.nodes);
        self.children.truncate(journal.nodes);
        self.extensions.truncate(journal.nodes);
        self.len = journal.len;
        self.history.truncate(self.len.div_ceil(64));
        if !self.len.is_multiple_of(64) {
            self.history[self.len / 64] &= (1u64 << (self.len % 64)) - 1;
        }
        self.context = journal.context;
        self.path.clone_from(&journal.path);
        self.previous_path.clone_from(&journal.previous_path);
        self.mix.clone_from(&journal.mix);
        journal.node_writes.clear();
        journal.child_writes.clear();
        journal.extension_writes.clear();
        self.journal = Some(journal);
    }

    /// Forgets the mark: writes are no longer logged.
    fn unmark(&mut self) {
        self.journal = None;
    }
}

impl Ctw {
    /// Counts `bit` in every node of the current path (logging the writes
    /// while a mark is set) and stores its context if new; the history and
    /// the path do not move.
    fn learn(&mut self, bit: bool) {
        let x = usize::from(bit);
        if let Some(journal) = &mut self.journal {
            for &index in &self.path {
                if (index as usize) < journal.nodes {
                    journal
                        .node_writes
                        .push((index, self.nodes[index as usize]));
                }
            }
        }
        for (d, &index) in self.path.iter().enumerate() {
            let node = &mut self.nodes[index as usize];
            if d < self.depth {
                let child_one = self.mix[d + 1];
                node.learn(x, if bit { child_one } else { 1.0 - child_one });
            } else {
                node.count_bit(x);
            }
        }
        if self.path.len() <= self.depth {
            self.attach_new_context(bit);
        }
    }

    fn log_children(&mut self, index: u32) {
        if let Some(journal) = &mut self.journal
            && (index as usize) < journal.nodes
        {
            journal
                .child_writes
                .push((index, self.children[index as usize]));
        }
    }

    fn log_extensions(&mut self, index: u32) {
        if let Some(journal) = &mut self.journal
            && (index as usize) < journal.nodes
        {
            journal
                .extension_writes
                .push((index, self.extensions[index as usize]));
        }
    }
}

impl Predictor for Ctw {
    #[inline]
    fn predict(&self) -> f64 {
        self.mix[0]
    }

    fn update(&mut self, bit: bool) {
        self.learn(bit);
        self.push_history(bit);
        self.find_path();
    }

    /// Shared across episodes: the counts and the tree persist (one
    /// source for every episode), and the context restarts from the zero
    /// past, as at construction, so no context spans two episodes.
    fn end_episode(&mut self) {
        // One bit at a time: each path is found from the one before it.
        for _ in 0..self.depth {
            self.push_history(false);
            self.find_path();
        }
        self.past_len += self.depth;
    }
}

impl fmt::Debug for Ctw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctw")
            .field("depth", &self.depth)
            .field("bits_seen", &self.bits_seen())
            .field("nodes", &self.nodes.len())
            .field("prediction", &self.predict())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PredictorExt;

    /// Past 2^31 bits contexts are stored as chains of nodes; force that
    /// path from the start and check it gives the same numbers.
    #[test]
    fn full_chains_agree_with_tags() {
        let data: Vec<bool> = (0..3000u32).map(|t| (t * t + t / 7) % 5 < 2).collect();
        for depth in [1, 5, 20] {
            let mut tagged = Ctw::new(depth).unwrap();
            let mut chained = Ctw::new(depth).unwrap();
            chained.tag_limit = 0;
            for &bit in &data {
                assert_eq!(tagged.predict().to_bits(), chained.predict().to_bits());
                tagged.update(bit);
                chained.update(bit);
            }
            // At depth 1 every context repeats, so both hold the same nodes.
            assert!(chained.node_count() >= tagged.node_count());
            if depth == 20 {
                assert!(chained.node_count() > tagged.node_count());
            }
            let (a, b) = (
                tagged.observe([true, false]),
                chained.observe([true, false]),
            );
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }
}
