//! What the market knows (`D_n`), and questions about the worlds
//! consistent with it, enumerated per independent group of atoms.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::language::{Atom, Language, Sentence};
use super::union_find::UnionFind;
use super::worlds::{Compiled, GroupWorlds};
use crate::error::{Error, Result};

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("more than 2^32 groups in one question")
}

/// Which worlds a question ranges over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Worlds {
    /// The propositionally consistent worlds `PC(D)`: atoms get truth
    /// values, sentences follow, and every known sentence is true.
    #[default]
    Plausible,
    /// Every world in the paper's sense: each sentence true or false on its
    /// own, whatever is known. (The market maker's worst case; as a budget
    /// rule, an ablation.)
    All,
}

/// Most free atoms in one independent group that a question may enumerate
/// (2^20 worlds, 64 at a time). A question over such a group takes from
/// 54 ms (few consistent worlds, as under exactly-one) to 0.62 s (a
/// million distinct truth patterns to keep) in a release build
/// (`cargo bench --bench market -- knowledge`); at 22 atoms a query took
/// up to 12 s, so the limit was lowered.
pub const MAX_GROUP_ATOMS: usize = 20;

/// The sentences known true (`D`), and questions about the worlds
/// consistent with them.
///
/// Literals (`b3`, `¬A`) fix their atom; other known sentences are kept as
/// constraints, and the atoms they mention are joined into groups
/// (union–find). A question enumerates only the groups it touches.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    known: Vec<Sentence>,
    known_set: FxHashSet<Sentence>,
    /// Truth value fixed by a known literal, by atom index.
    fixed: Vec<Option<bool>>,
    /// The groups of linked atoms, by atom index (atoms never in a
    /// constraint are their own root).
    linked: UnionFind,
    /// For each root: the atoms and constraints of its group.
    groups: FxHashMap<u32, Group>,
    /// While a transaction is open: how to undo what it changed.
    journal: Option<Journal>,
}

/// What a transaction changed, to undo it (see [`Knowledge::begin`]).
#[derive(Clone, Debug, Default)]
struct Journal {
    known: usize,
    atoms: usize,
    /// Earlier values, in the order they were overwritten.
    undo: Vec<Undo>,
}

#[derive(Clone, Debug)]
enum Undo {
    Fixed(usize, Option<bool>),
    Parent(u32, u32),
    Group(u32, Option<Group>),
}

#[derive(Clone, Debug, Default)]
struct Group {
    atoms: Vec<Atom>,
    constraints: Vec<Sentence>,
}

impl Knowledge {
    /// Nothing known: every world is consistent.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The known sentences, in the order they became known.
    #[must_use]
    pub fn known(&self) -> &[Sentence] {
        &self.known
    }

    /// Whether `sentence` itself is among the known sentences.
    #[must_use]
    pub fn is_known(&self, sentence: Sentence) -> bool {
        self.known_set.contains(&sentence)
    }

    /// The value a known literal fixed for `atom`, if any.
    #[must_use]
    pub fn fixed(&self, atom: Atom) -> Option<bool> {
        self.fixed.get(atom.index()).copied().flatten()
    }

    fn ensure_atoms(&mut self, n: usize) {
        if self.fixed.len() < n {
            self.fixed.resize(n, None);
            self.linked.grow(n);
        }
    }

    /// The representative of `atom`'s group of linked atoms.
    pub(crate) fn find(&self, atom: Atom) -> u32 {
        self.linked.find(atom.0)
    }

    /// Opens a transaction: what is added from now on can be undone as a
    /// whole by [`rollback`](Self::rollback), or kept by
    /// [`commit`](Self::commit). A market day is one transaction, so a day
    /// that fails leaves nothing of it known.
    pub(crate) fn begin(&mut self) {
        debug_assert!(self.journal.is_none(), "transactions do not nest");
        self.journal = Some(Journal {
            known: self.known.len(),
            atoms: self.fixed.len(),
            undo: Vec::new(),
        });
    }

    /// Keeps everything added since [`begin`](Self::begin).
    pub(crate) fn commit(&mut self) {
        self.journal = None;
    }

    /// Undoes everything added since [`begin`](Self::begin).
    pub(crate) fn rollback(&mut self) {
        let Some(journal) = self.journal.take() else {
            return;
        };
        for undo in journal.undo.into_iter().rev() {
            match undo {
                Undo::Fixed(atom, value) => self.fixed[atom] = value,
                Undo::Parent(atom, parent) => {
                    self.linked.attach(atom, parent);
                }
                Undo::Group(root, Some(group)) => {
                    self.groups.insert(root, group);
                }
                Undo::Group(root, None) => {
                    self.groups.remove(&root);
                }
            }
        }
        for sentence in self.known.drain(journal.known..) {
            self.known_set.remove(&sentence);
        }
        self.fixed.truncate(journal.atoms);
        self.linked.truncate(journal.atoms);
    }

    fn record(&mut self, undo: impl FnOnce() -> Undo) {
        if let Some(journal) = &mut self.journal {
            journal.undo.push(undo());
        }
    }

    /// Removes `root`'s group, remembering it for a rollback.
    fn take_group(&mut self, root: u32) -> Option<Group> {
        let group = self.groups.remove(&root);
        if self.journal.is_some() {
            let before = group.clone();
            self.record(|| Undo::Group(root, before));
        }
        group
    }

    fn set_parent(&mut self, atom: u32, parent: u32) {
        let before = self.linked.attach(atom, parent);
        self.record(|| Undo::Parent(atom, before));
    }

    /// Adds `sentence` to what is known. Refuses (and changes nothing) if
    /// it contradicts what is already known.
    pub fn add(&mut self, lang: &Language, sentence: Sentence) -> Result<()> {
        if !lang.contains(sentence) {
            return Err(Error::UnknownSentence {
                index: sentence.index(),
            });
        }
        if self.known_set.contains(&sentence) {
            return Ok(());
        }
        self.ensure_atoms(lang.atom_count());
        if self.decided(lang, sentence)? == Some(false) {
            return Err(Error::Inconsistent {
                sentence: lang.display(sentence).to_string(),
            });
        }
        // Satisfiable together: the range of its truth includes 1.
        if let Some((atom, value)) = lang.as_literal(sentence) {
            let before = self.fixed[atom.index()];
            self.record(|| Undo::Fixed(atom.index(), before));
            self.fixed[atom.index()] = Some(value);
        } else {
            let atoms = lang.atoms(sentence);
            let mut root = self.find(atoms[0]);
            let mut group = self.take_group(root).unwrap_or_else(|| Group {
                atoms: vec![atoms[0]],
                constraints: Vec::new(),
            });
            for &a in &atoms[1..] {
                let r = self.find(a);
                if r == root {
                    continue;
                }
                let other = self.take_group(r).unwrap_or_else(|| Group {
                    atoms: vec![a],
                    constraints: Vec::new(),
                });
                // Union by size: the smaller group hangs under the larger.
                if other.atoms.len() > group.atoms.len() {
                    self.set_parent(root, r);
                    root = r;
                    let mut joined = other;
                    joined.atoms.extend(group.atoms);
                    joined.constraints.extend(group.constraints);
                    group = joined;
                } else {
                    self.set_parent(r, root);
                    group.atoms.extend(other.atoms);
                    group.constraints.extend(other.constraints);
                }
            }
            group.constraints.push(sentence);
            self.groups.insert(root, group);
        }
        self.known.push(sentence);
        self.known_set.insert(sentence);
        Ok(())
    }

    /// The truth value `sentence` has in every consistent world, or `None`
    /// if consistent worlds disagree.
    pub fn decided(&self, lang: &Language, sentence: Sentence) -> Result<Option<bool>> {
        let (min, max) = self.value_range(lang, &[(sentence, 1.0)])?;
        Ok(if min == max { Some(min == 1.0) } else { None })
    }

    /// The least and greatest value of `Σ c·W(φ)` over the consistent
    /// worlds `W` (a portfolio of `c` shares of each `φ`, cash excluded).
    /// Fails for a handle of another language.
    pub fn value_range(
        &self,
        lang: &Language,
        portfolio: &[(Sentence, f64)],
    ) -> Result<(f64, f64)> {
        for &(s, _) in portfolio {
            lang.check(s)?;
        }
        self.range_in(lang, Worlds::Plausible, portfolio)
    }

    /// [`value_range`](Self::value_range) over the worlds `worlds` says,
    /// enumerating each group once.
    pub(crate) fn range_in(
        &self,
        lang: &Language,
        worlds: Worlds,
        portfolio: &[(Sentence, f64)],
    ) -> Result<(f64, f64)> {
        let sentences: Vec<Sentence> = portfolio.iter().map(|&(s, _)| s).collect();
        let shares: Vec<f64> = portfolio.iter().map(|&(_, c)| c).collect();
        let compiled = self.compile(lang, worlds, &sentences)?;
        let max = compiled.maximize(&shares, &shares, (1.0, 0.0)).0;
        let min = compiled.maximize(&shares, &shares, (-1.0, 0.0)).0;
        Ok((min, max))
    }

    /// The truth patterns that `sentences` can take together in the worlds
    /// `worlds` says, grouped by independent sets of atoms: questions with
    /// other coefficients then need no enumeration.
    pub(crate) fn compile(
        &self,
        lang: &Language,
        worlds: Worlds,
        sentences: &[Sentence],
    ) -> Result<Compiled> {
        if worlds == Worlds::All {
            return Ok(Compiled::each_on_its_own(sentences));
        }
        let mut compiled = Compiled::default();
        for (roots, terms) in self.link(lang, sentences, &mut compiled) {
            // The common case: one free atom of its own, in one sentence.
            if let [i] = terms[..]
                && let Some((atom, value)) = lang.as_literal(sentences[i])
                && self.fixed(atom).is_none()
                && !self.groups.contains_key(&self.find(atom))
            {
                compiled.groups.push(GroupWorlds {
                    terms,
                    patterns: vec![!value, value],
                });
                continue;
            }
            let mut atoms: Vec<Atom> = Vec::new();
            let mut constraints: Vec<Sentence> = Vec::new();
            for root in roots {
                match self.groups.get(&root) {
                    Some(group) => {
                        atoms.extend(
                            group
                                .atoms
                                .iter()
                                .copied()
                                .filter(|&x| self.fixed(x).is_none()),
                        );
                        constraints.extend_from_slice(&group.constraints);
                    }
                    None => atoms.push(Atom(root)),
                }
            }
            atoms.sort_unstable();
            atoms.dedup();
            let patterns = self.enumerate_group(lang, &atoms, &constraints, &terms, sentences)?;
            compiled.groups.push(GroupWorlds { terms, patterns });
        }
        Ok(compiled)
    }

    /// Joins `sentences` that share a free atom's group: sentences decided
    /// by fixed atoms alone go into `compiled` as constants; the rest come
    /// back as `(groups of atoms, sentence indices)`, one entry per
    /// independent set, in a deterministic order.
    fn link(
        &self,
        lang: &Language,
        sentences: &[Sentence],
        compiled: &mut Compiled,
    ) -> Vec<(Vec<u32>, Vec<usize>)> {
        let mut group_of_root: FxHashMap<u32, u32> = FxHashMap::default();
        let mut joined = UnionFind::default();
        let mut pending: Vec<(u32, usize)> = Vec::new();
        for (i, &s) in sentences.iter().enumerate() {
            let mut first: Option<u32> = None;
            for &atom in lang.atoms(s) {
                if self.fixed(atom).is_some() {
                    continue;
                }
                let root = self.find(atom);
                let g = *group_of_root.entry(root).or_insert_with(|| {
                    joined.grow(joined.len() + 1);
                    to_u32(joined.len() - 1)
                });
                match first {
                    None => first = Some(g),
                    Some(f) => joined.union(f, g),
                }
            }
            match first {
                None => {
                    let fixed = &self.fixed;
                    let truth = lang.evaluate(s, &mut |atom| fixed[atom.index()].unwrap_or(false));
                    compiled.groups.push(GroupWorlds {
                        terms: vec![i],
                        patterns: vec![truth],
                    });
                }
                Some(g) => pending.push((g, i)),
            }
        }
        let mut sets: BTreeMap<u32, (Vec<u32>, Vec<usize>)> = BTreeMap::new();
        let mut sorted_roots: Vec<(u32, u32)> = group_of_root.into_iter().collect();
        sorted_roots.sort_unstable();
        for (root, g) in sorted_roots {
            sets.entry(joined.find_compress(g))
                .or_default()
                .0
                .push(root);
        }
        for (g, i) in pending {
            sets.entry(joined.find_compress(g)).or_default().1.push(i);
        }
        sets.into_values().collect()
    }

    /// Truth patterns of `terms` over the consistent assignments of `atoms`
    /// (row-major, one row per distinct pattern).
    fn enumerate_group(
        &self,
        lang: &Language,
        atoms: &[Atom],
        constraints: &[Sentence],
        terms: &[usize],
        sentences: &[Sentence],
    ) -> Result<Vec<bool>> {
        if atoms.len() > MAX_GROUP_ATOMS {
            return Err(Error::TooLarge {
                what: "consistent worlds of one group of linked atoms",
                count: 1u128 << atoms.len(),
                limit: 1u128 << MAX_GROUP_ATOMS,
                hint: "split the constraints into smaller independent groups of atoms",
            });
        }
        // 64 worlds at a time: world `64·block + k` is lane `k`, and free
        // atom `i` takes the values input `i` takes in a truth table's word
        // `block` (the first six vary across lanes, the rest across blocks).
        let worlds = 1u64 << atoms.len();
        let valid = if worlds >= 64 {
            u64::MAX
        } else {
            (1u64 << worlds) - 1
        };
        let mut rows: FxHashSet<Vec<bool>> = FxHashSet::default();
        let mut packed: FxHashSet<u64> = FxHashSet::default();
        let mut term_lanes = vec![0u64; terms.len()];
        for block in 0..worlds.div_ceil(64) {
            let mut lanes = |atom: Atom| match self.fixed(atom) {
                Some(v) => 0u64.wrapping_sub(u64::from(v)),
                None => {
                    let i = atoms.binary_search(&atom).unwrap_or(0);
                    crate::circuit::variable_word(i, block as usize)
                }
            };
            let mut consistent = valid;
            for &c in constraints {
                consistent &= lang.evaluate_lanes(c, &mut lanes);
                if consistent == 0 {
                    break;
                }
            }
            if consistent == 0 {
                continue;
            }
            for (lane, &i) in term_lanes.iter_mut().zip(terms) {
                *lane = lang.evaluate_lanes(sentences[i], &mut lanes);
            }
            let mut left = consistent;
            while left != 0 {
                let k = left.trailing_zeros();
                left &= left - 1;
                if terms.len() <= 64 {
                    // Packed: one hash of a word per world, not a vector.
                    let key = term_lanes
                        .iter()
                        .enumerate()
                        .fold(0u64, |key, (j, &t)| key | (t >> k & 1) << j);
                    packed.insert(key);
                } else {
                    rows.insert(term_lanes.iter().map(|&t| t >> k & 1 == 1).collect());
                }
            }
        }
        rows.extend(
            packed
                .into_iter()
                .map(|key| (0..terms.len()).map(|j| key >> j & 1 == 1).collect()),
        );
        if rows.is_empty() {
            // `add` keeps the known sentences satisfiable.
            return Err(Error::Inconsistent {
                sentence: "the known sentences (no consistent world)".to_string(),
            });
        }
        let mut rows: Vec<Vec<bool>> = rows.into_iter().collect();
        rows.sort_unstable();
        Ok(rows.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over all 2^atoms assignments agrees with the grouped
    /// enumeration.
    #[test]
    fn value_range_matches_brute_force() {
        let mut lang = Language::new();
        let known_texts = ["A | B", "!(A & B)", "C -> D", "b0", "E | !b0 & F"];
        let portfolio_texts = [
            ("A", 1.5),
            ("B & C", -2.0),
            ("D", 0.7),
            ("E", -1.0),
            ("F | G", 3.0),
            ("b0", 2.0),
        ];
        let known: Vec<_> = known_texts.iter().map(|t| lang.parse(t).unwrap()).collect();
        let portfolio: Vec<_> = portfolio_texts
            .iter()
            .map(|&(t, c)| (lang.parse(t).unwrap(), c))
            .collect();
        let mut knowledge = Knowledge::new();
        for &k in &known {
            knowledge.add(&lang, k).unwrap();
        }
        let n = lang.atom_count();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for mask in 0u32..1 << n {
            let mut world = |a: Atom| mask >> a.index() & 1 == 1;
            if known.iter().all(|&k| lang.evaluate(k, &mut world)) {
                let v: f64 = portfolio
                    .iter()
                    .filter(|&&(s, _)| lang.evaluate(s, &mut world))
                    .map(|&(_, c)| c)
                    .sum();
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        let (min, max) = knowledge.value_range(&lang, &portfolio).unwrap();
        assert!(
            (min - lo).abs() < 1e-12 && (max - hi).abs() < 1e-12,
            "{min} {max} vs {lo} {hi}"
        );
    }

    #[test]
    fn contradictions_are_refused_and_change_nothing() {
        let mut lang = Language::new();
        let one = {
            let s: Vec<_> = ["A", "B", "C"]
                .iter()
                .map(|t| lang.parse(t).unwrap())
                .collect();
            lang.exactly_one(&s).unwrap()
        };
        let mut k = Knowledge::new();
        k.add(&lang, one).unwrap();
        for t in ["!A", "!B"] {
            let s = lang.parse(t).unwrap();
            k.add(&lang, s).unwrap();
        }
        let c = lang.parse("C").unwrap();
        assert_eq!(k.decided(&lang, c).unwrap(), Some(true));
        let not_c = lang.parse("!C").unwrap();
        assert!(matches!(
            k.add(&lang, not_c),
            Err(Error::Inconsistent { .. })
        ));
        assert_eq!(k.known().len(), 3);
        assert!(lang.exactly_one(&[]).is_err());
    }

    #[test]
    fn all_worlds_ignore_what_is_known() {
        let mut lang = Language::new();
        let a = lang.parse("A").unwrap();
        let not_a = lang.parse("!A").unwrap();
        let mut k = Knowledge::new();
        k.add(&lang, a).unwrap();
        let terms = [(a, 1.0), (not_a, 1.0)];
        assert_eq!(k.range_in(&lang, Worlds::Plausible, &terms).unwrap().1, 1.0);
        assert_eq!(k.range_in(&lang, Worlds::All, &terms).unwrap().1, 2.0);
        assert_eq!(k.range_in(&lang, Worlds::All, &terms).unwrap().0, 0.0);
    }
}
