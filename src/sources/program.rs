//! Sequences output by programs sampled from the Solomonoff prior.

use rand::{Rng, RngExt};

use crate::error::{Error, Result};
use crate::predictor::Predictor;
use crate::solomonoff::{Event, Machine};
use crate::sources::Source;

/// The data generator of "Learning Universal Predictors": a program whose
/// instructions are drawn uniformly, one at a time, as the machine asks for
/// them, kept if it outputs the requested number of bits within the step
/// budget and instruction limit. The source is the program's output, known
/// in advance, so its "true probability" is 1 for the bit that comes and 0
/// for the other; after the output it predicts 1/2.
///
/// [`bound_bits`](ProgramSource::bound_bits) is `n · log2 A`, where `n` is
/// the length of the shortest program found that still produces the same
/// output: the instructions read, after greedily deleting single
/// instructions and adjacent pairs whose removal provably changes nothing
/// (the shorter program is re-run and reproduces the output exactly within
/// the budget). It is the code length that a Solomonoff mixture over the
/// same machine, with limits at least as large, stays under on this data.
///
/// ```
/// use inductive::solomonoff::BrainPhoque;
/// use inductive::sources::ProgramSource;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(3);
/// let machine = BrainPhoque::new(2, 16)?.start();
/// let source = ProgramSource::sample(&machine, 8, 1000, 64, 100_000, &mut rng)?;
/// assert_eq!(source.output().len(), 64);
/// assert!(source.bound_bits() <= 8.0 * 7f64.log2());
/// println!("{} → {:?}", source.program(), source.output());
///
/// // `+-+[.]` prints ones forever; `+-` provably does nothing.
/// let ones = ProgramSource::from_program(&machine, &[0, 1, 0, 4, 6, 5], 1000, 32)?;
/// assert_eq!(ones.shortest_program(), "+[.]");
/// assert!((ones.bound_bits() - 4.0 * 7f64.log2()).abs() < 1e-12);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProgramSource {
    program: String,
    shortest: String,
    instructions_read: usize,
    instructions: usize,
    output: Vec<bool>,
    position: usize,
}

impl ProgramSource {
    /// Samples programs for `machine` (a fresh state) until one outputs
    /// `len` binary symbols within `max_steps` steps, reading at most
    /// `max_instructions` instructions; gives up after `max_tries` programs
    /// with an error.
    pub fn sample<M: Machine, R: Rng + ?Sized>(
        machine: &M,
        max_instructions: usize,
        max_steps: u64,
        len: usize,
        max_tries: usize,
        rng: &mut R,
    ) -> Result<Self> {
        if max_tries == 0 {
            return Err(Error::InvalidSize {
                what: "max_tries",
                expected: "at least 1",
                value: 0,
            });
        }
        let instructions = machine.instructions();
        for _ in 0..max_tries {
            let mut read = Vec::new();
            let mut draw = |_: usize| {
                let instruction = rng.random_range(0..instructions);
                read.push(instruction);
                Some(instruction)
            };
            let Some((program, output)) =
                execute(machine, &mut draw, max_instructions, max_steps, len)
            else {
                continue;
            };
            return Ok(Self::from_run(machine, program, read, output, max_steps));
        }
        Err(Error::GaveUp {
            what: "sampling a program that outputs the requested bits",
            tries: max_tries,
            hint: "raise max_tries, the step budget or the instruction limit, or ask for fewer bits",
        })
    }

    /// The output of a given program: `instructions` are fed as the
    /// machine asks for them. Fails unless the program outputs `len` binary
    /// symbols within `max_steps` steps without needing more instructions,
    /// or if an instruction is not below the machine's instruction count.
    pub fn from_program<M: Machine>(
        machine: &M,
        instructions: &[usize],
        max_steps: u64,
        len: usize,
    ) -> Result<Self> {
        let count = machine.instructions();
        if let Some(&bad) = instructions.iter().find(|&&i| i >= count) {
            return Err(Error::InvalidSize {
                what: "instruction index",
                expected: "below the machine's instruction count",
                value: bad,
            });
        }
        let mut from_list = |i: usize| instructions.get(i).copied();
        let (program, output) =
            execute(machine, &mut from_list, instructions.len(), max_steps, len).ok_or(
                Error::Incompatible {
                    reason: "the program does not output the requested bits within its \
                             instructions and step budget",
                },
            )?;
        let read = instructions[..program_len(machine, instructions, max_steps, len)].to_vec();
        Ok(Self::from_run(machine, program, read, output, max_steps))
    }

    fn from_run<M: Machine>(
        machine: &M,
        program: String,
        read: Vec<usize>,
        output: Vec<bool>,
        max_steps: u64,
    ) -> Self {
        let shortest = shorten(machine, read, &output, max_steps);
        let mut from_list = |i: usize| shortest.get(i).copied();
        let (shortest_text, _) = execute(
            machine,
            &mut from_list,
            shortest.len(),
            max_steps,
            output.len(),
        )
        .expect("shortening keeps the output");
        Self {
            program,
            shortest: shortest_text,
            instructions_read: shortest.len(),
            instructions: machine.instructions(),
            output,
            position: 0,
        }
    }

    /// The program, as the instructions it read.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// The shortest program found with the same output (see
    /// [`bound_bits`](Self::bound_bits)).
    pub fn shortest_program(&self) -> &str {
        &self.shortest
    }

    /// The whole output.
    pub fn output(&self) -> &[bool] {
        &self.output
    }

    /// `n · log2 A` bits for the `n` instructions read.
    pub fn bound_bits(&self) -> f64 {
        self.instructions_read as f64 * (self.instructions as f64).log2()
    }
}

/// Runs `machine` with instructions from `next(i)` (the `i`-th request),
/// until it has output `len` binary symbols; `None` if it needs more than
/// `max_instructions` instructions, runs out of steps or outputs a symbol
/// other than 0 and 1. Returns the program text and the output.
fn execute<M: Machine>(
    machine: &M,
    next: &mut dyn FnMut(usize) -> Option<usize>,
    max_instructions: usize,
    max_steps: u64,
    len: usize,
) -> Option<(String, Vec<bool>)> {
    let mut m = machine.clone();
    let mut read = 0;
    let mut output = Vec::with_capacity(len);
    while output.len() < len {
        match m.run(max_steps) {
            Event::NeedInstruction => {
                if read == max_instructions {
                    return None;
                }
                m.feed(next(read)?);
                read += 1;
            }
            Event::Output(symbol) if symbol <= 1 => output.push(symbol == 1),
            Event::Output(_) | Event::Timeout | Event::Stuck => return None,
        }
    }
    Some((m.program(), output))
}

/// How many of `instructions` the machine reads before outputting `len`
/// symbols (the caller checked that it does).
fn program_len<M: Machine>(
    machine: &M,
    instructions: &[usize],
    max_steps: u64,
    len: usize,
) -> usize {
    let mut used = 0;
    let mut from_list = |i: usize| {
        used = used.max(i + 1);
        instructions.get(i).copied()
    };
    let _ = execute(machine, &mut from_list, instructions.len(), max_steps, len);
    used
}

/// Greedily deletes single instructions, then adjacent pairs, while the
/// shorter program still outputs exactly `output` within the budget.
fn shorten<M: Machine>(
    machine: &M,
    mut program: Vec<usize>,
    output: &[bool],
    max_steps: u64,
) -> Vec<usize> {
    let reproduces = |candidate: &[usize]| {
        let mut from_list = |i: usize| candidate.get(i).copied();
        execute(
            machine,
            &mut from_list,
            candidate.len(),
            max_steps,
            output.len(),
        )
        .is_some_and(|(_, out)| out == output)
    };
    // Scan left to right and stay in place after a deletion (the next
    // instruction has moved there): one pass per width deletes every
    // instruction it can, where restarting from the front after each
    // deletion made the search cubic. Passes repeat until nothing changes,
    // since a deletion can make an earlier one possible.
    loop {
        let before = program.len();
        for width in [1, 2] {
            let mut start = 0;
            while start + width <= program.len() {
                let mut candidate = program.clone();
                candidate.drain(start..start + width);
                if reproduces(&candidate) {
                    program = candidate;
                } else {
                    start += 1;
                }
            }
        }
        if program.len() == before {
            return program;
        }
    }
}

impl Predictor for ProgramSource {
    fn predict(&self) -> f64 {
        match self.output.get(self.position) {
            Some(&true) => 1.0,
            Some(&false) => 0.0,
            None => 0.5,
        }
    }

    fn update(&mut self, _bit: bool) {
        self.position += 1;
    }
}

impl Source for ProgramSource {}
