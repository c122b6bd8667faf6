//! The contract: [`Predictor`], its extension trait [`PredictorExt`], the
//! [`Conditional`] predictors that read actions, and [`EpisodePrior`]. The
//! tree that [`Predictor::explain`] returns is [`Hypothesis`], and the
//! health a predictor reports is [`Status`].
//!
//! `Predictor` is two methods, like `rand_core`'s generator trait; everything
//! built on top (consumers such as [`PredictorExt::observe`], adapters such as
//! [`PredictorExt::clamp`]) lives in `PredictorExt`, blanket-implemented for
//! every predictor, like `itertools::Itertools`.
//!
//! ```
//! use inductive::prelude::*;
//!
//! let mut kt = Kt::new();
//! // 0.5 before any data: one bit for the first symbol.
//! assert_eq!(kt.predict(), 0.5);
//! let bits = kt.observe([true, true, false]);
//! // KT assigns 1/2 · 3/4 · 1/6 = 1/16 to `110`: four bits.
//! assert!((bits - 4.0).abs() < 1e-12);
//! ```

use std::borrow::Borrow;
use std::fmt;

use rand::{Rng, RngExt};

use crate::adapters::{Clamp, Inspect, Restart};
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::logspace;
use crate::status::Status;

/// Sequential probability assignment over bits.
///
/// # Contract
///
/// Every implementation, in this crate or outside it, promises:
///
/// - **Pure prediction.** [`predict`](Predictor::predict) returns the same
///   value until the next [`update`](Predictor::update). A predictor that
///   must compute (a market finding prices, a program mixture running its
///   programs) does that work at the end of `update` and in its constructor.
/// - **A probability.** `0.0 <= predict() <= 1.0`, finite, never NaN, for
///   every input sequence.
/// - **Determinism.** Equal histories give bit-identical predictions;
///   randomness enters only through an explicit seed or `&mut impl Rng`.
/// - **A clone is a fork.** Where the type is `Clone`, a clone and its
///   original fed the same bits predict identically.
///
/// The feature `laws` exports these promises as property tests
/// (`inductive::laws::check`), so an implementation outside the crate can
/// be checked in one line.
///
/// # Implementing `Predictor`
///
/// ```
/// use inductive::Predictor;
///
/// /// Predicts that the next bit repeats the last one, with confidence 0.9.
/// #[derive(Debug, Clone, Default)]
/// struct Sticky {
///     last: Option<bool>,
/// }
///
/// impl Predictor for Sticky {
///     fn predict(&self) -> f64 {
///         match self.last {
///             None => 0.5,
///             Some(true) => 0.9,
///             Some(false) => 0.1,
///         }
///     }
///     fn update(&mut self, bit: bool) {
///         self.last = Some(bit);
///     }
/// }
///
/// let mut sticky = Sticky::default();
/// sticky.update(true);
/// assert_eq!(sticky.predict(), 0.9);
/// ```
pub trait Predictor {
    /// Probability that the next bit is `true`, given every bit seen so far.
    fn predict(&self) -> f64;

    /// Condition on the bit that actually came.
    fn update(&mut self, bit: bool);

    /// Whether the predictions still mean what the type's documentation
    /// says: [`Status::Healthy`] unless a mixture lost hypotheses to a
    /// component that broke the contract ([`Status::Degraded`]) or stopped
    /// learning and predicts a fallback ([`Status::Failed`]). Adapters
    /// report what they wrap, so a failure deep in a stack is visible at
    /// its top without polling every layer; [`Evaluation`](crate::eval::Evaluation)
    /// records the first bit at which a run was not healthy.
    ///
    /// The default is `Healthy`: a predictor that cannot fail need not
    /// implement it.
    ///
    /// ```
    /// use inductive::adapters::Mixture;
    /// use inductive::prelude::*;
    /// use inductive::sources::Bernoulli;
    ///
    /// // Two coins that are sure of a 1: a 0 rules both out.
    /// let sure = || Bernoulli::new(1.0).unwrap();
    /// let mut mixture = Mixture::uniform(vec![sure(), sure()])?;
    /// assert!(mixture.status().is_healthy());
    /// mixture.update(false);
    /// assert!(matches!(mixture.status(), Status::Failed(Error::Falsified { bit: 0, .. })));
    /// assert_eq!(mixture.predict(), 0.5);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn status(&self) -> Status {
        Status::Healthy
    }

    /// Marks the end of an episode: the next bit begins a new sequence.
    ///
    /// What a predictor carries from one episode to the next is what it
    /// learns across episodes, and each type documents it (the crate docs
    /// have one table of them): a [`Mixture`](crate::adapters::Mixture)
    /// keeps its posterior and passes the boundary on to its components, a
    /// [`CircuitMixture`](crate::circuit::CircuitMixture) turns the
    /// episode's posterior into its next prior, a
    /// [`Restart`](crate::adapters::Restart) forgets everything.
    ///
    /// The default treats the next episode as the continuation of one
    /// stream: nothing changes. A predictor that keeps no state across
    /// episodes, or for which one stream is the right model, need not
    /// implement it.
    ///
    /// ```
    /// use inductive::prelude::*;
    ///
    /// let mut ctw = Ctw::new(2)?;
    /// ctw.observe([true, true, true, true]);
    /// ctw.end_episode(); // counts persist; the context restarts from 00
    /// let mut fresh = Ctw::new(2)?.restarting();
    /// fresh.observe([true, true, true, true]);
    /// fresh.end_episode(); // forgets everything
    /// assert!(ctw.predict() > fresh.predict());
    /// assert_eq!(fresh.predict(), 0.5);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn end_episode(&mut self) {}

    /// Transparency: at most `n` of the hypotheses that carry the
    /// predictor's belief, heaviest first, each with the hypotheses inside
    /// it (a mixture's components list their own). Works through boxes and
    /// adapters. The default is none: a predictor with no hypotheses to
    /// show (`Kt`, `Ctw`) need not implement it.
    ///
    /// ```
    /// use inductive::adapters::Mixture;
    /// use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
    /// use inductive::prelude::*;
    ///
    /// let all = Enumeration::smallest(2, &Basis::Full, 2)?;
    /// let circuits = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.05))?;
    /// let mut stack = Mixture::uniform(vec![Kt::new().boxed_clone(), circuits.boxed_clone()])?
    ///     .with_names(["KT", "circuits"])?;
    /// let bits: Vec<bool> = (0..60).map(|t| t % 3 == 0).collect();
    /// stack.observe(&bits);
    /// let tree = stack.explain(2);
    /// assert_eq!(tree[0].description, "circuits");
    /// assert!(!tree[0].children.is_empty()); // the circuits inside, through the box
    /// println!("{}", tree[0]);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let _ = n;
        Vec::new()
    }
}

/// How a learner turns an episode into the next episode's prior, at
/// [`end_episode`](Predictor::end_episode): for a
/// [`CircuitMixture`](crate::circuit::CircuitMixture) over rules, for a
/// [`Kt`](crate::Kt) over biases, for a
/// [`Solomonoff`](crate::solomonoff::Solomonoff) mixture over programs.
///
/// Three priors model "each episode draws its hypothesis from an unknown
/// distribution" (a Dirichlet process with concentration `c` over the
/// learner's own prior `π₀`): one exactly, two by named approximations.
/// Their distance from the exact posterior, measured on small cases by
/// `tests/episode_priors.rs`, is in the table of the README's section on
/// episode priors.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EpisodePrior {
    /// One hypothesis generates every episode: the prior becomes the
    /// posterior (Bayes over episodes). It concentrates on a single rule,
    /// or a single bias.
    Shared,
    /// **Newton's recursive estimator** of a Dirichlet-process mixture
    /// (Newton, Quintana & Zhang 1998; "quasi-Bayes" in Smith & Makov
    /// 1978), not the Dirichlet-process posterior: after `n` episodes the
    /// prior is `(c·π₀ + Σ_e post_e) / (c + n)`. It learns the *family*,
    /// in one pass and at the cost of one posterior per episode.
    ///
    /// A circuit mixture and a Solomonoff mixture take `post_e` as episode
    /// `e`'s posterior under the prior in force at its start, which makes
    /// the result depend on the order of the episodes; it equals the
    /// Dirichlet-process posterior for the first two episodes only. A
    /// `Kt` takes `post_e` under the base `Beta(α, α)` alone (each past
    /// episode its own atom): order-independent, but no episodes pool
    /// their evidence. For the exact posterior use
    /// [`DirichletProcess`](Self::DirichletProcess).
    Pooled {
        /// How many episodes' worth of weight the base prior keeps
        /// (positive and finite).
        concentration: f64,
    },
    /// The Dirichlet-process posterior predictive over the partitions of
    /// the past episodes into blocks that share a hypothesis (see
    /// [`dirichlet`](crate::dirichlet)): exactly, or by Gibbs sampling.
    /// Independent of the order of the episodes. Supported by `Kt` and
    /// `CircuitMixture`; a `Solomonoff` mixture refuses it.
    DirichletProcess {
        /// How many episodes' worth of weight the base prior keeps
        /// (positive and finite).
        concentration: f64,
        /// How the sum over partitions is done.
        inference: DpInference,
    },
}

/// How [`EpisodePrior::DirichletProcess`] sums over the partitions of the
/// past episodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DpInference {
    /// Exactly, for up to [`MAX_EXACT_EPISODES`](crate::dirichlet::MAX_EXACT_EPISODES)
    /// episodes (`O(3^n)` at each episode end). An episode past that is
    /// not absorbed: the prior stays the exact one of the episodes before,
    /// and [`status`](Predictor::status) reports
    /// [`Error::TooLarge`](crate::Error::TooLarge) from then on.
    Exact,
    /// Collapsed Gibbs sampling of the partition (Neal 2000, Algorithm 3),
    /// `sweeps` sweeps from `seed` with the first tenth discarded: any
    /// number of episodes, converging to the exact posterior as `sweeps`
    /// grows, at `O(sweeps × episodes × blocks)` per episode end.
    Gibbs {
        /// Sweeps over the episodes (at least 10).
        sweeps: u32,
        /// Seed of the sampler: equal seeds give equal predictions.
        seed: u64,
    },
}

/// A checked [`EpisodePrior`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CheckedPrior {
    Shared,
    Pooled(f64),
    DirichletProcess(f64, DpInference),
}

impl EpisodePrior {
    /// The prior, checked: a concentration that is positive and finite,
    /// and at least 10 Gibbs sweeps.
    pub(crate) fn checked(self) -> Result<CheckedPrior> {
        let concentration = |c: f64| {
            if c.is_finite() && c > 0.0 {
                Ok(c)
            } else {
                Err(Error::InvalidParameter {
                    what: "episode-prior concentration",
                    expected: "positive and finite",
                    value: c,
                })
            }
        };
        match self {
            Self::Shared => Ok(CheckedPrior::Shared),
            Self::Pooled { concentration: c } => Ok(CheckedPrior::Pooled(concentration(c)?)),
            Self::DirichletProcess {
                concentration: c,
                inference,
            } => {
                if let DpInference::Gibbs { sweeps, .. } = inference
                    && sweeps < 10
                {
                    return Err(Error::InvalidSize {
                        what: "Gibbs sweeps of the Dirichlet-process posterior",
                        expected: "at least 10 (the first tenth is burn-in)",
                        value: sweeps as usize,
                    });
                }
                Ok(CheckedPrior::DirichletProcess(concentration(c)?, inference))
            }
        }
    }

    /// `None` for [`Shared`](Self::Shared), the concentration for
    /// [`Pooled`](Self::Pooled); fails for a concentration that is not
    /// positive and finite, and for [`DirichletProcess`](Self::DirichletProcess)
    /// (`what` does not support it).
    pub(crate) fn checked_concentration(self, what: &'static str) -> Result<Option<f64>> {
        match self.checked()? {
            CheckedPrior::Shared => Ok(None),
            CheckedPrior::Pooled(c) => Ok(Some(c)),
            CheckedPrior::DirichletProcess(..) => Err(Error::Unsupported {
                what,
                instead: "EpisodePrior::Pooled (Newton's recursive estimator) or Shared",
            }),
        }
    }
}

/// Forwarding impls: a pointer to a predictor is that predictor, every
/// method included (so adapters and boxes never hide a status, an episode
/// end or an explanation).
macro_rules! forward_to_pointee {
    ($($pointer:ty),*) => {$(
        impl<P: Predictor + ?Sized> Predictor for $pointer {
            #[inline]
            fn predict(&self) -> f64 {
                (**self).predict()
            }

            #[inline]
            fn update(&mut self, bit: bool) {
                (**self).update(bit);
            }

            fn status(&self) -> Status {
                (**self).status()
            }

            fn end_episode(&mut self) {
                (**self).end_episode();
            }

            fn explain(&self, n: usize) -> Vec<Hypothesis> {
                (**self).explain(n)
            }
        }
    )*};
}

forward_to_pointee!(&mut P, Box<P>);

/// Collects `names`, one per hypothesis of `count`, or says how many were
/// given.
pub(crate) fn one_name_each<I, S>(
    names: I,
    count: usize,
    what: &'static str,
) -> crate::Result<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let names: Vec<String> = names.into_iter().map(Into::into).collect();
    if names.len() == count {
        Ok(names)
    } else {
        Err(crate::Error::LengthMismatch {
            what,
            left: names.len(),
            right: count,
            hint: "give one name per hypothesis",
        })
    }
}

/// A [`Predictor`] that can be cloned through a `Box<dyn ClonePredictor>`
/// and sent to another thread (implemented for every
/// `Predictor + Clone + Debug + Send`; see [`PredictorExt::boxed_clone`]).
pub trait ClonePredictor: Predictor + dyn_clone::DynClone + fmt::Debug + Send {}

impl<P: Predictor + Clone + fmt::Debug + Send> ClonePredictor for P {}

dyn_clone::clone_trait_object!(ClonePredictor);

/// A predictor whose history can hold bits it does not predict: an
/// agent's world model conditions on its own actions but never predicts
/// them, and a [`Factored`](crate::adapters::Factored) model of bytes gives
/// each bit position its own predictor, which conditions on the bits of
/// the other positions and learns only its own.
///
/// Implemented by `Kt`, `MarkovKt`, `Ctw`, `CircuitMixture`, the
/// `LogicalInductor`, a `Mixture` of any of them, `Factored` and `Box`.
/// Solomonoff mixtures are not: a program's output cannot be given bits
/// it did not produce.
///
/// Planning tries many futures from one state. A type that can undo its
/// own changes exactly overrides [`mark`](Conditional::mark) and
/// [`revert`](Conditional::revert) (`Ctw` does, with a journal of the
/// nodes it writes); for the others the
/// [`FactoredModel`](crate::agent::FactoredModel) keeps a clone and copies
/// it back, at the cost of a copy per simulation (cheap for `Kt` and
/// `MarkovKt`; for a `CircuitMixture` the copy of its weights is the undo,
/// since every update rewrites them all, and `clone_from` reuses the
/// buffers; for a `LogicalInductor` the copy grows with the market's
/// history, so it suits short runs).
///
/// ```
/// use inductive::prelude::*;
///
/// // A context of one bit: after a conditioned 1, CTW predicts from what
/// // followed 1s, though it never learns the conditioned bit itself.
/// let mut ctw = Ctw::new(1)?;
/// ctw.observe([true, false, true, false]); // 1 is followed by 0
/// ctw.condition(true);
/// assert!(ctw.predict() < 0.5);
/// # Ok::<(), inductive::Error>(())
/// ```
pub trait Conditional: Predictor {
    /// Appends `bit` to the history without learning from it.
    fn condition(&mut self, bit: bool);

    /// Conditions on each of `bits` in order: the same state as
    /// [`condition`](Conditional::condition) on each, which a type may
    /// reach faster by skipping the predictions in between (`Ctw` walks
    /// one context path instead of one per bit).
    fn condition_all(&mut self, bits: &[bool]) {
        for &bit in bits {
            self.condition(bit);
        }
    }

    /// Learns `bit`, then conditions on each of `then`: the same state as
    /// [`update`](Predictor::update) followed by
    /// [`condition_all`](Conditional::condition_all), which a type may
    /// reach faster (`Ctw` walks one context path instead of two).
    fn update_then_condition(&mut self, bit: bool, then: &[bool]) {
        self.update(bit);
        self.condition_all(then);
    }

    /// Marks the current state for [`revert`](Conditional::revert);
    /// returns whether this type can revert (the default cannot).
    fn mark(&mut self) -> bool {
        false
    }

    /// Returns exactly to the state of the last mark, which stays set.
    fn revert(&mut self) {}

    /// Forgets the mark.
    fn unmark(&mut self) {}
}

/// A [`Conditional`] predictor that can be cloned through a
/// `Box<dyn CloneConditional>` and sent to another thread (implemented for
/// every `Conditional + Clone + Debug + Send`): world models of different
/// families in one [`Mixture`](crate::adapters::Mixture).
pub trait CloneConditional: Conditional + dyn_clone::DynClone + fmt::Debug + Send {}

impl<P: Conditional + Clone + fmt::Debug + Send> CloneConditional for P {}

dyn_clone::clone_trait_object!(CloneConditional);

impl<P: Conditional + ?Sized> Conditional for Box<P> {
    fn condition(&mut self, bit: bool) {
        (**self).condition(bit);
    }
    fn condition_all(&mut self, bits: &[bool]) {
        (**self).condition_all(bits);
    }
    fn update_then_condition(&mut self, bit: bool, then: &[bool]) {
        (**self).update_then_condition(bit, then);
    }
    fn mark(&mut self) -> bool {
        (**self).mark()
    }
    fn revert(&mut self) {
        (**self).revert();
    }
    fn unmark(&mut self) {
        (**self).unmark();
    }
}

/// Consumers and adapters for every [`Predictor`].
///
/// Blanket-implemented: `use inductive::PredictorExt` (or the
/// [`prelude`](crate::prelude)) and every predictor has these methods.
pub trait PredictorExt: Predictor {
    /// Code length in bits that the current prediction gives `bit`
    /// (`-log2 P(bit)`), without updating.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// assert_eq!(Kt::new().code_length(true), 1.0);
    /// ```
    #[inline]
    fn code_length(&self, bit: bool) -> f64 {
        logspace::code_length(self.predict(), bit)
    }

    /// Pays for `bit` (returns its code length in bits) and updates on it.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut kt = Kt::new();
    /// assert_eq!(kt.observe_bit(false), 1.0);
    /// assert!((kt.observe_bit(false) - (4.0f64 / 3.0).log2()).abs() < 1e-15);
    /// ```
    #[inline]
    fn observe_bit(&mut self, bit: bool) -> f64 {
        let bits = self.code_length(bit);
        self.update(bit);
        bits
    }

    /// Feeds a whole sequence and returns its code length in bits: the sum
    /// of `-log2 P(x_t | x_<t)`, the ideal (arithmetic-coding) length.
    ///
    /// Accepts anything that yields `bool` or `&bool`.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut kt = Kt::new();
    /// let bits = kt.observe(&[false, false, false, false]);
    /// // KT gives 0000 probability 35/128.
    /// assert!((bits - (128.0f64 / 35.0).log2()).abs() < 1e-12);
    /// ```
    fn observe<I>(&mut self, bits: I) -> f64
    where
        I: IntoIterator,
        I::Item: Borrow<bool>,
    {
        bits.into_iter()
            .map(|bit| self.observe_bit(*bit.borrow()))
            .sum()
    }

    /// Draws the next bit from the current prediction, without updating.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let always = Kt::new().clamp(0.0)?; // 0.5: either bit may come
    /// let _bit = always.sample_next(&mut rng);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn sample_next<R: Rng + ?Sized>(&self, rng: &mut R) -> bool {
        // `random::<f64>()` lies in [0, 1): p = 0 never gives a one, p = 1 always does.
        rng.random::<f64>() < self.predict()
    }

    /// Draws `len` bits, updating on each: the sequence this predictor
    /// generates when run as a source.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let bits = Kt::new().generate(100, &mut rng);
    /// assert_eq!(bits.len(), 100);
    /// ```
    fn generate<R: Rng + ?Sized>(&mut self, len: usize, rng: &mut R) -> Vec<bool> {
        (0..len)
            .map(|_| {
                let bit = self.sample_next(rng);
                self.update(bit);
                bit
            })
            .collect()
    }

    /// Borrows the predictor, so an adapter can wrap it without taking it.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut kt = Kt::new();
    /// kt.by_ref().clamp(0.01)?.observe([true, true]);
    /// assert!(kt.predict() > 0.5); // the borrowed predictor learned
    /// # Ok::<(), inductive::Error>(())
    /// ```
    #[inline]
    fn by_ref(&mut self) -> &mut Self
    where
        Self: Sized,
    {
        self
    }

    /// Boxes the predictor as a trait object that can cross threads, for
    /// heterogeneous collections (it coerces to `Box<dyn Predictor>`; box a
    /// predictor that is not `Send` with `Box::new` instead).
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let panel: Vec<Box<dyn Predictor + Send>> = vec![Kt::new().boxed(), Ctw::new(8)?.boxed()];
    /// let predictions = std::thread::spawn(move || panel.iter().map(|p| p.predict()).collect::<Vec<_>>())
    ///     .join()
    ///     .unwrap();
    /// assert_eq!(predictions, vec![0.5, 0.5]);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn boxed<'a>(self) -> Box<dyn Predictor + Send + 'a>
    where
        Self: Sized + Send + 'a,
    {
        Box::new(self)
    }

    /// Boxes the predictor as a `Box<dyn ClonePredictor>`: a heterogeneous
    /// panel that can still be cloned, as [`Episodic`](crate::adapters::Episodic)
    /// (which restarts its components from clones) and the market's
    /// [`PredictorTrader`](crate::market::PredictorTrader) need.
    ///
    /// ```
    /// use inductive::adapters::{Episodic, Mixture};
    /// use inductive::prelude::*;
    /// let panel: Vec<Box<dyn ClonePredictor>> = vec![Kt::new().boxed_clone(), Ctw::new(4)?.boxed_clone()];
    /// let mut episodic = Episodic::new(Mixture::uniform(panel)?);
    /// episodic.update(true);
    /// episodic.end_episode(); // components restart from clones of their start
    /// let fork = episodic.clone();
    /// assert_eq!(fork.predict(), episodic.predict());
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn boxed_clone<'a>(self) -> Box<dyn ClonePredictor + 'a>
    where
        Self: Sized + Clone + fmt::Debug + Send + 'a,
    {
        Box::new(self)
    }

    /// Clamps predictions into `[eps, 1 - eps]`, so that no bit ever costs
    /// more than `-log2 eps` bits. Fails unless `0 <= eps <= 1/2`.
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut sure = Kt::with_pseudo_count(0.01)?.clamp(0.05)?;
    /// sure.observe([true; 50]);
    /// assert_eq!(sure.predict(), 0.95);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn clamp(self, eps: f64) -> Result<Clamp<Self>>
    where
        Self: Sized,
    {
        Clamp::new(self, eps)
    }

    /// Returns to its initial state at every episode end: the baseline that
    /// learns nothing across episodes (see [`Restart`]).
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut kt = Kt::new().restarting();
    /// kt.observe([true; 10]);
    /// kt.end_episode();
    /// assert_eq!(kt.predict(), 0.5);
    /// ```
    fn restarting(self) -> Restart<Self>
    where
        Self: Sized + Clone,
    {
        Restart::new(self)
    }

    /// Calls `f(prediction, bit)` on every update, before passing the bit on:
    /// for logging and tracing, like [`Iterator::inspect`].
    ///
    /// ```
    /// use inductive::prelude::*;
    /// let mut seen = Vec::new();
    /// Kt::new().inspect(|p, bit| seen.push((p, bit))).observe([true, false]);
    /// assert_eq!(seen, vec![(0.5, true), (0.75, false)]);
    /// ```
    fn inspect<F>(self, f: F) -> Inspect<Self, F>
    where
        Self: Sized,
        F: FnMut(f64, bool),
    {
        Inspect::new(self, f)
    }
}

impl<P: Predictor + ?Sized> PredictorExt for P {}
