//! Expressible features: continuous functions of today's prices, built in
//! an arena as expression trees, which traders use to write strategies and
//! the market maker evaluates at candidate prices.

use std::fmt;

use rustc_hash::FxHashMap;

use super::language::{Language, Sentence};
use crate::error::{Error, Result};

/// A handle to a feature in a [`Features`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Feature(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node {
    /// A constant, by its bits (so nodes hash).
    Const(u64),
    /// Today's price of the sentence in this price slot.
    Price(u32),
    Add(Feature, Feature),
    Mul(Feature, Feature),
    Max(Feature, Feature),
    /// `1 / max(1, x)`.
    SafeRecip(Feature),
}

/// An arena of expressible features over today's prices, with sharing.
///
/// ```
/// use inductive::market::{Features, Language};
///
/// let mut lang = Language::new();
/// let phi = lang.atom("phi")?;
/// let mut f = Features::new();
/// // clip(10·(0.3 − P(φ)), −1, 1): buy toward a price of 0.3.
/// let p = f.price(phi);
/// let gap = f.sub_from(0.3, p);
/// let steep = f.scale(gap, 10.0);
/// let shares = f.clip(steep, -1.0, 1.0);
/// assert_eq!(f.bounds(shares), (-1.0, 1.0));
/// let values = f.evaluate_with(|_| 0.25);
/// assert!((values[shares.index()] - 0.5).abs() < 1e-12);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Features {
    nodes: Vec<Node>,
    bounds: Vec<(f64, f64)>,
    index: FxHashMap<Node, Feature>,
    price_sentences: Vec<Sentence>,
    price_slots: FxHashMap<Sentence, u32>,
}

impl Feature {
    /// The feature's index in its arena (and in the values
    /// [`Features::evaluate`] returns).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl Features {
    /// An empty arena.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the arena (keeping its memory) for a new day.
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.bounds.clear();
        self.index.clear();
        self.price_sentences.clear();
        self.price_slots.clear();
    }

    /// Number of distinct features.
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True if no feature has been built.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The sentences whose prices the features read, in slot order.
    #[must_use]
    pub fn priced_sentences(&self) -> &[Sentence] {
        &self.price_sentences
    }

    fn push(&mut self, node: Node, bound: (f64, f64)) -> Feature {
        if let Some(&f) = self.index.get(&node) {
            return f;
        }
        let f = Feature(u32::try_from(self.nodes.len()).expect("more than 2^32 features in a day"));
        self.nodes.push(node);
        self.bounds.push(bound);
        self.index.insert(node, f);
        f
    }

    fn constant_value(&self, f: Feature) -> Option<f64> {
        match self.nodes[f.index()] {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    /// The constant `c`. A constant that is not finite makes every feature
    /// built on it unbounded, which the market refuses with
    /// [`Error::NonFinite`].
    pub fn constant(&mut self, c: f64) -> Feature {
        // Normalise -0.0 so equal constants share a node.
        let c = if c == 0.0 { 0.0 } else { c };
        self.push(Node::Const(c.to_bits()), (c, c))
    }

    /// Today's price of `sentence` (`0` if nobody trades it today).
    pub fn price(&mut self, sentence: Sentence) -> Feature {
        let next = u32::try_from(self.price_sentences.len()).expect("more than 2^32 prices");
        let slot = *self.price_slots.entry(sentence).or_insert(next);
        if slot == next {
            self.price_sentences.push(sentence);
        }
        self.push(Node::Price(slot), (0.0, 1.0))
    }

    /// `a + b`.
    pub fn add(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x + y);
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        self.push(Node::Add(a, b), (la + lb, ha + hb))
    }

    /// `a × b`.
    pub fn mul(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x * y);
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        let products = [la * lb, la * hb, ha * lb, ha * hb];
        let lo = products.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = products.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // 0 × ∞ is NaN: an unbounded operand makes the product unbounded.
        let bound = if products.iter().any(|p| p.is_nan()) {
            (f64::NEG_INFINITY, f64::INFINITY)
        } else {
            (lo, hi)
        };
        self.push(Node::Mul(a, b), bound)
    }

    /// `max(a, b)`.
    pub fn max(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x.max(y));
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        self.push(Node::Max(a, b), (la.max(lb), ha.max(hb)))
    }

    /// The safe reciprocal `1 / max(1, a)`.
    pub fn safe_recip(&mut self, a: Feature) -> Feature {
        let f = |x: f64| 1.0 / x.max(1.0);
        if let Some(x) = self.constant_value(a) {
            return self.constant(f(x));
        }
        let (lo, hi) = self.bounds[a.index()];
        self.push(Node::SafeRecip(a), (f(hi), f(lo)))
    }

    /// `c × a`.
    pub fn scale(&mut self, a: Feature, c: f64) -> Feature {
        let c = self.constant(c);
        self.mul(c, a)
    }

    /// `a + c`.
    pub fn offset(&mut self, a: Feature, c: f64) -> Feature {
        let c = self.constant(c);
        self.add(a, c)
    }

    /// `−a`.
    pub fn neg(&mut self, a: Feature) -> Feature {
        self.scale(a, -1.0)
    }

    /// `a − b`.
    pub fn sub(&mut self, a: Feature, b: Feature) -> Feature {
        let minus_b = self.neg(b);
        self.add(a, minus_b)
    }

    /// `c − a`.
    pub fn sub_from(&mut self, c: f64, a: Feature) -> Feature {
        let minus_a = self.neg(a);
        self.offset(minus_a, c)
    }

    /// `min(a, b) = −max(−a, −b)`.
    pub fn min(&mut self, a: Feature, b: Feature) -> Feature {
        let (na, nb) = (self.neg(a), self.neg(b));
        let m = self.max(na, nb);
        self.neg(m)
    }

    /// `|a| = max(a, −a)`.
    pub fn abs(&mut self, a: Feature) -> Feature {
        let na = self.neg(a);
        self.max(a, na)
    }

    /// `min(hi, max(lo, a))`.
    pub fn clip(&mut self, a: Feature, lo: f64, hi: f64) -> Feature {
        let lo = self.constant(lo);
        let hi = self.constant(hi);
        let above = self.max(a, lo);
        self.min(above, hi)
    }

    /// `a / b` for a `b` known to be at least `floor > 0`, written
    /// `a · (1/floor) · 1/max(1, b/floor)` so it stays expressible (and
    /// continuous even where `b` dips below `floor`).
    pub fn div(&mut self, a: Feature, b: Feature, floor: f64) -> Result<Feature> {
        if !(floor > 0.0 && floor.is_finite()) {
            return Err(Error::InvalidParameter {
                what: "division floor",
                expected: "finite and greater than 0",
                value: floor,
            });
        }
        let scaled = self.scale(b, 1.0 / floor);
        let recip = self.safe_recip(scaled);
        let quotient = self.mul(a, recip);
        Ok(self.scale(quotient, 1.0 / floor))
    }

    /// The continuous indicator `Ind_δ(a > b) = min(1, max(0, (a − b)/δ))`.
    pub fn indicator(&mut self, a: Feature, b: Feature, delta: f64) -> Result<Feature> {
        if !(delta > 0.0 && delta.is_finite()) {
            return Err(Error::InvalidParameter {
                what: "indicator width δ",
                expected: "finite and greater than 0",
                value: delta,
            });
        }
        let gap = self.sub(a, b);
        let steep = self.scale(gap, 1.0 / delta);
        Ok(self.clip(steep, 0.0, 1.0))
    }

    /// `clip(s·(target − P(φ)), −1, 1)`: shares that push the price of `φ`
    /// toward `target` with slope `s`, at most one share either way.
    pub fn toward(&mut self, sentence: Sentence, target: f64, steepness: f64) -> Feature {
        let p = self.price(sentence);
        let gap = self.sub_from(target, p);
        let steep = self.scale(gap, steepness);
        self.clip(steep, -1.0, 1.0)
    }

    /// Sound bounds of a feature over every price vector in `[0, 1]^n`.
    #[must_use]
    pub fn bounds(&self, f: Feature) -> (f64, f64) {
        self.bounds[f.index()]
    }

    /// Values of every feature at the prices in `prices` (one per price
    /// slot, in [`priced_sentences`](Self::priced_sentences) order),
    /// written into `out`, indexed by [`Feature::index`].
    pub fn evaluate(&self, prices: &[f64], out: &mut Vec<f64>) {
        out.clear();
        out.reserve(self.nodes.len());
        for node in &self.nodes {
            let v = match *node {
                Node::Const(bits) => f64::from_bits(bits),
                Node::Price(slot) => prices[slot as usize],
                Node::Add(a, b) => out[a.index()] + out[b.index()],
                Node::Mul(a, b) => out[a.index()] * out[b.index()],
                Node::Max(a, b) => out[a.index()].max(out[b.index()]),
                Node::SafeRecip(a) => 1.0 / out[a.index()].max(1.0),
            };
            out.push(v);
        }
    }

    /// Values of every feature when each sentence's price is `price(φ)`.
    pub fn evaluate_with(&self, mut price: impl FnMut(Sentence) -> f64) -> Vec<f64> {
        let prices: Vec<f64> = self.price_sentences.iter().map(|&s| price(s)).collect();
        let mut out = Vec::new();
        self.evaluate(&prices, &mut out);
        out
    }

    /// The feature written out, with prices as `P(φ)`.
    #[must_use]
    pub fn display<'a>(&'a self, f: Feature, lang: &'a Language) -> impl fmt::Display + 'a {
        FeatureDisplay {
            features: self,
            lang,
            f,
        }
    }
}

struct FeatureDisplay<'a> {
    features: &'a Features,
    lang: &'a Language,
    f: Feature,
}

impl fmt::Display for FeatureDisplay<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sub = |f| FeatureDisplay {
            features: self.features,
            lang: self.lang,
            f,
        };
        match self.features.nodes[self.f.index()] {
            Node::Const(bits) => write!(out, "{}", f64::from_bits(bits)),
            Node::Price(slot) => {
                let s = self.features.price_sentences[slot as usize];
                write!(out, "P({})", self.lang.display(s))
            }
            Node::Add(a, b) => write!(out, "({} + {})", sub(a), sub(b)),
            Node::Mul(a, b) => write!(out, "{}·{}", sub(a), sub(b)),
            Node::Max(a, b) => write!(out, "max({}, {})", sub(a), sub(b)),
            Node::SafeRecip(a) => write!(out, "1/max(1, {})", sub(a)),
        }
    }
}
