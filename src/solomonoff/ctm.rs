//! Small Turing machines and the coding-theorem method.
//!
//! The coding-theorem method (Delahaye & Zenil 2012; Soler-Toscano, Zenil,
//! Delahaye & Gauvrit 2014) estimates the Kolmogorov complexity of short
//! strings from how often small Turing machines produce them:
//! `K(s) ≈ -log2 D(n)(s)`, where `D(n)(s)` is the fraction of halting
//! `n`-state, 2-symbol machines whose output is `s`.
//!
//! Machines follow the busy-beaver formalism used there: each of the `2n`
//! (state, symbol) transitions is one of `4n + 2` choices — write 0 or 1,
//! move left or right, go to one of `n` states (`4n`), or write 0 or 1 and
//! halt without moving (2) — so there are `(4n + 2)^(2n)` machines. The
//! tape starts blank (all 0) in state 0; when a machine halts its output is
//! the visited part of the tape, leftmost to rightmost visited cell. Every
//! transition applied, the halting one included, is a step.
//!
//! The enumeration branches lazily, as the Solomonoff prefix tree does: a
//! machine runs until it first uses an undefined transition, then branches
//! over that transition's `4n + 2` choices; transitions a run never uses
//! multiply its count instead of being enumerated (tree normal form, as in
//! busy-beaver searches). Mirror symmetry halves the rest: the first
//! transition either halts or moves, and every machine whose first move
//! goes left is the mirror image of one whose first move goes right, with
//! the reversed output.

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result, check_step_budget};
use crate::predictor::Predictor;

/// Most states [`OutputDistribution::enumerate`] accepts:
/// `(4·4 + 2)^8 ≈ 1.1 × 10^10` machines.
pub const MAX_STATES: usize = 4;

/// Largest step budget [`OutputDistribution::enumerate`] accepts. Every
/// run that does not halt costs the whole budget, and no machine of at
/// most 4 states that halts takes more than 107 steps (the 4-state busy
/// beaver), so a larger budget only burns time; the literature's `D(5)`
/// uses 500.
pub const MAX_ENUMERATION_STEPS: u64 = 100_000;

/// Largest step budget [`TuringMachine::run`] accepts: `2^28` steps, about
/// a second, with a tape of at most as many cells.
pub const MAX_RUN_STEPS: u64 = 1 << 28;

/// The output distribution `D(n)` of all `n`-state, 2-symbol Turing
/// machines run for at most `max_steps` steps from both blank tapes (the
/// literature's convention, see the [module docs](self)).
///
/// ```
/// use inductive::solomonoff::ctm::OutputDistribution;
///
/// let d = OutputDistribution::enumerate(2, 100)?;
/// assert_eq!(d.machines(), 10_000);
/// assert_eq!(d.runs(), 20_000); // each machine on both blank tapes
/// assert_eq!(d.halting(), 6_088);
/// assert_eq!(d.iter().count(), 22);
/// assert_eq!(d.count("000"), d.count("111")); // complements are equally frequent
/// assert_eq!(d.most_steps(), 6); // the 2-state busy beaver
/// assert_eq!(d.most_ones(), 4);
/// // "0" and "1" are the simplest strings; longer ones are rarer, and some
/// // no 2-state machine writes at all.
/// assert!(d.complexity("0").unwrap() < d.complexity("011").unwrap());
/// assert_eq!(d.complexity("0101"), None);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OutputDistribution {
    states: usize,
    max_steps: u64,
    machines: u64,
    halting: u64,
    most_steps: u64,
    most_ones: usize,
    /// Outputs with their counts over both blank tapes, sorted by output.
    outputs: Vec<(String, u64)>,
    /// `witnesses[i]`: a machine that writes `outputs[i]`.
    witnesses: Vec<TuringMachine>,
}

/// What one branch of the enumeration found.
#[derive(Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Tally {
    halting: u64,
    most_steps: u64,
    most_ones: usize,
    /// Count and the lexicographically first transition table writing it.
    outputs: FxHashMap<String, (u64, Vec<u8>)>,
}

impl Tally {
    fn add(&mut self, output: String, count: u64, table: Vec<u8>) {
        let entry = self.outputs.entry(output).or_insert((0, table.clone()));
        entry.0 += count;
        if table < entry.1 {
            entry.1 = table;
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.halting += other.halting;
        self.most_steps = self.most_steps.max(other.most_steps);
        self.most_ones = self.most_ones.max(other.most_ones);
        for (output, (count, table)) in other.outputs {
            self.add(output, count, table);
        }
        self
    }
}

/// A machine mid-run with a partly defined transition table.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Run {
    /// `table[2 * state + symbol]`: a choice below `4n + 2`, or `UNDEFINED`.
    table: Vec<u8>,
    defined: u32,
    tape: Vec<u8>,
    head: usize,
    leftmost: usize,
    rightmost: usize,
    state: usize,
    steps: u64,
}

const UNDEFINED: u8 = u8::MAX;

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Enumerator {
    states: usize,
    choices: u8,
    max_steps: u64,
}

impl Enumerator {
    /// Machines represented by a run with `defined` transitions fixed.
    fn multiplicity(&self, defined: u32) -> u64 {
        u64::from(self.choices).pow(2 * self.states as u32 - defined)
    }

    /// The choice with left and right exchanged.
    fn mirrored(&self, choice: u8) -> u8 {
        if usize::from(choice) >= 4 * self.states {
            choice
        } else {
            choice ^ 0b10
        }
    }

    /// Runs `run` to the end, branching at undefined transitions; `mirror`
    /// counts each halting output also reversed (its mirror image).
    fn explore(&self, mut run: Run, mirror: bool, tally: &mut Tally) {
        loop {
            if run.steps == self.max_steps {
                return;
            }
            let index = 2 * run.state + usize::from(run.tape[run.head]);
            let choice = run.table[index];
            if choice == UNDEFINED {
                for c in 0..self.choices {
                    let mut child = run.clone();
                    child.table[index] = c;
                    child.defined += 1;
                    self.explore(child, mirror, tally);
                }
                return;
            }
            let halts = usize::from(choice) >= 4 * self.states;
            let write = choice & 1;
            run.tape[run.head] = write;
            run.steps += 1;
            if halts {
                let count = self.multiplicity(run.defined);
                let output: String = run.tape[run.leftmost..=run.rightmost]
                    .iter()
                    .map(|&b| if b == 1 { '1' } else { '0' })
                    .collect();
                let ones = output.bytes().filter(|&b| b == b'1').count();
                let copies = if mirror { 2 } else { 1 };
                tally.halting += count * copies;
                tally.most_steps = tally.most_steps.max(run.steps);
                tally.most_ones = tally.most_ones.max(ones);
                // Transitions this run never used are filled with choice 0
                // (they cannot change what it does).
                let table: Vec<u8> = run
                    .table
                    .iter()
                    .map(|&c| if c == UNDEFINED { 0 } else { c })
                    .collect();
                if mirror {
                    let reversed: String = output.chars().rev().collect();
                    let mirrored = table.iter().map(|&c| self.mirrored(c)).collect();
                    tally.add(reversed, count, mirrored);
                }
                tally.add(output, count, table);
                return;
            }
            let right = (choice >> 1) & 1 == 1;
            run.state = usize::from(choice >> 2);
            if right {
                run.head += 1;
                run.rightmost = run.rightmost.max(run.head);
            } else {
                run.head -= 1;
                run.leftmost = run.leftmost.min(run.head);
            }
        }
    }
}

impl OutputDistribution {
    /// Runs every `states`-state machine (1 to 4) for at most `max_steps`
    /// steps and tallies the outputs of those that halt. Machines still
    /// running after `max_steps` count as non-halting; with `max_steps` at
    /// least the busy-beaver step count (6, 21 and 107 for 2, 3 and 4
    /// states) no halting machine is missed.
    pub fn enumerate(states: usize, max_steps: u64) -> Result<Self> {
        if !(1..=MAX_STATES).contains(&states) {
            return Err(Error::InvalidSize {
                what: "Turing machine states",
                expected: "between 1 and 4 (5 states would be 2.5 × 10^15 machines)",
                value: states,
            });
        }
        check_step_budget(max_steps)?;
        if max_steps > MAX_ENUMERATION_STEPS {
            return Err(Error::InvalidSize {
                what: "enumeration step budget",
                expected: "at most 100,000 (the 4-state busy beaver halts after 107 steps; every non-halting run costs the whole budget)",
                value: usize::try_from(max_steps).unwrap_or(usize::MAX),
            });
        }
        let choices = (4 * states + 2) as u8;
        let enumerator = Enumerator {
            states,
            choices,
            max_steps,
        };
        // The head moves at most max_steps cells either way.
        let width = 2 * max_steps as usize + 3;
        let start = Run {
            table: vec![UNDEFINED; 2 * states],
            defined: 1,
            tape: vec![0; width],
            head: width / 2,
            leftmost: width / 2,
            rightmost: width / 2,
            state: 0,
            steps: 0,
        };
        // The first transition (state 0, symbol 0): halting choices as they
        // are; moving right stands for itself and its mirror; moving left
        // is that mirror.
        let first: Vec<(u8, bool)> = (0..choices)
            .filter_map(|c| {
                let halts = usize::from(c) >= 4 * states;
                let right = (c >> 1) & 1 == 1;
                if halts {
                    Some((c, false))
                } else if right {
                    Some((c, true))
                } else {
                    None
                }
            })
            .collect();
        let explore_first = |&(c, mirror): &(u8, bool)| {
            let mut run = start.clone();
            run.table[0] = c;
            let mut tally = Tally::default();
            enumerator.explore(run, mirror, &mut tally);
            tally
        };
        let tally = crate::parallel::fold_merge(
            first,
            Tally::default,
            |tally, first| tally.merge(explore_first(&first)),
            Tally::merge,
        );

        // The 1-blank runs: each output of the 0-blank tape, complemented,
        // written by the conjugate machine.
        let mut both: FxHashMap<String, (u64, TuringMachine)> = FxHashMap::default();
        for (output, (count, table)) in tally.outputs {
            let machine = TuringMachine {
                states,
                table,
                blank: false,
            };
            let conjugate = machine.conjugate();
            for (output, machine) in [(complement(&output), conjugate), (output, machine)] {
                let entry = both.entry(output).or_insert((0, machine.clone()));
                entry.0 += count;
                // Prefer a 0-blank witness, then the first table.
                if (machine.blank, &machine.table) < (entry.1.blank, &entry.1.table) {
                    entry.1 = machine;
                }
            }
        }
        let mut found: Vec<(String, (u64, TuringMachine))> = both.into_iter().collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (outputs, witnesses) = found
            .into_iter()
            .map(|(output, (count, machine))| ((output, count), machine))
            .unzip();
        Ok(Self {
            states,
            max_steps,
            machines: u64::from(choices).pow(2 * states as u32),
            halting: 2 * tally.halting,
            most_steps: tally.most_steps,
            most_ones: tally.most_ones,
            outputs,
            witnesses,
        })
    }

    /// Number of states.
    pub fn states(&self) -> usize {
        self.states
    }

    /// The step budget.
    pub fn max_steps(&self) -> u64 {
        self.max_steps
    }

    /// All machines: `(4n + 2)^(2n)`.
    pub fn machines(&self) -> u64 {
        self.machines
    }

    /// All runs: every machine from both blank tapes, `2·(4n + 2)^(2n)`.
    pub fn runs(&self) -> u64 {
        2 * self.machines
    }

    /// Runs that halted within the budget (over both blank tapes).
    pub fn halting(&self) -> u64 {
        self.halting
    }

    /// Halting runs whose output is `output` (a string of `0` and `1`),
    /// over both blank tapes.
    pub fn count(&self, output: &str) -> u64 {
        self.outputs
            .binary_search_by(|(o, _)| o.as_str().cmp(output))
            .map_or(0, |i| self.outputs[i].1)
    }

    /// Most steps taken by a halting machine.
    pub fn most_steps(&self) -> u64 {
        self.most_steps
    }

    /// Most 1s a halting machine leaves on a 0-blank tape (Radó's `Σ(n)`,
    /// which the busy-beaver literature counts from the 0-blank tape only).
    pub fn most_ones(&self) -> usize {
        self.most_ones
    }

    /// A machine that writes `output` from its [blank](TuringMachine::blank)
    /// tape (one from the 0-blank tape where there is one, then the first in
    /// lexicographic order of transition tables), or `None` if none does.
    pub fn witness(&self, output: &str) -> Option<TuringMachine> {
        let i = self
            .outputs
            .binary_search_by(|(o, _)| o.as_str().cmp(output))
            .ok()?;
        Some(self.witnesses[i].clone())
    }

    /// Every output with its count, in lexicographic order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.outputs.iter().map(|(o, c)| (o.as_str(), *c))
    }

    /// `-log2 D(output)`: the coding-theorem estimate of the output's
    /// complexity in bits, or `None` if no halting machine produces it.
    pub fn complexity(&self, output: &str) -> Option<f64> {
        let count = self.count(output);
        (count > 0).then(|| (self.halting as f64 / count as f64).log2())
    }
}

/// One `n`-state, 2-symbol Turing machine of the enumeration's formalism.
///
/// Transition `2·state + symbol` is a choice `c < 4n + 2`: for `c < 4n`,
/// write `c & 1`, move right if bit 1 of `c` is set (else left) and go to
/// state `c >> 2`; for `c = 4n + w`, write `w` and halt without moving.
/// The tape starts filled with the machine's blank symbol (0 unless
/// [`with_blank`](Self::with_blank) says 1).
///
/// ```
/// use inductive::solomonoff::ctm::{OutputDistribution, TuringMachine};
///
/// // The 2-state busy beaver: 4 ones in 6 steps.
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let champion = d.witness("1111").expect("written by some machine");
/// assert_eq!(champion.run(100)?, Some(("1111".to_string(), 6)));
/// println!("{champion}");
///
/// let halts_at_once = TuringMachine::new(1, vec![5, 0])?; // write 1, halt
/// assert_eq!(halts_at_once.run(10)?, Some(("1".to_string(), 1)));
/// // From a 1-blank tape it reads 1 first: transition 1 moves left, forever.
/// assert_eq!(halts_at_once.with_blank(true).run(10)?, None);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TuringMachine {
    states: usize,
    table: Vec<u8>,
    blank: bool,
}

impl TuringMachine {
    /// A machine with `states` states (1 to 4) and the given `2·states`
    /// transitions, on a 0-blank tape; fails for a wrong count or a choice
    /// of `4n + 2` or more.
    pub fn new(states: usize, table: Vec<u8>) -> Result<Self> {
        if !(1..=MAX_STATES).contains(&states) {
            return Err(Error::InvalidSize {
                what: "Turing machine states",
                expected: "between 1 and 4",
                value: states,
            });
        }
        if table.len() != 2 * states {
            return Err(Error::LengthMismatch {
                what: "transition table (2 transitions per state)",
                left: table.len(),
                right: 2 * states,
                hint: "give two transitions per state, state 0 first",
            });
        }
        if let Some(&bad) = table.iter().find(|&&c| usize::from(c) >= 4 * states + 2) {
            return Err(Error::InvalidSize {
                what: "transition choice",
                expected: "below 4·states + 2",
                value: usize::from(bad),
            });
        }
        Ok(Self {
            states,
            table,
            blank: false,
        })
    }

    /// The same machine on a tape blank with 1s (`true`) or 0s (`false`).
    #[must_use]
    pub fn with_blank(mut self, blank: bool) -> Self {
        self.blank = blank;
        self
    }

    /// The symbol the tape starts filled with.
    #[must_use]
    pub fn blank(&self) -> bool {
        self.blank
    }

    /// The machine with every symbol read and written complemented, on the
    /// other blank: it writes the complement of this machine's output.
    fn conjugate(&self) -> Self {
        let table = (0..self.table.len())
            .map(|i| self.table[i ^ 1] ^ 1)
            .collect();
        Self {
            states: self.states,
            table,
            blank: !self.blank,
        }
    }

    /// Runs from the blank tape for at most `max_steps` steps: the output
    /// (visited cells, leftmost to rightmost) and the steps taken, or
    /// `None` if it has not halted. The tape grows with the cells visited.
    /// Fails for a budget of 0 or above [`MAX_RUN_STEPS`].
    pub fn run(&self, max_steps: u64) -> Result<Option<(String, u64)>> {
        check_step_budget(max_steps)?;
        if max_steps > MAX_RUN_STEPS {
            return Err(Error::InvalidSize {
                what: "Turing machine step budget",
                expected: "at most 2^28 (MAX_RUN_STEPS)",
                value: usize::try_from(max_steps).unwrap_or(usize::MAX),
            });
        }
        let blank = u8::from(self.blank);
        // `tape[head]`; cells left of the start are prepended as visited.
        let mut tape = vec![blank];
        let (mut head, mut state) = (0usize, 0usize);
        for step in 1..=max_steps {
            let choice = self.table[2 * state + usize::from(tape[head])];
            tape[head] = choice & 1;
            if usize::from(choice) >= 4 * self.states {
                let output = tape.iter().map(|&b| if b == 1 { '1' } else { '0' });
                return Ok(Some((output.collect(), step)));
            }
            if (choice >> 1) & 1 == 1 {
                head += 1;
                if head == tape.len() {
                    tape.push(blank);
                }
            } else if head == 0 {
                tape.insert(0, blank);
            } else {
                head -= 1;
            }
            state = usize::from(choice >> 2);
        }
        Ok(None)
    }
}

/// `s` with 0 and 1 exchanged.
fn complement(s: &str) -> String {
    s.chars()
        .map(|c| if c == '1' { '0' } else { '1' })
        .collect()
}

impl fmt::Display for TuringMachine {
    /// One transition per line: `s0 0 → 1 R s1`, or `s1 1 → 1 halt`; a
    /// first line `blank 1` for a machine on a 1-blank tape.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.blank {
            writeln!(f, "blank 1")?;
        }
        for (i, &c) in self.table.iter().enumerate() {
            let (state, symbol) = (i / 2, i % 2);
            if i > 0 {
                writeln!(f)?;
            }
            if usize::from(c) >= 4 * self.states {
                write!(f, "s{state} {symbol} → {} halt", c & 1)?;
            } else {
                let direction = if (c >> 1) & 1 == 1 { 'R' } else { 'L' };
                write!(f, "s{state} {symbol} → {} {direction} s{}", c & 1, c >> 2)?;
            }
        }
        Ok(())
    }
}

/// The outputs of `D(n)` as an Aho–Corasick automaton: a trie of every
/// output whose state after a history is the longest suffix of the history
/// that begins some output, so a bit costs O(1) however long the history.
#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct SuffixAutomaton {
    /// `next[v][bit]`: the state after `bit` in state `v` (0 is the root).
    next: Vec<[u32; 2]>,
    /// `mass[v][bit]`: count of the outputs that begin with `v`'s string
    /// followed by `bit`.
    mass: Vec<[u64; 2]>,
    /// The longest suffix of `v`'s string that some output extends (it
    /// predicts in state `v`).
    predicting: Vec<u32>,
}

impl SuffixAutomaton {
    fn new(distribution: &OutputDistribution) -> Self {
        const NONE: u32 = u32::MAX;
        let mut child: Vec<[u32; 2]> = vec![[NONE; 2]];
        let mut mass: Vec<[u64; 2]> = vec![[0; 2]];
        for (output, count) in distribution.iter() {
            let mut v = 0usize;
            for c in output.bytes() {
                let bit = usize::from(c == b'1');
                mass[v][bit] += count;
                if child[v][bit] == NONE {
                    child[v][bit] = child.len() as u32;
                    child.push([NONE; 2]);
                    mass.push([0; 2]);
                }
                v = child[v][bit] as usize;
            }
        }
        // Breadth first: a state's failure link is shallower than itself.
        let mut next = vec![[0u32; 2]; child.len()];
        let mut fail = vec![0u32; child.len()];
        let mut predicting = vec![0u32; child.len()];
        let mut queue = std::collections::VecDeque::from([0u32]);
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            let f = fail[v] as usize;
            predicting[v] = if v == 0 || mass[v] != [0, 0] {
                v as u32
            } else {
                predicting[f]
            };
            for bit in 0..2 {
                let c = child[v][bit];
                if c == NONE {
                    next[v][bit] = if v == 0 { 0 } else { next[f][bit] };
                } else {
                    next[v][bit] = c;
                    fail[c as usize] = if v == 0 { 0 } else { next[f][bit] };
                    queue.push_back(c);
                }
            }
        }
        Self {
            next,
            mass,
            predicting,
        }
    }

    /// `P(1)` in state `v`: the share of the outputs extending the longest
    /// suffix that some output extends, that continue with a 1.
    fn one(&self, v: u32) -> f64 {
        let [zero, one] = self.mass[self.predicting[v as usize] as usize];
        if zero + one == 0 {
            0.5
        } else {
            one as f64 / (zero + one) as f64
        }
    }
}

/// A predictor from `D(n)`, completed to a code in which every sequence has
/// a finite length.
///
/// It is a Bayesian mixture of two hypotheses:
/// - **`D(n)`**: the next bit continues a halting output that begins with
///   the history, in proportion to how many runs write it. When no output
///   extends the history, it conditions on the longest suffix of the
///   history that some output extends (down to the empty suffix, the
///   frequency of a leading 1). This hypothesis can be certain, and a bit
///   it rules out rules it out.
/// - **a uniform code**, one bit per bit, for the strings outside `D(n)`:
///   the completion the block decomposition method (Zenil et al., 2018)
///   uses for what the machines do not produce.
///
/// The prior weight of the uniform code is the share of runs that do not
/// halt within the budget ([`Ctm::new`]) or a chosen escape weight
/// ([`Ctm::with_escape`]), so every code length is at most
/// `n − log2(escape)` bits for `n` bits. The automaton behind the first
/// hypothesis makes an update O(1).
///
/// **A floor on the uniform code, a departure from exact Bayes.** While
/// `D(n)` is certain and right, the uniform code's posterior halves with
/// every bit; below `2^-53` the mixed prediction would round to certainty
/// in `f64`, and the next surprise would cost infinitely many bits (on
/// `110` repeated, `D(2)` did so at bit 150). The uniform code's posterior
/// is therefore kept at least [`MIN_ESCAPE`](Ctm::MIN_ESCAPE), `2^-40`:
/// a surprise costs at most 41 bits, `D(n)` pays at most `2^-40/ln 2`
/// bits per bit for it, and the bound above still holds, since the floor
/// only raises the uniform code's weight.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
///
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let mut ctm = Ctm::new(d);
/// ctm.observe([true, true, true]);
/// assert!(ctm.predict() > 0.5); // runs of ones are simple
/// // 0101… is no output of 2 states: it costs at most a bit per bit, plus the escape.
/// let bits: Vec<bool> = (0..1000).map(|t| t % 2 == 1).collect();
/// let mut fresh = Ctm::new(OutputDistribution::enumerate(2, 100)?);
/// assert!(fresh.observe(&bits) <= 1000.0 - fresh.escape().log2() + 1e-9);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ctm {
    distribution: Arc<OutputDistribution>,
    automaton: Arc<SuffixAutomaton>,
    escape: f64,
    state: u32,
    /// Natural-log posterior weights of `D(n)` and of the uniform code.
    log_weights: [f64; 2],
    prediction: f64,
}

impl Ctm {
    /// A predictor conditioned on `distribution`, whose uniform code gets
    /// the share of runs that do not halt within the budget (at least
    /// `2^-40`).
    pub fn new(distribution: OutputDistribution) -> Self {
        let halting = distribution.halting() as f64 / distribution.runs() as f64;
        let escape = (1.0 - halting).max(Self::MIN_ESCAPE);
        Self::build(distribution, escape)
    }

    /// A predictor conditioned on `distribution`, with prior weight
    /// `escape` on the uniform code; fails unless `2^-40 <= escape <= 1`.
    pub fn with_escape(distribution: OutputDistribution, escape: f64) -> Result<Self> {
        if !(Self::MIN_ESCAPE..=1.0).contains(&escape) {
            return Err(Error::InvalidParameter {
                what: "CTM escape weight",
                expected: "in [2^-40, 1] (0 would give strings outside D(n) infinite code lengths)",
                value: escape,
            });
        }
        Ok(Self::build(distribution, escape))
    }

    /// Smallest escape weight: a sequence outside `D(n)` costs at most 40
    /// bits more than its length.
    pub const MIN_ESCAPE: f64 = 1.0 / (1u64 << 40) as f64;

    fn build(distribution: OutputDistribution, escape: f64) -> Self {
        let automaton = SuffixAutomaton::new(&distribution);
        let mut ctm = Self {
            distribution: Arc::new(distribution),
            automaton: Arc::new(automaton),
            escape,
            state: 0,
            log_weights: [(1.0 - escape).ln(), escape.ln()],
            prediction: 0.5,
        };
        ctm.prediction = ctm.mix();
        ctm
    }

    /// The distribution it conditions on.
    pub fn distribution(&self) -> &OutputDistribution {
        &self.distribution
    }

    /// The prior weight of the uniform code.
    pub fn escape(&self) -> f64 {
        self.escape
    }

    /// Posterior weight of the `D(n)` hypothesis (the rest is the uniform
    /// code's); 0 once a bit it ruled out came.
    pub fn posterior(&self) -> f64 {
        self.log_weights[0].exp()
    }

    fn mix(&self) -> f64 {
        let [d, u] = self.log_weights.map(f64::exp);
        (d * self.automaton.one(self.state) + u * 0.5).clamp(0.0, 1.0)
    }
}

impl Predictor for Ctm {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        let one = self.automaton.one(self.state);
        let likelihood = if bit { one } else { 1.0 - one };
        self.log_weights[0] += likelihood.ln();
        self.log_weights[1] += 0.5f64.ln();
        crate::logspace::normalize(&mut self.log_weights);
        // The floor on the uniform code's weight (see the type's docs).
        if self.log_weights[1] < Self::MIN_ESCAPE.ln() {
            self.log_weights = [(-Self::MIN_ESCAPE).ln_1p(), Self::MIN_ESCAPE.ln()];
        }
        self.state = self.automaton.next[self.state as usize][usize::from(bit)];
        self.prediction = self.mix();
    }

    /// A new string begins: the automaton returns to the empty history,
    /// and the posterior of `D(n)` against the uniform code persists (what
    /// earlier episodes said about whether small machines explain the
    /// family).
    fn end_episode(&mut self) {
        self.state = 0;
        self.prediction = self.mix();
    }
}

impl fmt::Debug for Ctm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctm")
            .field("states", &self.distribution.states)
            .field("escape", &self.escape)
            .field("posterior", &self.posterior())
            .field("prediction", &self.prediction)
            .finish()
    }
}
