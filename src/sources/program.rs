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
/// [`bound_bits`](ProgramSource::bound_bits) is `n · log2 A` for the `n`
/// instructions read: the code length that any Solomonoff mixture over the
/// same machine (with limits at least as large) stays under on this data.
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
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramSource {
    program: String,
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
        let instructions = machine.instructions();
        'tries: for _ in 0..max_tries {
            let mut m = machine.clone();
            let mut read = 0;
            let mut output = Vec::with_capacity(len);
            while output.len() < len {
                match m.run(max_steps) {
                    Event::NeedInstruction => {
                        if read == max_instructions {
                            continue 'tries;
                        }
                        m.feed(rng.random_range(0..instructions));
                        read += 1;
                    }
                    Event::Output(symbol) if symbol <= 1 => output.push(symbol == 1),
                    Event::Output(_) | Event::Timeout | Event::Stuck => continue 'tries,
                }
            }
            return Ok(Self {
                program: m.program(),
                instructions_read: read,
                instructions,
                output,
                position: 0,
            });
        }
        Err(Error::TooLarge {
            what: "programs tried without one producing the requested output",
            count: max_tries as u128 + 1,
            limit: max_tries as u128,
        })
    }

    /// The program, as the instructions it read.
    pub fn program(&self) -> &str {
        &self.program
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
