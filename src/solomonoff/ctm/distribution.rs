//! [`OutputDistribution`]: `D(n)` by lazy enumeration of every machine,
//! in parallel over the subtrees of the branch tree.

use rustc_hash::FxHashMap;

use super::machine::{TuringMachine, complement};
use super::shards::Shards;
use super::{MAX_SHARDED_STATES, MAX_STATES};
use crate::error::{Error, Result};

/// The output distribution `D(n)` of all `n`-state, 2-symbol Turing
/// machines run for at most `max_steps` steps from both blank tapes (the
/// literature's convention, see the [module docs](super)).
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
    pub(super) states: usize,
    pub(super) max_steps: u64,
    pub(super) machines: u64,
    pub(super) halting: u64,
    pub(super) most_steps: u64,
    pub(super) most_ones: usize,
    /// Outputs with their counts over both blank tapes, sorted by output.
    pub(super) outputs: Vec<(String, u64)>,
    /// `witnesses[i]`: a machine that writes `outputs[i]`.
    pub(super) witnesses: Vec<TuringMachine>,
}

/// What one branch of the enumeration found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct Tally {
    pub(super) halting: u64,
    pub(super) most_steps: u64,
    pub(super) most_ones: usize,
    /// Count and the lexicographically first transition table writing it.
    pub(super) outputs: FxHashMap<String, (u64, Vec<u8>)>,
}

impl Tally {
    fn add(&mut self, output: String, count: u64, table: Vec<u8>) {
        match self.outputs.entry(output) {
            std::collections::hash_map::Entry::Occupied(mut seen) => {
                let (total, first) = seen.get_mut();
                *total += count;
                if table < *first {
                    *first = table;
                }
            }
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert((count, table));
            }
        }
    }

    pub(super) fn merge(mut self, other: Tally) -> Tally {
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
pub(super) struct Run {
    /// `table[2 * state + symbol]`: a choice below `4n + 2`, or `UNDEFINED`.
    pub(super) table: Vec<u8>,
    pub(super) defined: u32,
    tape: Vec<u8>,
    head: usize,
    leftmost: usize,
    rightmost: usize,
    state: usize,
    steps: u64,
}

pub(super) const UNDEFINED: u8 = u8::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct Enumerator {
    pub(super) states: usize,
    pub(super) choices: u8,
    pub(super) max_steps: u64,
}

impl Enumerator {
    /// A run at the start, in state 0 on a blank tape wide enough for
    /// `max_steps` moves either way, with no transition defined but the
    /// first (counted as defined; the caller sets it).
    pub(super) fn start(&self) -> Run {
        let width = 2 * self.max_steps as usize + 3;
        Run {
            table: vec![UNDEFINED; 2 * self.states],
            defined: 1,
            tape: vec![0; width],
            head: width / 2,
            leftmost: width / 2,
            rightmost: width / 2,
            state: 0,
            steps: 0,
        }
    }

    /// Machines represented by a run with `defined` transitions fixed.
    pub(super) fn multiplicity(&self, defined: u32) -> u64 {
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
    pub(super) fn explore(&self, mut run: Run, mirror: bool, tally: &mut Tally) {
        if let Some(index) = self.advance(&mut run, mirror, tally) {
            for child in self.children(&run, index) {
                self.explore(child, mirror, tally);
            }
        }
    }

    /// The runs that continue `run` with each choice for the undefined
    /// transition `index`.
    fn children<'a>(&self, run: &'a Run, index: usize) -> impl Iterator<Item = Run> + 'a {
        (0..self.choices).map(move |c| {
            let mut child = run.clone();
            child.table[index] = c;
            child.defined += 1;
            child
        })
    }

    /// Runs `run` until it needs a transition not yet defined and returns
    /// that transition's index; `None` when the run ended first (halted,
    /// and then tallied, or out of steps).
    pub(super) fn advance(&self, run: &mut Run, mirror: bool, tally: &mut Tally) -> Option<usize> {
        if self.trapped(run) {
            return None;
        }
        loop {
            if run.steps == self.max_steps {
                return None;
            }
            let index = 2 * run.state + usize::from(run.tape[run.head]);
            let choice = run.table[index];
            if choice == UNDEFINED {
                return Some(index);
            }
            let halts = usize::from(choice) >= 4 * self.states;
            let write = choice & 1;
            run.tape[run.head] = write;
            run.steps += 1;
            if halts {
                self.tally_halt(run, mirror, tally);
                return None;
            }
            let right = (choice >> 1) & 1 == 1;
            run.state = usize::from(choice >> 2);
            let fresh = if right {
                run.head += 1;
                let fresh = run.head > run.rightmost;
                run.rightmost = run.rightmost.max(run.head);
                fresh
            } else {
                run.head -= 1;
                let fresh = run.head < run.leftmost;
                run.leftmost = run.leftmost.min(run.head);
                fresh
            };
            if fresh && self.escapes(run, right) {
                return None;
            }
        }
    }

    /// Whether no halting or undefined transition can be reached from the
    /// run's state through its defined transitions (on either symbol):
    /// then the run never halts, whatever the budget and the tape, and
    /// cutting it short changes no count. Checked once per branch, at
    /// most `2n` transitions.
    fn trapped(&self, run: &Run) -> bool {
        let mut seen = 1u32 << run.state;
        let mut stack = [0usize; 2 * MAX_SHARDED_STATES];
        let (mut top, mut state) = (0, run.state);
        loop {
            for symbol in 0..2 {
                let choice = run.table[2 * state + symbol];
                if choice == UNDEFINED || usize::from(choice) >= 4 * self.states {
                    return false;
                }
                let next = usize::from(choice >> 2);
                if seen & (1 << next) == 0 {
                    seen |= 1 << next;
                    stack[top] = next;
                    top += 1;
                }
            }
            if top == 0 {
                return true;
            }
            top -= 1;
            state = stack[top];
        }
    }

    /// Whether a run whose head just stepped onto a blank cell never
    /// visited, moving `right` (or left), runs away for ever: when the
    /// transitions on 0 from its state are defined and keep moving the
    /// same way for `n` steps, some state repeats, and the run cycles
    /// through those states on ever new blank cells. Such a run never
    /// halts, whatever the budget, so cutting it short changes no count
    /// (a run is only ever counted when it halts).
    #[inline]
    fn escapes(&self, run: &Run, right: bool) -> bool {
        let mut state = run.state;
        for _ in 0..self.states {
            let choice = run.table[2 * state];
            if choice == UNDEFINED
                || usize::from(choice) >= 4 * self.states
                || ((choice >> 1) & 1 == 1) != right
            {
                return false;
            }
            state = usize::from(choice >> 2);
        }
        true
    }

    /// Counts a halted run: every machine it stands for writes its output
    /// (and, under `mirror`, the mirror images write it reversed).
    fn tally_halt(&self, run: &Run, mirror: bool, tally: &mut Tally) {
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
        // Transitions this run never used are filled with choice 0 (they
        // cannot change what it does).
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
                expected: "between 1 and 4 (5 states are 22^10 ≈ 2.7 × 10^13 machines, about 10^3 core-hours: run them as `Shards`, checkpointed or on a cluster)",
                value: states,
            });
        }
        let shards = Shards::new(states, max_steps)?;
        let tally = crate::parallel::fold_merge(
            (0..shards.count()).collect(),
            Tally::default,
            |tally, id| tally.merge(shards.compute(id).tally),
            Tally::merge,
        );
        Ok(Self::from_tally(states, max_steps, tally))
    }

    /// The distribution from the tally of every machine's 0-blank run.
    pub(super) fn from_tally(states: usize, max_steps: u64, tally: Tally) -> Self {
        let (halting, most_steps, most_ones) = (tally.halting, tally.most_steps, tally.most_ones);
        let (outputs, witnesses) = with_both_blanks(states, tally.outputs);
        Self {
            states,
            max_steps,
            machines: (4 * states as u64 + 2).pow(2 * states as u32),
            halting: 2 * halting,
            most_steps,
            most_ones,
            outputs,
            witnesses,
        }
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

/// The 1-blank runs, from the 0-blank ones: each output, complemented, is
/// written by the conjugate machine. Returns the outputs of both tapes
/// with their counts, sorted, and a witness of each (a 0-blank machine
/// where there is one, then the first table).
pub(super) fn with_both_blanks(
    states: usize,
    blank_zero: FxHashMap<String, (u64, Vec<u8>)>,
) -> (Vec<(String, u64)>, Vec<TuringMachine>) {
    let mut both: FxHashMap<String, (u64, TuringMachine)> = FxHashMap::default();
    for (output, (count, table)) in blank_zero {
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
    found
        .into_iter()
        .map(|(output, (count, machine))| ((output, count), machine))
        .unzip()
}
