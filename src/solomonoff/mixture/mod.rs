//! [`Solomonoff`]: the bounded Solomonoff mixture over a machine's programs.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result, check_step_budget};
use crate::hypothesis::Hypothesis;
use crate::predictor::{EpisodePrior, Predictor};
use crate::solomonoff::machine::{Machine, Shareable};
use crate::solomonoff::measure::{Key, ProgramMeasure};
use crate::status::Status;

mod runner;

use runner::Runner;

/// Most program prefixes the tree may hold: `Σ_{n ≤ L} A^n` must stay below.
pub const PREFIX_LIMIT: u128 = 1_000_000_000;

/// Most bytes the mixture's programs may hold at once, 8 GiB, bounded
/// before anything is allocated as the number of prefixes times the bytes
/// of one fork ([`Machine::memory_bytes`]): every live program carries its
/// own tape, so a 65,536-cell tape at `L = 8` would need hundreds of GB.
pub const MEMORY_LIMIT: u128 = 8 << 30;

/// How a program's weight is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Program<M> {
    machine: M,
    /// Instructions read.
    length: u32,
    /// The instructions read, as a base-`A` number (with `length`, the
    /// program's key in the [`ProgramMeasure`]).
    code: u64,
    /// The prior in force's mass of every program that begins with this
    /// one: `A^-length` under a fresh prior.
    mass: f64,
    /// The symbol it outputs next, once run far enough.
    next: Option<u8>,
}

impl<M> Program<M> {
    fn key(&self) -> Key {
        (self.length, self.code)
    }
}

/// The running sums of [`EpisodePrior::Pooled`]: `Σ_e post_e`, as atoms.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Pool {
    concentration: f64,
    episodes: f64,
    posteriors: BTreeMap<Key, f64>,
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
/// that bit). Wrap it in [`Clamp`](crate::adapters::Clamp) where finite
/// code lengths matter. Mixing it with a learner such as [`Kt`](crate::Kt)
/// is not enough: on data the programs explain, the learner's posterior
/// weight falls like its probability of the data, and once it is below
/// `2^-53` the mixture's prediction rounds to certainty in `f64` (a
/// certain predictor of `110110…` mixed with `Kt` rounds within 60 bits).
/// Clamp the mixture, or the program mixture inside it.
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Solomonoff<M: Machine> {
    programs: Vec<Program<M>>,
    /// The machine's fresh state, which every episode starts from.
    initial: M,
    /// The prior over programs in force in this episode.
    measure: Arc<ProgramMeasure>,
    /// `Some` under [`EpisodePrior::Pooled`].
    pool: Option<Pool>,
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
    /// Bits seen in this episode.
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
        let length_weight: Vec<f64> = (0..=max_length as i32)
            .map(|n| (instructions as f64).powi(-n))
            .collect();
        let measure = Arc::new(ProgramMeasure::fresh(instructions, &length_weight));
        let mut mixture = Self {
            programs: Vec::new(),
            initial: machine,
            measure,
            pool: None,
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
        mixture.start_programs();
        Ok(mixture)
    }

    /// Chooses how episodes update the prior over programs (default
    /// [`EpisodePrior::Shared`]), exactly as for
    /// [`CircuitMixture`](crate::circuit::CircuitMixture); fails for a
    /// pooled concentration that is not positive and finite. See
    /// [`end_episode`](Self#method.end_episode).
    ///
    /// ```
    /// use inductive::prelude::*;
    /// use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
    ///
    /// let machine = BrainPhoque::new(2, 4)?.start();
    /// let mut mixture = Solomonoff::new(machine, 5, 100, ProgramPrior::Length)?
    ///     .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })?;
    /// // Every episode is ones: the programs that print ones gain prior mass.
    /// let fresh = mixture.clone().observe([true; 8]);
    /// for _ in 0..5 {
    ///     mixture.observe([true; 8]);
    ///     mixture.end_episode();
    /// }
    /// assert!(mixture.observe([true; 8]) < fresh);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn with_episode_prior(mut self, episode_prior: EpisodePrior) -> Result<Self> {
        self.pool = episode_prior
            .checked_concentration("EpisodePrior::DirichletProcess in a Solomonoff mixture")?
            .map(|concentration| Pool {
                concentration,
                episodes: 0.0,
                posteriors: BTreeMap::new(),
            });
        Ok(self)
    }

    /// The episode's posterior over programs as atoms of a measure (total
    /// mass 1), or `None` when every program was ruled out.
    fn episode_posterior(&self) -> Option<Vec<(Key, f64)>> {
        if self.bits == 0 {
            // No evidence: the posterior is the prior in force.
            let total = self.measure.mass((0, 0));
            return Some(self.measure.atoms().map(|(k, a)| (k, a / total)).collect());
        }
        let total = self.weight_zero + self.weight_one;
        if self.programs.is_empty() || total <= 0.0 {
            return None;
        }
        let survivors: Vec<(Key, f64)> = self
            .programs
            .iter()
            .map(|p| (p.key(), self.weight(p) / total))
            .collect();
        Some(self.measure.restrict(&survivors))
    }

    /// Starts the empty program on a fresh machine and runs it (and its
    /// forks) to their first symbols.
    fn start_programs(&mut self) {
        self.programs = vec![Program {
            machine: self.initial.clone(),
            length: 0,
            code: 0,
            mass: self.measure.mass((0, 0)),
            next: None,
        }];
        self.expand();
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
            measure: &self.measure,
        };
        let results: Vec<(Vec<Program<M>>, Vec<f64>)> = crate::parallel::fold_merge(
            pending,
            Vec::new,
            |mut done, p| {
                done.push(runner.resolve(p));
                done
            },
            |mut left, right| {
                left.extend(right);
                left
            },
        );
        for (resolved, lost) in results {
            for mass in lost {
                self.lost += mass;
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
                    invalid += program.mass;
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
        program_weight(self.prior, program.mass, &program.machine)
    }
}

/// A program's weight under `prior`, given its mass under the prior in
/// force (`A^-length` when fresh).
fn program_weight<M: Machine>(prior: ProgramPrior, mass: f64, machine: &M) -> f64 {
    match prior {
        ProgramPrior::Length => mass,
        ProgramPrior::Speed => mass / machine.steps().max(1) as f64,
    }
}

impl<M: Machine> Solomonoff<M> {
    /// Live programs (consistent with every bit so far).
    pub fn live_programs(&self) -> usize {
        self.programs.len()
    }

    /// Prior mass of the live programs: `M(x)` for this episode's bits `x`,
    /// under the prior in force (the length prior, until an episode ends).
    pub fn live_mass(&self) -> f64 {
        self.programs.iter().map(|p| p.mass).sum()
    }

    /// Prior mass, in this episode, of the programs that timed out, needed
    /// more than `L` instructions, or were proven silent (the machine
    /// showed it would never output again), before producing their next
    /// bit: what the bounds cost, and the programs that stopped. A program
    /// that printed the whole episode and was then proven silent is here:
    /// it explains the episode, but has no next bit, so the episode's
    /// posterior leaves it out. Live, lost and contradicted mass add up to
    /// the prior in force's total.
    pub fn lost_mass(&self) -> f64 {
        self.lost
    }

    /// Prior mass of programs whose output contradicted this episode's data.
    pub fn contradicted_mass(&self) -> f64 {
        self.contradicted
    }

    /// Program prefixes at which the prior in force holds structure (1 for
    /// the fresh prior): the memory the episodes' learning holds, about
    /// `40 + 4·A` bytes each.
    pub fn prior_nodes(&self) -> usize {
        self.measure.nodes()
    }

    /// The prior in force's mass of the sequences that begin with
    /// `instructions` (indices below [`Machine::instructions`]): `A^-n` for
    /// `n` instructions, until an episode ends. Fails for an index out of
    /// range or a prefix longer than `L`.
    pub fn prior_mass(&self, instructions: &[usize]) -> Result<f64> {
        if instructions.len() > self.max_length as usize {
            return Err(Error::InvalidSize {
                what: "program prefix length",
                expected: "at most the mixture's program length L",
                value: instructions.len(),
            });
        }
        let mut key = (0, 0);
        for &instruction in instructions {
            if instruction >= self.instructions {
                return Err(Error::InvalidSize {
                    what: "instruction index",
                    expected: "below the machine's instruction count",
                    value: instruction,
                });
            }
            key = self.measure.child_key(key, instruction);
        }
        Ok(self.measure.mass(key))
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

    /// Ends an episode: the episode's posterior over programs, under the
    /// prior in force at its start, updates the prior as the
    /// [`EpisodePrior`] says, and every machine restarts from its fresh
    /// state. Across episodes the mixture learns which programs a task
    /// family runs (pre-training); inside one, the data picks among them.
    ///
    /// - The prior is a measure on instruction sequences. A program's
    ///   posterior share (its weight, time factor included under
    ///   [`ProgramPrior::Speed`], over the total) goes to the sequences
    ///   that begin with it, spread as the prior in force spread them:
    ///   every extension of a surviving program explains the episode
    ///   equally well, so this is the exact posterior over sequences.
    /// - [`EpisodePrior::Shared`] (the default): the posterior becomes the
    ///   prior. One program must explain every episode; a later episode no
    ///   surviving program explains exhausts the mixture.
    /// - [`EpisodePrior::Pooled`]: after `n` episodes the prior is
    ///   `(c·π₀ + Σ post_e) / (c + n)` with `π₀` the length prior: the
    ///   family's programs gain mass and every program keeps some. This is
    ///   Newton's recursive estimator, not the Dirichlet-process posterior:
    ///   each `post_e` is taken under the prior in force, so the result
    ///   depends on the order of the episodes (BrainPhoque(2, 2), L = 7,
    ///   300 steps, c = 1: after `01`, `010101`, then `01`, P(1) = 0.357;
    ///   with the first two swapped, 0.0077). The exact posterior
    ///   ([`EpisodePrior::DirichletProcess`]) is refused here.
    /// - Programs that print the whole episode and are then proven silent
    ///   (the machine shows it will never output again, [`Event::Stuck`](crate::solomonoff::Event::Stuck))
    ///   explain the episode but predict no next bit: they are dropped
    ///   from the episode's posterior, and their mass is in
    ///   [`lost_mass`](Solomonoff::lost_mass).
    /// - Programs lost to the bounds (time or length) have unknown
    ///   posteriors and get none. An episode in which every program was
    ///   ruled out has no posterior and leaves the prior as it was; an
    ///   episode without bits has the prior in force as its posterior.
    /// - The prior's memory grows with the surviving programs it learned
    ///   ([`prior_nodes`](Solomonoff::prior_nodes)).
    fn end_episode(&mut self) {
        if let Some(posterior) = self.episode_posterior() {
            let measure = match &mut self.pool {
                None => {
                    ProgramMeasure::from_atoms(self.instructions, &self.length_weight, posterior)
                }
                Some(pool) => {
                    pool.episodes += 1.0;
                    for (key, mass) in posterior {
                        *pool.posteriors.entry(key).or_insert(0.0) += mass;
                    }
                    let scale = 1.0 / (pool.concentration + pool.episodes);
                    let base = ((0, 0), pool.concentration * scale);
                    let learned = pool.posteriors.iter().map(|(&k, &m)| (k, m * scale));
                    ProgramMeasure::from_atoms(
                        self.instructions,
                        &self.length_weight,
                        std::iter::once(base).chain(learned),
                    )
                }
            };
            self.measure = Arc::new(measure);
        }
        self.lost = 0.0;
        self.contradicted = 0.0;
        self.bits = 0;
        self.exhausted_at = None;
        self.start_programs();
    }

    fn update(&mut self, bit: bool) {
        let symbol = u8::from(bit);
        let mut contradicted = 0.0;
        self.programs.retain_mut(|p| {
            let keep = p.next == Some(symbol);
            if keep {
                p.next = None;
            } else {
                contradicted += p.mass;
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
        let weight = |p: &Program<M>| program_weight(self.prior, p.mass, &p.machine);
        let total = self.weight_zero + self.weight_one;
        let mut ranked: Vec<(f64, String)> = self
            .programs
            .iter()
            .map(|p| {
                let share = if total > 0.0 { weight(p) / total } else { 0.0 };
                (share, p.machine.program())
            })
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
