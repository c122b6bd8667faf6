//! The propositional language the market prices: sentences as hash-consed
//! handles to formulas over named atoms and sequence bits. The grammar is
//! documented in [`crate::market`].

use std::fmt;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// A sentence: a handle to a formula of the [`Language`] that made it.
///
/// Handles are only meaningful in their own language; using one with
/// another language is a logic error (like an index into the wrong `Vec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sentence(u32);

impl Sentence {
    /// The handle's index in its language (sentences are numbered in order
    /// of creation).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An atom: a handle to a propositional variable of a [`Language`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub(super) u32);

impl Atom {
    /// The atom's index in its language.
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an atom stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AtomName {
    /// "Bit `t` of the sequence is 1", written `b{t}`.
    Bit(u64),
    /// A named fact, written as its name (an identifier).
    Named(Box<str>),
}

impl fmt::Display for AtomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtomName::Bit(t) => write!(f, "b{t}"),
            AtomName::Named(name) => f.write_str(name),
        }
    }
}

/// The shape of a sentence: an atom or a connective over sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Formula {
    /// An atom.
    Atom(Atom),
    /// `¬φ`.
    Not(Sentence),
    /// `φ ∧ ψ`.
    And(Sentence, Sentence),
    /// `φ ∨ ψ`.
    Or(Sentence, Sentence),
    /// `φ → ψ`.
    Implies(Sentence, Sentence),
}

/// A hash-consed propositional language: every formula built once, shared
/// by handle.
///
/// ```
/// use inductive::market::Language;
///
/// let mut lang = Language::new();
/// let b3 = lang.bit(3);
/// let a = lang.atom("A")?;
/// let s = lang.implies(a, b3)?;
/// assert_eq!(lang.parse("A -> b3")?, s); // the same handle
/// assert_eq!(lang.display(s).to_string(), "A → b3");
/// assert!(lang.parse("A & (B").is_err());
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Language {
    formulas: Vec<Formula>,
    /// Nesting depth of each sentence (an atom is 1).
    depths: Vec<u32>,
    /// The atoms of each sentence, sorted and without repeats.
    atoms_of: Vec<Box<[Atom]>>,
    index: FxHashMap<Formula, Sentence>,
    atom_names: Vec<AtomName>,
    atom_sentences: Vec<Sentence>,
    atom_index: FxHashMap<AtomName, Atom>,
}

impl Language {
    /// An empty language.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of distinct sentences built so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.formulas.len()
    }

    /// True before any sentence is built.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.formulas.is_empty()
    }

    /// Number of distinct atoms.
    #[must_use]
    pub fn atom_count(&self) -> usize {
        self.atom_names.len()
    }

    /// Whether `sentence` is a handle of this language.
    #[must_use]
    pub fn contains(&self, sentence: Sentence) -> bool {
        sentence.index() < self.formulas.len()
    }

    /// The sentence "bit `t` of the sequence is 1".
    pub fn bit(&mut self, t: u64) -> Sentence {
        self.intern_atom(AtomName::Bit(t))
    }

    /// The sentence "bit `t` is `value`": `b{t}` or `¬b{t}`.
    pub fn bit_is(&mut self, t: u64, value: bool) -> Sentence {
        let bit = self.bit(t);
        if value { bit } else { self.negation(bit) }
    }

    /// The atom named `name`, which must be an identifier (letters, digits
    /// and `_`, not starting with a digit) other than `b` followed by
    /// digits, which names a sequence bit.
    pub fn atom(&mut self, name: &str) -> Result<Sentence> {
        check_atom_name(name, 0)?;
        Ok(self.intern_atom(AtomName::Named(name.into())))
    }

    pub(super) fn intern_atom(&mut self, name: AtomName) -> Sentence {
        if let Some(&atom) = self.atom_index.get(&name) {
            return self.atom_sentences[atom.index()];
        }
        let atom = Atom(to_u32(self.atom_names.len()));
        self.atom_names.push(name.clone());
        self.atom_index.insert(name, atom);
        let sentence = self.intern(Formula::Atom(atom), Box::new([atom]));
        self.atom_sentences.push(sentence);
        sentence
    }

    fn intern(&mut self, formula: Formula, atoms: Box<[Atom]>) -> Sentence {
        if let Some(&s) = self.index.get(&formula) {
            return s;
        }
        let s = Sentence(to_u32(self.formulas.len()));
        let depth = 1 + match formula {
            Formula::Atom(_) => 0,
            Formula::Not(p) => self.depths[p.index()],
            Formula::And(p, q) | Formula::Or(p, q) | Formula::Implies(p, q) => {
                self.depths[p.index()].max(self.depths[q.index()])
            }
        };
        self.depths.push(depth);
        self.formulas.push(formula);
        self.atoms_of.push(atoms);
        self.index.insert(formula, s);
        s
    }

    fn binary(&mut self, formula: Formula, a: Sentence, b: Sentence) -> Sentence {
        if let Some(&s) = self.index.get(&formula) {
            return s;
        }
        let merged = merge_sorted(&self.atoms_of[a.index()], &self.atoms_of[b.index()]);
        self.intern(formula, merged)
    }

    /// `¬φ`. Fails for a handle of another language.
    pub fn not(&mut self, phi: Sentence) -> Result<Sentence> {
        self.check(phi)?;
        self.check_depth(&[phi])?;
        Ok(self.negation(phi))
    }

    /// `φ ∧ ψ`. Fails for a handle of another language.
    pub fn and(&mut self, phi: Sentence, psi: Sentence) -> Result<Sentence> {
        self.check_all(&[phi, psi])?;
        self.check_depth(&[phi, psi])?;
        Ok(self.binary(Formula::And(phi, psi), phi, psi))
    }

    /// `φ ∨ ψ`. Fails for a handle of another language.
    pub fn or(&mut self, phi: Sentence, psi: Sentence) -> Result<Sentence> {
        self.check_all(&[phi, psi])?;
        self.check_depth(&[phi, psi])?;
        Ok(self.binary(Formula::Or(phi, psi), phi, psi))
    }

    /// `φ → ψ`. Fails for a handle of another language.
    pub fn implies(&mut self, phi: Sentence, psi: Sentence) -> Result<Sentence> {
        self.check_all(&[phi, psi])?;
        self.check_depth(&[phi, psi])?;
        Ok(self.binary(Formula::Implies(phi, psi), phi, psi))
    }

    /// `φ ↔ ψ`, as `(φ → ψ) ∧ (ψ → φ)`. Fails for a handle of another
    /// language.
    pub fn iff(&mut self, phi: Sentence, psi: Sentence) -> Result<Sentence> {
        let forward = self.implies(phi, psi)?;
        let backward = self.implies(psi, phi)?;
        self.and(forward, backward)
    }

    /// `¬φ` for a handle of this language.
    fn negation(&mut self, phi: Sentence) -> Sentence {
        let atoms = self.atoms_of[phi.index()].clone();
        self.intern(Formula::Not(phi), atoms)
    }

    /// `UnknownSentence` unless `sentence` is a handle of this language.
    pub(crate) fn check(&self, sentence: Sentence) -> Result<()> {
        if self.contains(sentence) {
            Ok(())
        } else {
            Err(Error::UnknownSentence {
                index: sentence.index(),
            })
        }
    }

    /// `parts` joined by `join` (∧ or ∨) as a balanced tree.
    fn balanced(
        &mut self,
        parts: &[Sentence],
        join: fn(Sentence, Sentence) -> Formula,
    ) -> Result<Sentence> {
        match parts {
            [] => Err(Error::InvalidSize {
                what: "sentences to join",
                expected: "at least 1",
                value: 0,
            }),
            [only] => Ok(*only),
            _ => {
                let (left, right) = parts.split_at(parts.len() / 2);
                let (l, r) = (self.balanced(left, join)?, self.balanced(right, join)?);
                self.check_depth(&[l, r])?;
                Ok(self.binary(join(l, r), l, r))
            }
        }
    }

    /// Refuses a connective over `parts` that would nest deeper than
    /// [`MAX_DEPTH`]: display and evaluation recurse once per level.
    fn check_depth(&self, parts: &[Sentence]) -> Result<()> {
        let depth = 1 + parts
            .iter()
            .map(|p| self.depths[p.index()])
            .max()
            .unwrap_or(0);
        if depth as usize > MAX_DEPTH {
            return Err(Error::TooLarge {
                what: "nesting depth of a sentence",
                count: u128::from(depth),
                limit: MAX_DEPTH as u128,
                hint: "build flatter sentences (a long conjunction as a balanced tree, or several known sentences)",
            });
        }
        Ok(())
    }

    /// [`check`](Self::check) for every sentence.
    pub(crate) fn check_all(&self, sentences: &[Sentence]) -> Result<()> {
        sentences.iter().try_for_each(|&s| self.check(s))
    }

    /// How many sentences and atoms exist: a mark to
    /// [`truncate`](Self::truncate) back to.
    pub(crate) fn mark(&self) -> (usize, usize) {
        (self.formulas.len(), self.atom_names.len())
    }

    /// Forgets every sentence and atom interned since `mark`: a failed
    /// parse or market day leaves the language as it found it.
    pub(crate) fn truncate(&mut self, (sentences, atoms): (usize, usize)) {
        for formula in self.formulas.drain(sentences..) {
            self.index.remove(&formula);
        }
        self.atoms_of.truncate(sentences);
        self.depths.truncate(sentences);
        for name in self.atom_names.drain(atoms..) {
            self.atom_index.remove(&name);
        }
        self.atom_sentences.truncate(atoms);
    }

    /// "Exactly one of `sentences` is true": at least one, and no two.
    /// An empty list is refused (it would be a contradiction).
    pub fn exactly_one(&mut self, sentences: &[Sentence]) -> Result<Sentence> {
        self.check_all(sentences)?;
        if sentences.is_empty() {
            return Err(Error::InvalidSize {
                what: "sentences in exactly-one",
                expected: "at least 1",
                value: 0,
            });
        }
        // Balanced trees, so the depth grows with the logarithm of the
        // count (a chain of n² clauses would pass MAX_DEPTH at 46 sentences).
        let any = self.balanced(sentences, Formula::Or)?;
        let mut exclusions = Vec::with_capacity(sentences.len() * sentences.len() / 2);
        for (i, &a) in sentences.iter().enumerate() {
            for &b in &sentences[i + 1..] {
                let both = self.and(a, b)?;
                exclusions.push(self.not(both)?);
            }
        }
        if exclusions.is_empty() {
            return Ok(any);
        }
        let none_twice = self.balanced(&exclusions, Formula::And)?;
        self.and(any, none_twice)
    }

    /// The formula behind a handle.
    #[must_use]
    pub fn formula(&self, sentence: Sentence) -> Formula {
        self.formulas[sentence.index()]
    }

    /// The atoms a sentence mentions, sorted.
    #[must_use]
    pub fn atoms(&self, sentence: Sentence) -> &[Atom] {
        &self.atoms_of[sentence.index()]
    }

    /// What an atom stands for.
    #[must_use]
    pub fn atom_name(&self, atom: Atom) -> &AtomName {
        &self.atom_names[atom.index()]
    }

    /// The sentence that is just `atom`.
    #[must_use]
    pub fn atom_sentence(&self, atom: Atom) -> Sentence {
        self.atom_sentences[atom.index()]
    }

    /// The atom of sequence bit `t`, if a sentence has mentioned it.
    #[must_use]
    pub fn find_bit(&self, t: u64) -> Option<Atom> {
        self.atom_index.get(&AtomName::Bit(t)).copied()
    }

    /// Truth values of `sentence` in 64 worlds at once: bit `k` of the
    /// result is its value in world `k`, where bit `k` of `lanes(atom)` is
    /// the atom's.
    pub(crate) fn evaluate_lanes(
        &self,
        sentence: Sentence,
        lanes: &mut impl FnMut(Atom) -> u64,
    ) -> u64 {
        match self.formulas[sentence.index()] {
            Formula::Atom(a) => lanes(a),
            Formula::Not(p) => !self.evaluate_lanes(p, lanes),
            Formula::And(p, q) => self.evaluate_lanes(p, lanes) & self.evaluate_lanes(q, lanes),
            Formula::Or(p, q) => self.evaluate_lanes(p, lanes) | self.evaluate_lanes(q, lanes),
            Formula::Implies(p, q) => {
                !self.evaluate_lanes(p, lanes) | self.evaluate_lanes(q, lanes)
            }
        }
    }

    /// Truth value of `sentence` when each atom has the value `world` gives.
    pub fn evaluate(&self, sentence: Sentence, world: &mut impl FnMut(Atom) -> bool) -> bool {
        match self.formulas[sentence.index()] {
            Formula::Atom(a) => world(a),
            Formula::Not(p) => !self.evaluate(p, world),
            Formula::And(p, q) => self.evaluate(p, world) && self.evaluate(q, world),
            Formula::Or(p, q) => self.evaluate(p, world) || self.evaluate(q, world),
            Formula::Implies(p, q) => !self.evaluate(p, world) || self.evaluate(q, world),
        }
    }

    /// If `sentence` is a literal (an atom or a negated atom), the atom and
    /// the value that makes the sentence true.
    #[must_use]
    pub fn as_literal(&self, sentence: Sentence) -> Option<(Atom, bool)> {
        match self.formulas[sentence.index()] {
            Formula::Atom(a) => Some((a, true)),
            Formula::Not(p) => match self.formulas[p.index()] {
                Formula::Atom(a) => Some((a, false)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Parses a sentence. Atoms are identifiers (`b12` is bit 12);
    /// connectives, loosest first: `->` (or `→`, right-associative), `|`
    /// (`∨`), `&` (`∧`), `!` (`¬`, `~`); parentheses group.
    ///
    /// Nesting (`!` and parentheses) deeper than [`MAX_NESTING`](super::MAX_NESTING) is refused
    /// with an error rather than exhausting the stack, and a failed parse
    /// leaves the language as it was: no atom or sentence of it stays
    /// interned.
    pub fn parse(&mut self, text: &str) -> Result<Sentence> {
        let mark = self.mark();
        let parsed = super::parser::parse(self, text);
        if parsed.is_err() {
            self.truncate(mark);
        }
        parsed
    }

    /// A `Display` of `sentence` with the fewest parentheses that parse back
    /// to the same sentence.
    #[must_use]
    pub fn display(&self, sentence: Sentence) -> SentenceDisplay<'_> {
        SentenceDisplay {
            lang: self,
            sentence,
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, s: Sentence, context: u8) -> fmt::Result {
        // Precedence: 0 implication, 1 or, 2 and, 3 not/atom.
        let (own, text): (u8, _) = match self.formulas[s.index()] {
            Formula::Atom(a) => return write!(f, "{}", self.atom_names[a.index()]),
            Formula::Not(p) => {
                f.write_str("¬")?;
                return self.write(f, p, 3);
            }
            Formula::And(p, q) => (2, (p, q, " ∧ ")),
            Formula::Or(p, q) => (1, (p, q, " ∨ ")),
            Formula::Implies(p, q) => (0, (p, q, " → ")),
        };
        let (p, q, op) = text;
        let paren = own < context;
        if paren {
            f.write_str("(")?;
        }
        if own == 0 {
            // Right-associative: the left side needs parentheses if it is an
            // implication itself.
            self.write(f, p, 1)?;
            f.write_str(op)?;
            self.write(f, q, 0)?;
        } else {
            self.write(f, p, own)?;
            f.write_str(op)?;
            self.write(f, q, own + 1)?;
        }
        if paren {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Displays a sentence of a [`Language`] (see [`Language::display`]).
#[derive(Clone, Copy, Debug)]
pub struct SentenceDisplay<'a> {
    lang: &'a Language,
    sentence: Sentence,
}

impl fmt::Display for SentenceDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.lang.write(f, self.sentence, 0)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("more than 2^32 sentences or atoms in one language")
}

fn merge_sorted(a: &[Atom], b: &[Atom]) -> Box<[Atom]> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out.into_boxed_slice()
}

pub(super) fn is_bit_name(name: &str) -> bool {
    name.len() > 1 && name.starts_with('b') && name[1..].bytes().all(|c| c.is_ascii_digit())
}

pub(super) fn check_atom_name(name: &str, position: usize) -> Result<()> {
    let mut chars = name.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    if !valid {
        return Err(Error::InvalidSentence {
            position,
            reason: format!(
                "{name:?} is not an atom name (letters, digits and _, not starting with a digit)"
            ),
        });
    }
    if is_bit_name(name) {
        return Err(Error::InvalidSentence {
            position,
            reason: format!("{name:?} names a sequence bit; use Language::bit for bits"),
        });
    }
    Ok(())
}

/// Deepest sentence a [`Language`] builds (an atom has depth 1): a long
/// chain `a & b & c & …` nests one level per connective, and displaying or
/// evaluating a sentence recurses once per level.
pub const MAX_DEPTH: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        let mut lang = Language::new();
        for text in [
            "A",
            "¬A",
            "A ∧ B ∨ C",
            "A ∧ (B ∨ C)",
            "(A → B) → C",
            "A → B → C",
            "¬(A ∧ b3)",
        ] {
            let s = lang.parse(text).unwrap();
            assert_eq!(lang.display(s).to_string(), text);
            assert_eq!(lang.parse(&lang.display(s).to_string()).unwrap(), s);
        }
        let s = lang.parse("!A & (b1 -> c_2)").unwrap();
        assert_eq!(lang.display(s).to_string(), "¬A ∧ (b1 → c_2)");
    }

    #[test]
    fn malformed_sentences_are_refused_with_a_position() {
        let mut lang = Language::new();
        for (text, position) in [
            ("", 0),
            ("A &", 3),
            ("(A", 2),
            ("A B", 2),
            ("1A", 0),
            ("A & )", 4),
        ] {
            match lang.parse(text) {
                Err(Error::InvalidSentence { position: p, .. }) => {
                    assert_eq!(p, position, "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(lang.atom("b7").is_err());
        assert!(lang.atom("x y").is_err());
        assert!(lang.parse("b99999999999999999999999").is_err());
    }

    #[test]
    fn hash_consing_shares_equal_formulas() {
        let mut lang = Language::new();
        let a = lang.parse("A & B").unwrap();
        let n = lang.len();
        assert_eq!(lang.parse("(A) ∧ (B)").unwrap(), a);
        assert_eq!(lang.len(), n);
    }
}
