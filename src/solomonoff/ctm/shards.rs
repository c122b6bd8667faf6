//! [`Shards`]: the enumeration of `D(n)` cut into numbered pieces, each
//! computed on its own and merged exactly.

use rand::Rng;

use super::distribution::{Enumerator, Run, Tally, with_both_blanks};
use super::{MAX_ENUMERATION_STEPS, MAX_SHARDED_STATES, OutputDistribution};
use crate::error::{Error, Result, check_step_budget};

/// The plan of a sharded enumeration of `D(n)`: how many shards there
/// are, and how to compute any one of them from its id.
///
/// A shard is a node of the branch tree a fixed number of branchings
/// below the first transition, named by its path: which first transition
/// (halting or moving right; moving left is the mirror image), then which
/// choice at each of the next [`levels`](Shards::levels) undefined
/// transitions. Its id is that path read as a number, so ids are stable
/// across runs, machines and versions of the plan with the same
/// `(states, max_steps)`. A run that ends above the shard depth (it halts,
/// or can never halt) belongs to the shard that continues it with choice 0
/// at every level left; the other ids below it are empty. Every machine is
/// therefore counted by exactly one shard, and the shards' counts, integers,
/// add up to `D(n)` whatever the order or the grouping.
///
/// ```
/// use inductive::solomonoff::ctm::{OutputDistribution, PartialDistribution, Shards};
///
/// let shards = Shards::new(3, 21)?;
/// assert_eq!(shards.count(), 8 * 14 * 14);
/// let mut merged = PartialDistribution::new(&shards);
/// // Any order, any grouping: here from the last shard to the first.
/// for id in (0..shards.count()).rev() {
///     merged.add(shards.tally(id)?)?;
/// }
/// assert_eq!(merged.machines(), shards.machines());
/// let d = merged.into_distribution()?;
/// let whole = OutputDistribution::enumerate(3, 21)?;
/// assert_eq!(d.halting(), whole.halting());
/// assert!(d.iter().eq(whole.iter()));
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shards {
    enumerator: Enumerator,
    levels: u32,
    /// The first transition of each top-level subtree, and whether it
    /// stands for its mirror image too (moving right does; halting is its
    /// own mirror).
    firsts: Vec<(u8, bool)>,
}

/// Where the walk to a shard's node ended.
enum Descent {
    /// Above the node: the machines and halts it owns (none for a sibling
    /// of the all-zero path).
    Ended { machines: u64, tally: Tally },
    /// At the node, with the run to explore below it.
    Reached {
        run: Run,
        mirror: bool,
        machines: u64,
        tally: Tally,
    },
}

/// What one shard found: its halting runs, their outputs, and how many
/// machines it covers. Add shards into a [`PartialDistribution`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ShardTally {
    pub(super) states: usize,
    pub(super) max_steps: u64,
    pub(super) shard: u64,
    pub(super) machines: u64,
    pub(super) tally: Tally,
}

/// Shards added so far, merged: which ones, and their counts. Complete,
/// it is the [`OutputDistribution`]; incomplete, it is an exact count of
/// the machines it covers (a sample, when the shards were drawn at random).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDistribution {
    shards: Shards,
    /// Bit `id` set: shard `id` was added.
    done: Vec<u64>,
    finished: u64,
    machines: u64,
    tally: Tally,
}

impl Shards {
    /// The plan for `states`-state machines (1 to 5) run for at most
    /// `max_steps` steps. 1 state has 1 level of shards below the first
    /// transition, 2 to 4 states 2 levels, 5 states 3 levels: `D(4)` is
    /// 3,240 shards and `D(5)` 127,776, about 2 × 10^8 machines each.
    pub fn new(states: usize, max_steps: u64) -> Result<Self> {
        if !(1..=MAX_SHARDED_STATES).contains(&states) {
            return Err(Error::InvalidSize {
                what: "Turing machine states of a sharded enumeration",
                expected: "between 1 and 5 (6 states would be 26^12 ≈ 9.5 × 10^16 machines)",
                value: states,
            });
        }
        check_step_budget(max_steps)?;
        if max_steps > MAX_ENUMERATION_STEPS {
            return Err(Error::InvalidSize {
                what: "enumeration step budget",
                expected: "at most 100,000 (the literature's D(5) uses 500; every non-halting run costs the whole budget)",
                value: usize::try_from(max_steps).unwrap_or(usize::MAX),
            });
        }
        let choices = (4 * states + 2) as u8;
        let firsts = (0..choices)
            .filter_map(|c| {
                if usize::from(c) >= 4 * states {
                    Some((c, false))
                } else if (c >> 1) & 1 == 1 {
                    Some((c, true))
                } else {
                    None
                }
            })
            .collect();
        let levels = match states {
            1 => 1,
            2..=4 => 2,
            _ => 3,
        };
        Ok(Self {
            enumerator: Enumerator {
                states,
                choices,
                max_steps,
            },
            levels,
            firsts,
        })
    }

    /// Number of states.
    pub fn states(&self) -> usize {
        self.enumerator.states
    }

    /// The step budget.
    pub fn max_steps(&self) -> u64 {
        self.enumerator.max_steps
    }

    /// Branchings below the first transition at which the tree is cut.
    pub fn levels(&self) -> u32 {
        self.levels
    }

    /// Number of shards: the first transitions that are enumerated (the 2
    /// halting ones and the `2n` moving right) times `(4n + 2)^levels`.
    pub fn count(&self) -> u64 {
        self.firsts.len() as u64 * self.per_first()
    }

    /// All machines, `(4n + 2)^(2n)`: the sum of every shard's
    /// [`ShardTally::machines`].
    pub fn machines(&self) -> u64 {
        u64::from(self.enumerator.choices).pow(2 * self.enumerator.states as u32)
    }

    fn per_first(&self) -> u64 {
        u64::from(self.enumerator.choices).pow(self.levels)
    }

    /// Computes shard `shard`: every machine below its node, run from the
    /// 0-blank tape (the 1-blank runs follow by symmetry when the
    /// distribution is built). An id not below [`count`](Self::count) is an
    /// error.
    pub fn tally(&self, shard: u64) -> Result<ShardTally> {
        if shard >= self.count() {
            return Err(self.no_such_shard(shard));
        }
        Ok(self.compute(shard))
    }

    /// [`tally`](Self::tally) of an id known to be below the count.
    pub(crate) fn compute(&self, shard: u64) -> ShardTally {
        match self.descend(shard) {
            Descent::Ended { machines, tally } => self.shard_tally(shard, machines, tally),
            Descent::Reached {
                run,
                mirror,
                machines,
                mut tally,
            } => {
                self.enumerator.explore(run, mirror, &mut tally);
                self.shard_tally(shard, machines, tally)
            }
        }
    }

    /// How many machines shard `shard` (below the count) covers, found by
    /// walking only the branchings above it: what a shard's tally must say,
    /// so that a forged one (in a checkpoint, or from a peer) is caught.
    pub(crate) fn machines_of(&self, shard: u64) -> u64 {
        match self.descend(shard) {
            Descent::Ended { machines, .. } | Descent::Reached { machines, .. } => machines,
        }
    }

    /// Checks a tally against what the plan knows of its shard without
    /// computing it: the plan's states and budget, an id below the count,
    /// the shard's machine count, halting runs within it, output counts
    /// that are positive and add up to the halting runs without wrapping,
    /// step and ones records within the budget, and witness tables of
    /// valid choices.
    pub(crate) fn check(&self, shard: &ShardTally) -> std::result::Result<(), String> {
        if (shard.states, shard.max_steps) != (self.states(), self.max_steps()) {
            return Err(format!(
                "it is of D({}) with budget {}, not D({}) with budget {}",
                shard.states,
                shard.max_steps,
                self.states(),
                self.max_steps()
            ));
        }
        if shard.shard >= self.count() {
            return Err(format!(
                "shard {} is not below {}",
                shard.shard,
                self.count()
            ));
        }
        let expected = self.machines_of(shard.shard);
        if shard.machines != expected {
            return Err(format!(
                "shard {} claims {} machines; the plan gives it {expected}",
                shard.shard, shard.machines
            ));
        }
        let tally = &shard.tally;
        if tally.halting > shard.machines {
            return Err(format!(
                "shard {} claims {} halting runs from {} machines",
                shard.shard, tally.halting, shard.machines
            ));
        }
        if tally.most_steps > self.max_steps() || tally.most_ones as u64 > self.max_steps() + 1 {
            return Err(format!(
                "shard {} claims runs past the step budget {}",
                shard.shard,
                self.max_steps()
            ));
        }
        let choices = self.enumerator.choices;
        let width = 2 * self.states();
        let mut sum = 0u64;
        for (output, (count, table)) in &tally.outputs {
            if *count == 0 || table.len() != width || table.iter().any(|&c| c >= choices) {
                return Err(format!(
                    "shard {}: output {output} has count {count} or an invalid witness table",
                    shard.shard
                ));
            }
            sum = sum
                .checked_add(*count)
                .ok_or_else(|| format!("shard {}: output counts overflow", shard.shard))?;
        }
        if sum != tally.halting {
            return Err(format!(
                "shard {}: outputs count {sum} runs, but it claims {} halting",
                shard.shard, tally.halting
            ));
        }
        Ok(())
    }

    /// Walks from the root to shard `shard`'s node: where the run ended
    /// above it (and what it owns), or the run at the node.
    fn descend(&self, shard: u64) -> Descent {
        let enumerator = &self.enumerator;
        let choices = u64::from(enumerator.choices);
        let per_first = self.per_first();
        let (first, mut path) = (shard / per_first, shard % per_first);
        // The path's choices, from the first level down.
        let mut digits = vec![0u8; self.levels as usize];
        for digit in digits.iter_mut().rev() {
            *digit = (path % choices) as u8;
            path /= choices;
        }
        let (choice, mirror) = self.firsts[first as usize];
        let copies = if mirror { 2 } else { 1 };
        let mut run = enumerator.start();
        run.table[0] = choice;
        let mut tally = Tally::default();
        for (level, &digit) in digits.iter().enumerate() {
            match enumerator.advance(&mut run, mirror, &mut tally) {
                Some(index) => {
                    run.table[index] = digit;
                    run.defined += 1;
                }
                None => {
                    // Ended above the shard depth: the all-zero path below
                    // owns the run and every machine it stands for.
                    let owner = digits[level..].iter().all(|&d| d == 0);
                    let (machines, tally) = if owner {
                        (enumerator.multiplicity(run.defined) * copies, tally)
                    } else {
                        (0, Tally::default())
                    };
                    return Descent::Ended { machines, tally };
                }
            }
        }
        Descent::Reached {
            machines: enumerator.multiplicity(run.defined) * copies,
            run,
            mirror,
            tally,
        }
    }

    pub(crate) fn no_such_shard(&self, shard: u64) -> Error {
        Error::TooLarge {
            what: "shard id",
            count: u128::from(shard),
            limit: u128::from(self.count() - 1),
            hint: "a plan's shard ids run from 0 to count() - 1",
        }
    }

    fn shard_tally(&self, shard: u64, machines: u64, tally: Tally) -> ShardTally {
        ShardTally {
            states: self.states(),
            max_steps: self.max_steps(),
            shard,
            machines,
            tally,
        }
    }

    /// A random sample of `fraction` of the shards (at least one), as
    /// sorted distinct ids: each shard is as likely as any other, so
    /// counts over the sample, scaled by `count() / sample size`, estimate
    /// the whole distribution's without bias. `fraction` must be in
    /// `(0, 1]`.
    pub fn sample<R: Rng + ?Sized>(&self, fraction: f64, rng: &mut R) -> Result<Vec<u64>> {
        if !(fraction > 0.0 && fraction <= 1.0) {
            return Err(Error::InvalidProbability {
                what: "fraction of shards to sample (must be above 0)",
                value: fraction,
            });
        }
        let len = usize::try_from(self.count()).map_err(|_| Error::TooLarge {
            what: "shards to sample from",
            count: u128::from(self.count()),
            limit: usize::MAX as u128,
            hint: "sample on a 64-bit machine",
        })?;
        let amount = ((fraction * len as f64).ceil() as usize).clamp(1, len);
        let mut ids: Vec<u64> = rand::seq::index::sample(rng, len, amount)
            .into_iter()
            .map(|i| i as u64)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }
}

impl ShardTally {
    /// The shard's id.
    pub fn shard(&self) -> u64 {
        self.shard
    }

    /// Number of states of the plan it belongs to.
    pub fn states(&self) -> usize {
        self.states
    }

    /// The step budget of the plan it belongs to.
    pub fn max_steps(&self) -> u64 {
        self.max_steps
    }

    /// Machines this shard covers (0 for an id below a run that ended
    /// above the shard depth and is owned by its all-zero sibling).
    pub fn machines(&self) -> u64 {
        self.machines
    }

    /// Runs of its machines that halted, over both blank tapes.
    pub fn halting(&self) -> u64 {
        2 * self.tally.halting
    }

    /// Most steps a halting run of its machines took (0 if none halted).
    pub fn most_steps(&self) -> u64 {
        self.tally.most_steps
    }

    /// Distinct outputs its machines write from the 0-blank tape.
    pub fn outputs(&self) -> usize {
        self.tally.outputs.len()
    }
}

impl PartialDistribution {
    /// No shard yet, for the plan `shards`.
    pub fn new(shards: &Shards) -> Self {
        Self {
            shards: shards.clone(),
            done: vec![0; shards.count().div_ceil(64) as usize],
            finished: 0,
            machines: 0,
            tally: Tally::default(),
        }
    }

    /// The plan.
    pub fn plan(&self) -> &Shards {
        &self.shards
    }

    /// Adds one shard. A shard of another plan, or one already added
    /// (which would count its machines twice), is an error, and then
    /// nothing changes.
    pub fn add(&mut self, shard: ShardTally) -> Result<()> {
        self.check_plan(shard.states, shard.max_steps)?;
        if shard.shard >= self.shards.count() {
            return Err(self.shards.no_such_shard(shard.shard));
        }
        if self.contains(shard.shard) {
            return Err(Error::Shards {
                reason: format!(
                    "shard {} was already added; adding it again would count its machines twice",
                    shard.shard
                ),
            });
        }
        self.shards
            .check(&shard)
            .map_err(|reason| Error::Shards { reason })?;
        self.done[(shard.shard / 64) as usize] |= 1 << (shard.shard % 64);
        self.finished += 1;
        self.machines += shard.machines;
        self.tally = std::mem::take(&mut self.tally).merge(shard.tally);
        Ok(())
    }

    /// Adds every shard of `other`. Plans that differ, or a shard in both,
    /// are an error, and then nothing changes.
    pub fn merge(&mut self, other: PartialDistribution) -> Result<()> {
        self.check_plan(other.shards.states(), other.shards.max_steps())?;
        if let Some(both) = self
            .done
            .iter()
            .zip(&other.done)
            .position(|(a, b)| a & b != 0)
        {
            let bits = self.done[both] & other.done[both];
            return Err(Error::Shards {
                reason: format!(
                    "shard {} is in both partial distributions; merging would count its machines twice",
                    64 * both as u64 + u64::from(bits.trailing_zeros())
                ),
            });
        }
        for (a, b) in self.done.iter_mut().zip(&other.done) {
            *a |= b;
        }
        self.finished += other.finished;
        self.machines += other.machines;
        self.tally = std::mem::take(&mut self.tally).merge(other.tally);
        Ok(())
    }

    fn check_plan(&self, states: usize, max_steps: u64) -> Result<()> {
        if (states, max_steps) != (self.shards.states(), self.shards.max_steps()) {
            return Err(Error::Shards {
                reason: format!(
                    "a shard of D({states}) with budget {max_steps} cannot join D({}) with budget {}",
                    self.shards.states(),
                    self.shards.max_steps()
                ),
            });
        }
        Ok(())
    }

    /// Whether shard `shard` was added.
    pub fn contains(&self, shard: u64) -> bool {
        shard < self.shards.count() && self.done[(shard / 64) as usize] >> (shard % 64) & 1 == 1
    }

    /// Shards added.
    pub fn finished(&self) -> u64 {
        self.finished
    }

    /// Whether every shard was added.
    pub fn is_complete(&self) -> bool {
        self.finished == self.shards.count()
    }

    /// The shards not yet added, in order.
    pub fn missing(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.shards.count()).filter(|&id| !self.contains(id))
    }

    /// Machines the added shards cover.
    pub fn machines(&self) -> u64 {
        self.machines
    }

    /// Halting runs of the covered machines, over both blank tapes.
    pub fn halting(&self) -> u64 {
        2 * self.tally.halting
    }

    /// Most steps a halting run of the covered machines took.
    pub fn most_steps(&self) -> u64 {
        self.tally.most_steps
    }

    /// The outputs of the covered machines' halting runs over both blank
    /// tapes, with their counts, in lexicographic order.
    pub fn counts(&self) -> Vec<(String, u64)> {
        with_both_blanks(self.shards.states(), self.tally.outputs.clone()).0
    }

    /// The distribution `D(n)`, once every shard is in; until then an
    /// error saying how many are missing (and the first of them).
    pub fn into_distribution(self) -> Result<OutputDistribution> {
        if !self.is_complete() {
            let missing = self.shards.count() - self.finished;
            let first = self.missing().next().unwrap_or_default();
            return Err(Error::Shards {
                reason: format!(
                    "{missing} of {} shards are missing (the first is shard {first}); add them before building D({})",
                    self.shards.count(),
                    self.shards.states()
                ),
            });
        }
        Ok(OutputDistribution::from_tally(
            self.shards.states(),
            self.shards.max_steps(),
            self.tally,
        ))
    }
}
