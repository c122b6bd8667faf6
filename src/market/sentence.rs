//! Sentences of a propositional language, and the worlds consistent with The design is documented in [`crate::market`].

use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};

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
pub struct Atom(u32);

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

    fn intern_atom(&mut self, name: AtomName) -> Sentence {
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
    /// Nesting (`!` and parentheses) deeper than [`MAX_NESTING`] is refused
    /// with an error rather than exhausting the stack, and a failed parse
    /// leaves the language as it was: no atom or sentence of it stays
    /// interned.
    pub fn parse(&mut self, text: &str) -> Result<Sentence> {
        let mark = self.mark();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut parser = Parser {
            chars: &chars,
            at: 0,
            depth: 0,
            text_len: text.len(),
            lang: self,
        };
        let parsed = parser.implication().and_then(|sentence| {
            parser.skip_space();
            if parser.at < chars.len() {
                Err(parser.error("unexpected text after the sentence"))
            } else {
                Ok(sentence)
            }
        });
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

fn is_bit_name(name: &str) -> bool {
    name.len() > 1 && name.starts_with('b') && name[1..].bytes().all(|c| c.is_ascii_digit())
}

fn check_atom_name(name: &str, position: usize) -> Result<()> {
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

/// Deepest nesting of `!` and parentheses [`Language::parse`] accepts.
pub const MAX_NESTING: usize = 256;

/// Deepest sentence a [`Language`] builds (an atom has depth 1): a long
/// chain `a & b & c & …` nests one level per connective, and displaying or
/// evaluating a sentence recurses once per level.
pub const MAX_DEPTH: usize = 1024;

struct Parser<'a> {
    chars: &'a [(usize, char)],
    at: usize,
    /// Open `!` and parentheses around the current position.
    depth: usize,
    text_len: usize,
    lang: &'a mut Language,
}

impl Parser<'_> {
    fn position(&self) -> usize {
        self.chars.get(self.at).map_or(self.text_len, |&(i, _)| i)
    }

    fn error(&self, reason: &str) -> Error {
        Error::InvalidSentence {
            position: self.position(),
            reason: reason.to_string(),
        }
    }

    fn skip_space(&mut self) {
        while self
            .chars
            .get(self.at)
            .is_some_and(|&(_, c)| c.is_whitespace())
        {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.at).map(|&(_, c)| c)
    }

    fn eat_arrow(&mut self) -> bool {
        match self.peek() {
            Some('→') => {
                self.at += 1;
                true
            }
            Some('-') if self.chars.get(self.at + 1).map(|&(_, c)| c) == Some('>') => {
                self.at += 2;
                true
            }
            _ => false,
        }
    }

    fn implication(&mut self) -> Result<Sentence> {
        let left = self.disjunction()?;
        if self.eat_arrow() {
            let right = self.implication()?;
            return self.lang.implies(left, right).map_err(|e| self.too_deep(e));
        }
        Ok(left)
    }

    fn disjunction(&mut self) -> Result<Sentence> {
        let mut left = self.conjunction()?;
        while matches!(self.peek(), Some('|' | '∨')) {
            self.at += 1;
            let right = self.conjunction()?;
            left = self.lang.or(left, right).map_err(|e| self.too_deep(e))?;
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Sentence> {
        let mut left = self.unary()?;
        while matches!(self.peek(), Some('&' | '∧')) {
            self.at += 1;
            let right = self.unary()?;
            left = self.lang.and(left, right).map_err(|e| self.too_deep(e))?;
        }
        Ok(left)
    }

    /// A sentence too deep to build, as a parse error at this position.
    fn too_deep(&self, error: Error) -> Error {
        self.error(&format!("{error}"))
    }

    /// Enters one level of nesting, refusing past [`MAX_NESTING`].
    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error("nesting deeper than 256 levels of '!' and '('"));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Sentence> {
        match self.peek() {
            Some('!' | '¬' | '~') => {
                self.nest()?;
                self.at += 1;
                let inner = self.unary()?;
                self.depth -= 1;
                self.lang.not(inner).map_err(|e| self.too_deep(e))
            }
            Some('(') => {
                self.nest()?;
                self.at += 1;
                let inner = self.implication()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.at;
                let begin = self.position();
                while self
                    .chars
                    .get(self.at)
                    .is_some_and(|&(_, c)| c.is_alphanumeric() || c == '_')
                {
                    self.at += 1;
                }
                let name = &self.chars[start..self.at]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect::<String>();
                if is_bit_name(name) {
                    let t: u64 = name[1..].parse().map_err(|_| Error::InvalidSentence {
                        position: begin,
                        reason: format!("bit index in {name:?} does not fit in 64 bits"),
                    })?;
                    Ok(self.lang.bit(t))
                } else {
                    check_atom_name(name, begin)?;
                    Ok(self.lang.intern_atom(AtomName::Named(name.as_str().into())))
                }
            }
            Some(_) => Err(self.error("expected an atom, '!' or '('")),
            None => Err(self.error("expected a sentence, found the end")),
        }
    }
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
    /// Union–find parent by atom index (atoms never in a constraint are
    /// their own root).
    parent: Vec<u32>,
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
    Parent(usize, u32),
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
            let start = self.parent.len();
            self.parent.extend((start..n).map(to_u32));
        }
    }

    /// The representative of `atom`'s group of linked atoms.
    pub(crate) fn find(&self, atom: Atom) -> u32 {
        let mut x = atom.0;
        while let Some(&p) = self.parent.get(x as usize) {
            if p == x {
                break;
            }
            x = p;
        }
        x
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
                Undo::Parent(atom, parent) => self.parent[atom] = parent,
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
        self.parent.truncate(journal.atoms);
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
        let before = self.parent[atom as usize];
        self.record(|| Undo::Parent(atom as usize, before));
        self.parent[atom as usize] = parent;
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
        let mut compiled = Compiled::default();
        if worlds == Worlds::All {
            // Each distinct sentence on its own; repeats share a group.
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
            // Two rows per group: every copy of the sentence false, then true.
            for g in &mut compiled.groups {
                let k = g.terms.len();
                g.patterns = [false, true]
                    .iter()
                    .flat_map(|&v| std::iter::repeat_n(v, k))
                    .collect();
            }
            return Ok(compiled);
        }
        // Sentences decided by fixed atoms alone are constant; the rest are
        // grouped by the union of their free atoms' groups.
        let mut group_of_root: FxHashMap<u32, usize> = FxHashMap::default();
        let mut dsu: Vec<usize> = Vec::new();
        let mut pending: Vec<(usize, usize)> = Vec::new();
        for (i, &s) in sentences.iter().enumerate() {
            let mut first: Option<usize> = None;
            for &atom in lang.atoms(s) {
                if self.fixed(atom).is_some() {
                    continue;
                }
                let root = self.find(atom);
                let g = *group_of_root.entry(root).or_insert_with(|| {
                    dsu.push(dsu.len());
                    dsu.len() - 1
                });
                match first {
                    None => first = Some(g),
                    Some(f) => union(&mut dsu, f, g),
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
        if pending.is_empty() {
            return Ok(compiled);
        }
        let mut roots_by_group: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        let mut sorted_roots: Vec<(u32, usize)> = group_of_root.into_iter().collect();
        sorted_roots.sort_unstable();
        for (root, g) in sorted_roots {
            roots_by_group
                .entry(find_dsu(&mut dsu, g))
                .or_default()
                .push(root);
        }
        let mut terms_by_group: BTreeMapUsize = BTreeMapUsize::new();
        for (g, i) in pending {
            terms_by_group
                .entry(find_dsu(&mut dsu, g))
                .or_default()
                .push(i);
        }
        for (key, terms) in terms_by_group {
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
            for &root in &roots_by_group[&key] {
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

type BTreeMapUsize = std::collections::BTreeMap<usize, Vec<usize>>;

/// The joint truth patterns of some sentences over consistent worlds, in
/// independent groups (see [`Knowledge::compile`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Compiled {
    groups: Vec<GroupWorlds>,
}

#[derive(Clone, Debug)]
struct GroupWorlds {
    /// Indices of the group's sentences.
    terms: Vec<usize>,
    /// Row-major truth patterns, `terms.len()` per row.
    patterns: Vec<bool>,
}

impl Compiled {
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

fn find_dsu(dsu: &mut [usize], mut x: usize) -> usize {
    while dsu[x] != x {
        dsu[x] = dsu[dsu[x]];
        x = dsu[x];
    }
    x
}

fn union(dsu: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find_dsu(dsu, a), find_dsu(dsu, b));
    if ra != rb {
        dsu[ra.max(rb)] = ra.min(rb);
    }
}

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
