//! [`Solomonoff`]: the bounded Solomonoff mixture over a machine's programs.

use std::fmt;

use crate::error::{Error, Result, check_step_budget};
use crate::predictor::{Hypothesis, Predictor, Status};
use crate::solomonoff::machine::{Event, Machine, Shareable};

/// Most program prefixes the tree may hold: `Σ_{n ≤ L} A^n` must stay below.
pub const PREFIX_LIMIT: u128 = 1_000_000_000;

/// Most bytes the mixture's programs may hold at once, 8 GiB, bounded
/// before anything is allocated as the number of prefixes times the bytes
/// of one fork ([`Machine::memory_bytes`]): every live program carries its
/// own tape, so a 65,536-cell tape at `L = 8` would need hundreds of GB.
pub const MEMORY_LIMIT: u128 = 8 << 30;

/// How a program's weight is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgramPrior {
    /// `A^-n` for a program prefix of `n` instructions: Solomonoff's prior.
    Length,
    /// `A^-n / t`, where `t` is the number of steps the program took to
    /// produce the output so far, its next symbol included: Levin's `Kt`
    /// (`n·log2 A + log2 t` bits) as a weight, the time-bounded bias of
    /// Schmidhuber's speed prior (2002). A program that needs twice the time
    /// counts half as much, so fast explanations win among equally short
    /// ones.
    Speed,
}

/// One minimal program prefix still consistent with the data.
#[derive(Debug, Clone)]
struct Program<M> {
    machine: M,
    /// Instructions read.
    length: u32,
    /// The symbol it outputs next, once run far enough.
    next: Option<u8>,
}

/// The bounded Solomonoff mixture: every program prefix of a reference
/// [`Machine`] of at most `L` instructions, weighted by its length (or
/// length and time), run under a step budget.
///
/// `M(x) = Σ A^-|p|` over minimal prefixes `p` whose output begins with
/// `x`, and `P(1 | x) = M(x1) / (M(x0) + M(x1))`. The prefix tree is
/// expanded only where a machine asks for its next instruction.
/// Contradicted programs are dropped; the mass of programs that time out
/// or need more than `L` instructions is [lost](Solomonoff::lost_mass) and
/// reported, never hidden. If every program is gone the prediction is 1/2
/// and [`is_exhausted`](Solomonoff::is_exhausted) and
/// [`status`](Predictor::status) say so.
///
/// **A code length can be infinite.** When every live program prints the
/// same next bit, the mixture is certain of it, and the other bit costs
/// infinitely many bits (the mixture is honest: no program it holds allows
/// that bit). Wrap it in [`Clamp`](crate::adapters::Clamp), or mix it with
/// a learner such as [`Kt`](crate::Kt), where finite code lengths matter.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
///
/// // Binary tape of 4 cells; programs of up to 6 instructions, 100 steps each.
/// let machine = BrainPhoque::new(2, 4)?.start();
/// let mut mixture = Solomonoff::new(machine, 6, 100, ProgramPrior::Length)?;
/// let bits = mixture.observe([true; 12]);
/// assert!(bits < 6.0); // `+[.]` prints ones forever: 4 instructions
/// assert!(mixture.predict() > 0.9);
/// println!("{}", mixture.explain(1)[0]);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone)]
pub struct Solomonoff<M: Machine> {
    programs: Vec<Program<M>>,
    instructions: usize,
    max_length: u32,
    max_steps: u64,
    prior: ProgramPrior,
    /// `A^-n` for `n = 0..=L`.
    length_weight: Vec<f64>,
    lost: f64,
    contradicted: f64,
    weight_zero: f64,
    weight_one: f64,
    prediction: f64,
    /// Bits seen.
    bits: u64,
    /// The bit after which no program was left, if one was.
    exhausted_at: Option<u64>,
}

impl<M: Machine + Shareable> Solomonoff<M> {
    /// A mixture over the programs of `machine` (a fresh state) with at most
    /// `max_length` instructions, each run for at most `max_steps` steps.
    /// Fails for a zero step budget, a machine with fewer than two
    /// instructions or more than two output symbols, a prefix tree above
    /// [`PREFIX_LIMIT`] prefixes, or programs that could need more than
    /// [`MEMORY_LIMIT`] bytes (the error gives the estimate).
    pub fn new(machine: M, max_length: usize, max_steps: u64, prior: ProgramPrior) -> Result<Self> {
        let instructions = machine.instructions();
        if instructions < 2 {
            return Err(Error::InvalidSize {
                what: "machine instructions",
                expected: "at least 2",
                value: instructions,
            });
        }
        if machine.output_symbols() != 2 {
            return Err(Error::InvalidSize {
                what: "machine output symbols",
                expected: "2: the mixture predicts bits, and a program that prints another symbol would be dropped unseen (use a machine with alphabet 2)",
                value: machine.output_symbols(),
            });
        }
        check_step_budget(max_steps)?;
        // Σ_{n ≤ L} A^n, exact or saturated: with A ≥ 2 it saturates u128
        // before level 129, so L (up to usize::MAX) needs no more levels.
        let mut prefixes = 0u128;
        let mut level = 1u128;
        for _ in 0..=max_length.min(129) {
            prefixes = prefixes.saturating_add(level);
            level = level.saturating_mul(instructions as u128);
        }
        if prefixes > PREFIX_LIMIT {
            return Err(Error::TooLarge {
                what: "program prefixes in the tree",
                count: prefixes,
                limit: PREFIX_LIMIT,
                hint: "lower the program length L (each instruction multiplies the tree by the instruction count)",
            });
        }
        // Within the prefix limit, L < 30 (A ≥ 2).
        let max_length = max_length as u32;
        let fork_bytes = (machine.memory_bytes() + std::mem::size_of::<Program<M>>()) as u128
            + 5 * u128::from(max_length);
        let bytes = prefixes.saturating_mul(fork_bytes);
        if bytes > MEMORY_LIMIT {
            return Err(Error::TooLarge {
                what: "bytes of live programs, at most (prefixes × bytes per fork)",
                count: bytes,
                limit: MEMORY_LIMIT,
                hint: "lower the program length L or the machine's tape size",
            });
        }
        let length_weight = (0..=max_length as i32)
            .map(|n| (instructions as f64).powi(-n))
            .collect();
        let mut mixture = Self {
            programs: vec![Program {
                machine,
                length: 0,
                next: None,
            }],
            instructions,
            max_length,
            max_steps,
            prior,
            length_weight,
            lost: 0.0,
            contradicted: 0.0,
            weight_zero: 0.0,
            weight_one: 0.0,
            prediction: 0.5,
            bits: 0,
            exhausted_at: None,
        };
        mixture.expand();
        Ok(mixture)
    }

    /// Runs every program that has not yet produced its next symbol,
    /// forking where it asks for an instruction, then sums the weights of
    /// the programs about to output 0 and 1.
    fn expand(&mut self) {
        let pending = std::mem::take(&mut self.programs);
        let runner = Runner {
            instructions: self.instructions,
            max_length: self.max_length,
            max_steps: self.max_steps,
        };
        #[cfg(feature = "rayon")]
        let results: Vec<(Vec<Program<M>>, Vec<u32>)> = {
            use rayon::prelude::*;
            pending.into_par_iter().map(|p| runner.resolve(p)).collect()
        };
        #[cfg(not(feature = "rayon"))]
        let results: Vec<(Vec<Program<M>>, Vec<u32>)> =
            pending.into_iter().map(|p| runner.resolve(p)).collect();
        for (resolved, lost) in results {
            for length in lost {
                self.lost += self.length_weight[length as usize];
            }
            self.programs.extend(resolved);
        }
        let (mut zero, mut one) = (0.0, 0.0);
        let mut invalid = 0.0;
        let mut kept = Vec::with_capacity(self.programs.len());
        for program in std::mem::take(&mut self.programs) {
            let weight = self.weight(&program);
            match program.next {
                Some(0) => zero += weight,
                Some(1) => one += weight,
                _ => {
                    // A symbol other than 0 or 1 contradicts every bit.
                    invalid += self.length_weight[program.length as usize];
                    continue;
                }
            }
            kept.push(program);
        }
        self.programs = kept;
        self.contradicted += invalid;
        self.weight_zero = zero;
        self.weight_one = one;
        self.prediction = if zero + one > 0.0 {
            one / (zero + one)
        } else {
            0.5
        };
    }

    fn weight(&self, program: &Program<M>) -> f64 {
        program_weight(
            self.prior,
            self.length_weight[program.length as usize],
            &program.machine,
        )
    }
}

/// A program's weight under `prior`, given `A^-length`.
fn program_weight<M: Machine>(prior: ProgramPrior, length_weight: f64, machine: &M) -> f64 {
    match prior {
        ProgramPrior::Length => length_weight,
        ProgramPrior::Speed => length_weight / machine.steps().max(1) as f64,
    }
}

/// Runs one program to its next output symbol, forking on instruction
/// requests.
struct Runner {
    instructions: usize,
    max_length: u32,
    max_steps: u64,
}

impl Runner {
    /// The descendants of `program` that produced a next symbol, and the
    /// prefix lengths of those lost to the budget or the length limit.
    fn resolve<M: Machine>(&self, program: Program<M>) -> (Vec<Program<M>>, Vec<u32>) {
        let mut done = Vec::new();
        let mut lost = Vec::new();
        let mut stack = vec![program];
        while let Some(mut p) = stack.pop() {
            if p.next.is_some() {
                done.push(p);
                continue;
            }
            match p.machine.run(self.max_steps) {
                Event::Output(symbol) => {
                    p.next = Some(symbol);
                    done.push(p);
                }
                Event::Timeout | Event::Stuck => lost.push(p.length),
                Event::NeedInstruction => {
                    if p.length == self.max_length {
                        lost.push(p.length);
                        continue;
                    }
                    // Fork once per instruction; the original becomes the
                    // fork for instruction 0, pushed last so it runs first.
                    let length = p.length + 1;
                    for instruction in (1..self.instructions).rev() {
                        let mut machine = p.machine.clone();
                        machine.feed(instruction);
                        stack.push(Program {
                            machine,
                            length,
                            next: None,
                        });
                    }
                    p.machine.feed(0);
                    stack.push(Program {
                        machine: p.machine,
                        length,
                        next: None,
                    });
                }
            }
        }
        (done, lost)
    }
}

impl<M: Machine> Solomonoff<M> {
    /// Live programs (consistent with every bit so far).
    pub fn live_programs(&self) -> usize {
        self.programs.len()
    }

    /// Prior mass of the live programs: `M(x)` under the length prior.
    pub fn live_mass(&self) -> f64 {
        self.programs
            .iter()
            .map(|p| self.length_weight[p.length as usize])
            .sum()
    }

    /// Prior mass of programs that timed out or needed more than `L`
    /// instructions before producing the data: what the bounds cost.
    pub fn lost_mass(&self) -> f64 {
        self.lost
    }

    /// Prior mass of programs whose output contradicted the data.
    pub fn contradicted_mass(&self) -> f64 {
        self.contradicted
    }

    /// Whether no program explains the data any more (the prediction is
    /// then 1/2).
    pub fn is_exhausted(&self) -> bool {
        self.programs.is_empty()
    }
}

impl<M: Machine + Shareable> Predictor for Solomonoff<M> {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        let symbol = u8::from(bit);
        let weights = &self.length_weight;
        let mut contradicted = 0.0;
        self.programs.retain_mut(|p| {
            let keep = p.next == Some(symbol);
            if keep {
                p.next = None;
            } else {
                contradicted += weights[p.length as usize];
            }
            keep
        });
        self.contradicted += contradicted;
        self.expand();
        self.bits += 1;
        if self.exhausted_at.is_none() && self.is_exhausted() {
            self.exhausted_at = Some(self.bits - 1);
        }
    }

    /// `Failed` once no program explains the data (prediction 1/2 from
    /// then on): every program was contradicted, timed out or needed more
    /// than `L` instructions.
    fn status(&self) -> Status {
        if self.is_exhausted() {
            Status::Failed(Error::Falsified {
                what: "Solomonoff mixture (raise L or the step budget)",
                bit: self.exhausted_at.unwrap_or(self.bits),
            })
        } else {
            Status::Healthy
        }
    }

    /// The heaviest live programs: the instructions each has read, with its
    /// share of the mixture's weight.
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let weight = |p: &Program<M>| {
            program_weight(
                self.prior,
                self.length_weight[p.length as usize],
                &p.machine,
            )
        };
        let total = self.weight_zero + self.weight_one;
        let mut ranked: Vec<(f64, String)> = self
            .programs
            .iter()
            .map(|p| (weight(p) / total, p.machine.program()))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .take(n)
            .map(|(weight, program)| {
                let description = if program.is_empty() {
                    "(empty program)".to_string()
                } else {
                    program
                };
                Hypothesis::leaf(description, weight)
            })
            .collect()
    }
}

impl<M: Machine> fmt::Debug for Solomonoff<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Solomonoff")
            .field("max_length", &self.max_length)
            .field("max_steps", &self.max_steps)
            .field("prior", &self.prior)
            .field("live_programs", &self.programs.len())
            .field("lost_mass", &self.lost)
            .field("prediction", &self.prediction)
            .finish()
    }
}
