//! Factoring by position: one model per bit position of a byte (or of any
//! fixed-width symbol), each conditioning on the whole bit history and
//! learning only its own position.

use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::{Conditional, Predictor};
use crate::status::Status;

/// The widest symbol a [`Factored`] predictor splits: one model per bit.
const MAX_PERIOD: usize = 1 << 16;

/// Past this many bits of shared history beyond two symbols, every model is
/// brought up to date and the history cleared (only a long run of
/// [`Conditional::condition`] calls gets there).
const MAX_BACKLOG: usize = 1 << 12;

/// A predictor of fixed-width symbols with one model per bit position, as
/// factored CTW codes bytes: the model of position `i` predicts and learns
/// only the `i`-th bit of each symbol, and conditions on every other bit,
/// so all of them see the same bit history.
///
/// A plain predictor of a byte stream learns one set of statistics for
/// all eight positions: the first bit of a letter and the last share its
/// counts. Factoring gives each position its own, so the model knows
/// where a byte begins. It works for every [`Conditional`] family: `Ctw`
/// (the factored CTW of the compression literature), `Kt`, `MarkovKt`,
/// `CircuitMixture`, a `LogicalInductor`, a `Mixture` of them.
///
/// Position 0 predicts the first bit of each symbol: for bytes coded as
/// [`coding`](crate::coding) codes them, most significant first, the top
/// bit.
///
/// **What each model has seen.** A model learns its bit and the bits
/// after it when its position next comes round, all at once through
/// [`Conditional::update_then_condition`] (`Ctw` walks one context path
/// for them instead of eight). The predictions are exactly those of
/// updating every model on every bit; what [`models`](Self::models),
/// [`status`](Predictor::status) and [`explain`](Predictor::explain) show
/// of the models other than the one predicting now lags by less than one
/// symbol. The bits they wait for are kept once, in one history shared by
/// every model (each model remembers where it stopped), so a bit costs
/// `O(1)` bookkeeping whatever the period (86 × 10^6 bits/s at period
/// 65,536 with `Kt` models, `cargo run --release --example costs`; it was
/// `O(period)`, about 650 bits/s), and the history holds at most two
/// symbols' bits plus 4,096.
///
/// ```
/// use inductive::adapters::Factored;
/// use inductive::prelude::*;
///
/// // Bytes of text, most significant bit first: the top bit is always 0.
/// let text = b"the cat sat on the mat. the cat sat on the mat.";
/// let bits: Vec<bool> = text.iter().flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1)).collect();
///
/// let plain = Ctw::new(16)?.observe(&bits);
/// let factored = Factored::bytes(|_| Ctw::new(16).unwrap()).observe(&bits);
/// assert!(factored < plain);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Factored<P> {
    models: Vec<P>,
    /// The model that predicts the next bit, up to date.
    position: usize,
    /// The bits not yet seen by every model; `history[0]` is bit number
    /// `base` of the stream.
    history: Vec<bool>,
    base: u64,
    /// Per model: the number of the first bit it has not seen.
    seen: Vec<u64>,
    /// Per model: whether that first unseen bit is its own, to learn (it
    /// predicted it), rather than one to condition on.
    learns: Vec<bool>,
}

impl<P: Conditional> Factored<P> {
    /// One model per bit of a byte, `make(position)` for position `0..8`.
    pub fn bytes(make: impl FnMut(usize) -> P) -> Self {
        Self::build(8, make)
    }

    /// One model per bit of a `period`-bit symbol, `make(position)` for
    /// each position. Fails unless `1 <= period <= 65,536`.
    ///
    /// ```
    /// use inductive::adapters::Factored;
    /// use inductive::prelude::*;
    ///
    /// // Pairs of bits whose second copies the first: position 1 learns it.
    /// let bits: Vec<bool> = (0..200).flat_map(|t| [t % 3 == 0, t % 3 == 0]).collect();
    /// let mut pairs = Factored::new(2, |_| Ctw::new(1).unwrap())?;
    /// let bits_paid = pairs.observe(&bits);
    /// assert!(bits_paid < 0.8 * Ctw::new(1)?.observe(&bits));
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn new(period: usize, make: impl FnMut(usize) -> P) -> Result<Self> {
        if !(1..=MAX_PERIOD).contains(&period) {
            return Err(Error::InvalidSize {
                what: "factoring period (bits per symbol)",
                expected: "between 1 and 65,536",
                value: period,
            });
        }
        Ok(Self::build(period, make))
    }

    fn build(period: usize, make: impl FnMut(usize) -> P) -> Self {
        Self {
            models: (0..period).map(make).collect(),
            position: 0,
            history: Vec::new(),
            base: 0,
            seen: vec![0; period],
            learns: vec![false; period],
        }
    }

    /// Bits of the stream so far.
    fn total(&self) -> u64 {
        self.base + self.history.len() as u64
    }

    /// Brings model `i` up to date: it learns its own bit, if one waits,
    /// and conditions on the bits after it.
    fn catch_up(&mut self, i: usize) {
        let from = (self.seen[i] - self.base) as usize;
        let waiting = &self.history[from..];
        if std::mem::take(&mut self.learns[i]) {
            self.models[i].update_then_condition(waiting[0], &waiting[1..]);
        } else if !waiting.is_empty() {
            self.models[i].condition_all(waiting);
        }
        self.seen[i] = self.total();
    }

    /// Appends a bit to the shared history; past two symbols plus
    /// [`MAX_BACKLOG`], every model catches up and the history is cleared
    /// (amortised `O(1)` a bit).
    fn record(&mut self, bit: bool) {
        if self.history.len() >= 2 * self.models.len() + MAX_BACKLOG {
            self.catch_up_all();
            self.base = self.total();
            self.history.clear();
        }
        self.history.push(bit);
    }

    /// Brings every model up to date.
    fn catch_up_all(&mut self) {
        for i in 0..self.models.len() {
            self.catch_up(i);
        }
    }
}

impl<P> Factored<P> {
    /// Bits per symbol: the number of models.
    pub fn period(&self) -> usize {
        self.models.len()
    }

    /// The position whose model predicts the next bit (`0` at the start of
    /// a symbol).
    pub fn position(&self) -> usize {
        self.position
    }

    /// The model of each position. The one at [`position`](Self::position)
    /// is up to date; the others have not yet seen the bits since their
    /// own position last came (see the type's documentation).
    pub fn models(&self) -> &[P] {
        &self.models
    }
}

impl<P: Conditional> Factored<P> {
    /// The models, each brought up to date.
    pub fn into_models(mut self) -> Vec<P> {
        self.catch_up_all();
        self.models
    }
}

impl<P: Conditional> Predictor for Factored<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.models[self.position].predict()
    }

    fn update(&mut self, bit: bool) {
        let now = self.position;
        self.record(bit);
        // Model `now` is up to date: the bit just recorded is its own.
        self.seen[now] = self.total() - 1;
        self.learns[now] = true;
        self.position = (now + 1) % self.models.len();
        self.catch_up(self.position);
    }

    /// The worst of the models' statuses (as of each model's last turn).
    fn status(&self) -> Status {
        self.models
            .iter()
            .map(Predictor::status)
            .fold(Status::Healthy, Status::worst)
    }

    /// Every model learns what it has yet to learn and ends its episode;
    /// the next bit begins a symbol.
    fn end_episode(&mut self) {
        self.catch_up_all();
        self.base = self.total();
        self.history.clear();
        for model in &mut self.models {
            model.end_episode();
        }
        self.position = 0;
    }

    /// One hypothesis per position ("bit i of n", each an equal share),
    /// with that model's hypotheses inside.
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let period = self.models.len();
        let share = 1.0 / period as f64;
        self.models
            .iter()
            .enumerate()
            .map(|(i, model)| Hypothesis {
                description: format!("bit {i} of {period}"),
                weight: share,
                children: model.explain(n),
            })
            .collect()
    }
}

/// A bit held, not predicted: every model conditions on it, and the
/// position in the symbol does not move.
impl<P: Conditional> Conditional for Factored<P> {
    fn condition(&mut self, bit: bool) {
        let now = self.position;
        self.record(bit);
        self.models[now].condition(bit);
        self.seen[now] = self.total();
    }
}
