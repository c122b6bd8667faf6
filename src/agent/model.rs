//! World models from predictors: [`Conditional`] predictors, which can hold
//! bits they do not predict, factored one per percept bit as in FAC-CTW.

use rand::{Rng, RngExt};

use crate::adapters::Mixture;
use crate::agent::environment::{Environment, Percept, encode_percept};
use crate::baseline::{Kt, MarkovKt};
use crate::circuit::CircuitMixture;
use crate::hypothesis::Hypothesis;
use crate::predictor::Conditional;

impl Conditional for Kt {
    /// KT has no context: a conditioned bit changes nothing.
    fn condition(&mut self, _bit: bool) {}
}

impl Conditional for MarkovKt {
    fn condition(&mut self, bit: bool) {
        self.condition_bit(bit);
    }
}

impl Conditional for CircuitMixture {
    fn condition(&mut self, bit: bool) {
        self.condition_bit(bit);
    }
}

/// A Bayesian mixture of world models: each component holds the bit, the
/// posterior does not move. Planning restores it from a clone.
impl<P: Conditional> Conditional for Mixture<P> {
    fn condition(&mut self, bit: bool) {
        self.condition_components(|c| c.condition(bit));
    }
}

/// A world model factored by percept bit (FAC-CTW, Veness et al. 2011,
/// §5): one predictor per bit position of a percept, each seeing the whole
/// history of actions and percepts, and each learning only its own
/// position. Actions condition every predictor and are never predicted.
///
/// What-if for planning: [`mark`](FactoredModel::mark), try a future,
/// [`revert`](FactoredModel::revert), exact for every predictor (by its
/// own journal where [`Conditional::mark`] offers one, by a kept clone
/// otherwise).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FactoredModel<P> {
    predictors: Vec<P>,
    action_bits: usize,
    reward_bits: usize,
    max_reward: u64,
    max_observation: u64,
    /// At a mark: a clone of each predictor that cannot revert itself.
    saved: Option<Vec<Option<P>>>,
}

impl<P: Conditional + Clone> FactoredModel<P> {
    /// Marks the current state of every predictor for
    /// [`revert`](Self::revert).
    pub fn mark(&mut self) {
        let saved = self
            .predictors
            .iter_mut()
            .map(|p| if p.mark() { None } else { Some(p.clone()) })
            .collect();
        self.saved = Some(saved);
    }

    /// Returns exactly to the last mark (which stays set); without one,
    /// does nothing.
    pub fn revert(&mut self) {
        let Some(saved) = &self.saved else {
            return;
        };
        for (p, copy) in self.predictors.iter_mut().zip(saved) {
            match copy {
                Some(copy) => p.clone_from(copy),
                None => p.revert(),
            }
        }
    }

    /// Forgets the mark.
    pub fn unmark(&mut self) {
        for p in &mut self.predictors {
            p.unmark();
        }
        self.saved = None;
    }
}

impl<P: Conditional> FactoredModel<P> {
    /// One predictor from `make` per percept bit of `environment`.
    pub fn new<E: Environment + ?Sized>(environment: &E, make: impl Fn() -> P) -> Self {
        Self::per_bit(environment, |_| make())
    }

    /// One predictor per percept bit of `environment`, `make(position)`
    /// for each position: the reward's bits first, then the
    /// observation's, least significant first (the order of
    /// [`predictors`](Self::predictors)). A model whose inputs are chosen
    /// by hand (a circuit mixture's taps) needs the position: the bits of
    /// the last action lie `position + 1` to `position + action_bits` bits
    /// back.
    pub fn per_bit<E: Environment + ?Sized>(environment: &E, make: impl FnMut(usize) -> P) -> Self {
        Self {
            predictors: (0..environment.percept_bits()).map(make).collect(),
            action_bits: environment.action_bits(),
            reward_bits: environment.reward_bits(),
            max_reward: environment.max_reward(),
            max_observation: environment.max_observation(),
            saved: None,
        }
    }

    /// The predictor of each percept bit: the reward's bits, then the
    /// observation's, least significant first.
    pub fn predictors(&self) -> &[P] {
        &self.predictors
    }

    /// Conditions every predictor on the action's bits.
    pub fn condition_action(&mut self, action: usize) {
        // Least significant bit first, as `encode` writes it; no buffer:
        // this runs every simulated cycle.
        for i in 0..self.action_bits {
            let bit = i < usize::BITS as usize && (action >> i) & 1 == 1;
            for p in &mut self.predictors {
                p.condition(bit);
            }
        }
    }

    /// Learns one percept bit at position `position`: its predictor
    /// learns it, the others condition on it.
    fn learn_bit(&mut self, position: usize, bit: bool) {
        for (j, p) in self.predictors.iter_mut().enumerate() {
            if j == position {
                p.update(bit);
            } else {
                p.condition(bit);
            }
        }
    }

    /// Conditions every predictor on a percept's bits without learning
    /// them (after an agent's learning period).
    pub fn condition_percept<E: Environment + ?Sized>(
        &mut self,
        environment: &E,
        percept: Percept,
    ) {
        for bit in encode_percept(environment, percept) {
            for p in &mut self.predictors {
                p.condition(bit);
            }
        }
    }

    /// Learns a percept; returns its code length in bits under the model.
    pub fn learn_percept<E: Environment + ?Sized>(
        &mut self,
        environment: &E,
        percept: Percept,
    ) -> f64 {
        let bits = encode_percept(environment, percept);
        let mut cost = 0.0;
        for (position, &bit) in bits.iter().enumerate() {
            cost += crate::logspace::code_length(self.predictors[position].predict(), bit);
            self.learn_bit(position, bit);
        }
        cost
    }

    /// Samples a percept from the model and learns it (a simulated future
    /// is a sequence the mixture keeps updating on). A sampled value past
    /// the declared bounds is clamped to them.
    pub fn sample_percept(&mut self, rng: &mut dyn Rng) -> Percept {
        // Decoded as sampled (reward bits, then observation bits, least
        // significant first): no buffer, since this runs every simulated
        // cycle.
        let (mut reward, mut observation) = (0u64, 0u64);
        for position in 0..self.predictors.len() {
            let bit = rng.random::<f64>() < self.predictors[position].predict();
            self.learn_bit(position, bit);
            let (value, index) = if position < self.reward_bits {
                (&mut reward, position)
            } else {
                (&mut observation, position - self.reward_bits)
            };
            if bit && index < 64 {
                *value |= 1 << index;
            }
        }
        Percept {
            observation: observation.min(self.max_observation),
            reward: reward.min(self.max_reward),
        }
    }

    /// The model's probability of `percept` next (after an action).
    pub fn percept_probability<E: Environment + ?Sized>(
        &self,
        environment: &E,
        percept: Percept,
    ) -> f64
    where
        P: Clone,
    {
        let mut model = self.clone();
        let bits = encode_percept(environment, percept);
        let mut probability = 1.0;
        for (position, &bit) in bits.iter().enumerate() {
            let p = model.predictors[position].predict();
            probability *= if bit { p } else { 1.0 - p };
            model.learn_bit(position, bit);
        }
        probability
    }

    /// The top hypotheses of each percept bit's predictor, one entry per
    /// bit (the bits are factors, not alternatives: each is listed with an
    /// equal share).
    pub fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let share = 1.0 / self.predictors.len() as f64;
        self.predictors
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let (part, index) = if j < self.reward_bits {
                    ("reward", j)
                } else {
                    ("observation", j - self.reward_bits)
                };
                Hypothesis {
                    description: format!("{part} bit {index}"),
                    weight: share,
                    children: p.explain(n),
                }
            })
            .collect()
    }

    /// The `n` most probable next percepts and their probabilities, most
    /// probable first, when the model stands just after an action (what
    /// the agent expects of it). Best-first search over percept bits: a
    /// prefix is never more probable than its completions, so the first
    /// complete percepts found are the most probable. Percepts past the
    /// declared bounds are left out; the search stops after 4,096
    /// expansions, so a model spread over very many percepts may return
    /// fewer than `n`.
    pub fn likely_percepts(&self, n: usize) -> Vec<(Percept, f64)>
    where
        P: Clone,
    {
        /// A prefix of percept bits and its probability, ordered by it.
        struct Prefix(f64, Vec<bool>);
        impl PartialEq for Prefix {
            fn eq(&self, other: &Self) -> bool {
                self.0.total_cmp(&other.0).is_eq()
            }
        }
        impl Eq for Prefix {}
        impl PartialOrd for Prefix {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for Prefix {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.0.total_cmp(&other.0)
            }
        }

        let mut work = self.clone();
        work.mark();
        let mut found = Vec::new();
        let mut queue = std::collections::BinaryHeap::from([Prefix(1.0, Vec::new())]);
        let mut expansions = 0;
        while let Some(Prefix(probability, bits)) = queue.pop() {
            if found.len() == n || expansions == 4_096 || probability == 0.0 {
                break;
            }
            if bits.len() == self.predictors.len() {
                let (reward, observation) = bits.split_at(self.reward_bits);
                let percept = Percept {
                    observation: crate::agent::environment::decode(observation),
                    reward: crate::agent::environment::decode(reward),
                };
                if percept.reward <= self.max_reward && percept.observation <= self.max_observation
                {
                    found.push((percept, probability));
                }
                continue;
            }
            expansions += 1;
            work.revert();
            for (position, &bit) in bits.iter().enumerate() {
                work.learn_bit(position, bit);
            }
            let one = work.predictors[bits.len()].predict();
            for (bit, p) in [(false, 1.0 - one), (true, one)] {
                let mut longer = bits.clone();
                longer.push(bit);
                queue.push(Prefix(probability * p, longer));
            }
        }
        found
    }
}
