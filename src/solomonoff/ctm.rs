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

/// The output distribution `D(n)` of all `n`-state, 2-symbol Turing
/// machines run for at most `max_steps` steps from a blank tape.
///
/// ```
/// use inductive::solomonoff::ctm::OutputDistribution;
///
/// let d = OutputDistribution::enumerate(2, 100)?;
/// assert_eq!(d.machines(), 10_000);
/// assert_eq!(d.most_steps(), 6); // the 2-state busy beaver
/// assert_eq!(d.most_ones(), 4);
/// // "0" and "1" are the simplest strings; longer ones are rarer, and some
/// // no 2-state machine writes at all.
/// assert!(d.complexity("0").unwrap() < d.complexity("011").unwrap());
/// assert_eq!(d.complexity("0101"), None);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OutputDistribution {
    states: usize,
    max_steps: u64,
    machines: u64,
    halting: u64,
    most_steps: u64,
    most_ones: usize,
    /// Outputs with their counts, sorted by output.
    outputs: Vec<(String, u64)>,
    /// `witnesses[i]`: a transition table that writes `outputs[i]`.
    witnesses: Vec<Vec<u8>>,
    /// `prefix_counts[i]`: total count of `outputs[..i]`.
    prefix_counts: Vec<u64>,
}

/// What one branch of the enumeration found.
#[derive(Debug, Default)]
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
        #[cfg(feature = "rayon")]
        let tally = {
            use rayon::prelude::*;
            first
                .par_iter()
                .map(explore_first)
                .reduce(Tally::default, Tally::merge)
        };
        #[cfg(not(feature = "rayon"))]
        let tally = first
            .iter()
            .map(explore_first)
            .fold(Tally::default(), Tally::merge);

        let mut found: Vec<(String, (u64, Vec<u8>))> = tally.outputs.into_iter().collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (outputs, witnesses): (Vec<(String, u64)>, Vec<Vec<u8>>) = found
            .into_iter()
            .map(|(output, (count, table))| ((output, count), table))
            .unzip();
        let prefix_counts = std::iter::once(0)
            .chain(outputs.iter().scan(0u64, |total, (_, c)| {
                *total += c;
                Some(*total)
            }))
            .collect();
        Ok(Self {
            states,
            max_steps,
            machines: u64::from(choices).pow(2 * states as u32),
            halting: tally.halting,
            most_steps: tally.most_steps,
            most_ones: tally.most_ones,
            outputs,
            witnesses,
            prefix_counts,
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

    /// Machines that halted within the budget.
    pub fn halting(&self) -> u64 {
        self.halting
    }

    /// Halting machines whose output is `output` (a string of `0` and `1`).
    pub fn count(&self, output: &str) -> u64 {
        self.outputs
            .binary_search_by(|(o, _)| o.as_str().cmp(output))
            .map_or(0, |i| self.outputs[i].1)
    }

    /// Most steps taken by a halting machine.
    pub fn most_steps(&self) -> u64 {
        self.most_steps
    }

    /// Most 1s left on the tape by a halting machine.
    pub fn most_ones(&self) -> usize {
        self.most_ones
    }

    /// A machine that writes `output` (the first in lexicographic order of
    /// transition tables), or `None` if none does.
    pub fn witness(&self, output: &str) -> Option<TuringMachine> {
        let i = self
            .outputs
            .binary_search_by(|(o, _)| o.as_str().cmp(output))
            .ok()?;
        Some(TuringMachine {
            states: self.states,
            table: self.witnesses[i].clone(),
        })
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

    /// Total count of the outputs that begin with `prefix`.
    fn prefix_mass(&self, prefix: &str) -> u64 {
        let start = self.outputs.partition_point(|(o, _)| o.as_str() < prefix);
        let end = start + self.outputs[start..].partition_point(|(o, _)| o.starts_with(prefix));
        self.prefix_counts[end] - self.prefix_counts[start]
    }
}

/// One `n`-state, 2-symbol Turing machine of the enumeration's formalism.
///
/// Transition `2·state + symbol` is a choice `c < 4n + 2`: for `c < 4n`,
/// write `c & 1`, move right if bit 1 of `c` is set (else left) and go to
/// state `c >> 2`; for `c = 4n + w`, write `w` and halt without moving.
///
/// ```
/// use inductive::solomonoff::ctm::{OutputDistribution, TuringMachine};
///
/// // The 2-state busy beaver: 4 ones in 6 steps.
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let champion = d.witness("1111").expect("written by some machine");
/// assert_eq!(champion.run(100), Some(("1111".to_string(), 6)));
/// println!("{champion}");
///
/// let halts_at_once = TuringMachine::new(1, vec![5, 0])?; // write 1, halt
/// assert_eq!(halts_at_once.run(10), Some(("1".to_string(), 1)));
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TuringMachine {
    states: usize,
    table: Vec<u8>,
}

impl TuringMachine {
    /// A machine with `states` states (1 to 4) and the given `2·states`
    /// transitions; fails for a wrong count or a choice of `4n + 2` or more.
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
            });
        }
        if let Some(&bad) = table.iter().find(|&&c| usize::from(c) >= 4 * states + 2) {
            return Err(Error::InvalidSize {
                what: "transition choice",
                expected: "below 4·states + 2",
                value: usize::from(bad),
            });
        }
        Ok(Self { states, table })
    }

    /// Runs from a blank tape for at most `max_steps` steps: the output
    /// (visited cells, leftmost to rightmost) and the steps taken, or `None`
    /// if it has not halted.
    pub fn run(&self, max_steps: u64) -> Option<(String, u64)> {
        let middle = max_steps as usize + 1;
        let mut tape = vec![0u8; 2 * middle + 1];
        let (mut head, mut state, mut low, mut high) = (middle, 0usize, middle, middle);
        for step in 1..=max_steps {
            let choice = self.table[2 * state + usize::from(tape[head])];
            tape[head] = choice & 1;
            if usize::from(choice) >= 4 * self.states {
                let output = tape[low..=high]
                    .iter()
                    .map(|&b| if b == 1 { '1' } else { '0' })
                    .collect();
                return Some((output, step));
            }
            head = if (choice >> 1) & 1 == 1 {
                head + 1
            } else {
                head - 1
            };
            low = low.min(head);
            high = high.max(head);
            state = usize::from(choice >> 2);
        }
        None
    }
}

impl fmt::Display for TuringMachine {
    /// One transition per line: `s0 0 → 1 R s1`, or `s1 1 → 1 halt`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

/// A predictor from `D(n)`: the probability that a halting output that
/// begins with the history continues with a 1.
///
/// Fallback: when no output extends the history, the predictor conditions
/// on the longest suffix of the history that some output extends (down to
/// the empty suffix, where it is the frequency of a leading 1).
///
/// ```
/// use inductive::prelude::*;
/// use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
///
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let mut ctm = Ctm::new(d);
/// ctm.observe([true, true, true]);
/// assert!(ctm.predict() > 0.5); // runs of ones are simple
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone)]
pub struct Ctm {
    distribution: Arc<OutputDistribution>,
    history: String,
    prediction: f64,
}

impl Ctm {
    /// A predictor conditioned on `distribution`.
    pub fn new(distribution: OutputDistribution) -> Self {
        let mut ctm = Self {
            distribution: Arc::new(distribution),
            history: String::new(),
            prediction: 0.5,
        };
        ctm.prediction = ctm.conditional();
        ctm
    }

    /// The distribution it conditions on.
    pub fn distribution(&self) -> &OutputDistribution {
        &self.distribution
    }

    fn conditional(&self) -> f64 {
        for start in 0..=self.history.len() {
            let suffix = &self.history[start..];
            let zero = self.distribution.prefix_mass(&format!("{suffix}0"));
            let one = self.distribution.prefix_mass(&format!("{suffix}1"));
            if zero + one > 0 {
                return one as f64 / (zero + one) as f64;
            }
        }
        0.5
    }
}

impl Predictor for Ctm {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        self.history.push(if bit { '1' } else { '0' });
        self.prediction = self.conditional();
    }
}

impl fmt::Debug for Ctm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctm")
            .field("states", &self.distribution.states)
            .field("bits_seen", &self.history.len())
            .field("prediction", &self.prediction)
            .finish()
    }
}
