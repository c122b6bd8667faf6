//! The fingerprint of an inductive bias: how far a model's predictions sit
//! from those of reference inductors, position by position along probe
//! episodes.
//!
//! A trained learner's bias cannot be read off its parameters, but it can
//! be measured by what it predicts. Run the model and a [`Panel`] of
//! reference inductors (KT, CTW, an order-`k` Markov Bayes predictor, a
//! Solomonoff mixture, a fresh circuit prior, the exact Bayes predictor of
//! the task family where it is known) on the same probe episodes, and
//! compare their predictions at every position with the Kullback–Leibler
//! divergence, in bits:
//!
//! `D_t(model ‖ ref) = p log2(p/q) + (1−p) log2((1−p)/(1−q))`
//!
//! where `p` and `q` are the model's and the reference's `P(1)` at position
//! `t` of a probe, both having seen the probe's bits before `t`. It is the
//! extra code length, per bit, of coding the model's predictive
//! distribution with the reference's: zero when they agree, infinite when
//! the reference rules out a bit the model allows (clamp such references).
//! The [`Fingerprint`] holds the mean over probes by position with its
//! standard error, the mean over the whole probe, and the nearest
//! reference.
//!
//! ```
//! use inductive::baseline::MarkovKt;
//! use inductive::fingerprint::{Panel, fingerprint};
//! use inductive::prelude::*;
//!
//! let panel = Panel::new()
//!     .with("KT", Kt::new)
//!     .with("order-1 Bayes", || MarkovKt::new(1).unwrap())
//!     .with("CTW(4)", || Ctw::new(4).unwrap());
//! let probes: Vec<Vec<bool>> = (0..8u32)
//!     .map(|seed| (0..64u32).map(|t| (t * 7 + seed * 3) % 5 < 2).collect())
//!     .collect();
//! // The model under test: here an order-1 Markov estimator, so it is
//! // its own nearest reference, at distance zero.
//! let print = fingerprint(|| MarkovKt::new(1).unwrap(), &panel, &probes)?;
//! assert_eq!(print.nearest().0, "order-1 Bayes");
//! assert_eq!(print.nearest().1, 0.0);
//! assert_eq!(print.mean().dim(), (3, 64)); // references × positions
//! println!("{}", print.table());
//! # Ok::<(), inductive::Error>(())
//! ```

use std::fmt;

use ndarray::{Array1, Array2};

use crate::error::{Error, Result, check_equal_episodes};
use crate::eval::Table;
use crate::predictor::Predictor;
use crate::status::{contract_violation, valid_probability};

/// A named way to make a fresh reference predictor.
struct Reference<'a> {
    name: String,
    make: Box<dyn Fn() -> Box<dyn Predictor + 'a> + 'a>,
}

/// The reference inductors a model is compared with, each a name and a
/// factory of fresh predictors.
#[derive(Default)]
pub struct Panel<'a> {
    references: Vec<Reference<'a>>,
}

impl fmt::Debug for Panel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl<'a> Panel<'a> {
    /// An empty panel.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a reference: `make` returns a fresh predictor for each probe.
    pub fn with<P, F>(mut self, name: impl Into<String>, make: F) -> Self
    where
        P: Predictor + 'a,
        F: Fn() -> P + 'a,
    {
        self.references.push(Reference {
            name: name.into(),
            make: Box::new(move || Box::new(make())),
        });
        self
    }

    /// The references' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.references.iter().map(|r| r.name.as_str())
    }

    /// Number of references.
    pub fn len(&self) -> usize {
        self.references.len()
    }

    /// Whether the panel has no reference.
    pub fn is_empty(&self) -> bool {
        self.references.is_empty()
    }
}

/// `D(p ‖ q)` between two Bernoulli distributions, in bits, never below 0.
///
/// Finite whenever `q` is inside `(0, 1)` or equals `p`: each term is
/// `a·(log2 a − log2 b)`, with `log2(1 − x)` taken as `ln_1p(−x)/ln 2`, so
/// neither a tiny `q` (the ratio `p/q` would overflow) nor a `q` near 1
/// loses the answer (`D(½ ‖ 5·10^-324)` is 536 bits). Infinite only where
/// `q` gives probability 0 to an outcome `p` does not. Fails with
/// [`Error::InvalidProbability`] for NaN or a value outside `[0, 1]`.
///
/// ```
/// use inductive::fingerprint::kl_bits;
/// assert_eq!(kl_bits(0.5, 5e-324)?, 536.0);
/// assert_eq!(kl_bits(0.5, 0.0)?, f64::INFINITY);
/// assert!(kl_bits(f64::NAN, 0.5).is_err());
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn kl_bits(p: f64, q: f64) -> Result<f64> {
    for (what, x) in [("kl_bits p", p), ("kl_bits q", q)] {
        if !(0.0..=1.0).contains(&x) {
            return Err(Error::InvalidProbability { what, value: x });
        }
    }
    let term = |a: f64, log2_a: f64, b: f64, log2_b: f64| {
        if a == 0.0 {
            0.0
        } else if b == 0.0 {
            f64::INFINITY
        } else {
            a * (log2_a - log2_b)
        }
    };
    let log2_complement = |x: f64| (-x).ln_1p() / std::f64::consts::LN_2;
    let one = term(p, p.log2(), q, q.log2());
    let zero = term(1.0 - p, log2_complement(p), 1.0 - q, log2_complement(q));
    Ok((one + zero).max(0.0))
}

/// Running mean and spread of a stream of values (Welford's algorithm:
/// no cancellation when the values are nearly equal), infinite once a
/// value is.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Moments {
    count: f64,
    mean: f64,
    /// Sum of squared deviations from the mean.
    m2: f64,
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.count += 1.0;
        if !x.is_finite() || !self.mean.is_finite() {
            self.mean = f64::INFINITY;
            return;
        }
        let delta = x - self.mean;
        self.mean += delta / self.count;
        self.m2 += delta * (x - self.mean);
    }

    /// The mean and the standard error of the mean (needs two values).
    fn mean_and_error(&self) -> (f64, f64) {
        if !self.mean.is_finite() {
            return (f64::INFINITY, f64::INFINITY);
        }
        let variance = (self.m2 / (self.count - 1.0)).max(0.0);
        (self.mean, (variance / self.count).sqrt())
    }
}

/// Runs `model()` and every reference of `panel` on each probe (a fresh
/// predictor each time) and returns the per-position KL divergence of the
/// model from each reference, averaged over the probes.
///
/// Fails for an empty panel, fewer than two probes (a standard error needs
/// two), probes of different lengths or of length zero, and a prediction
/// that is not a probability (from the model or a reference).
pub fn fingerprint<P, F, E>(model: F, panel: &Panel<'_>, probes: &[E]) -> Result<Fingerprint>
where
    P: Predictor,
    F: Fn() -> P,
    E: AsRef<[bool]>,
{
    if panel.is_empty() {
        return Err(Error::InvalidSize {
            what: "references in the fingerprint panel",
            expected: "at least one",
            value: 0,
        });
    }
    let positions = check_equal_episodes(
        "probe episodes",
        probes,
        (2, "at least two (the standard error needs two)"),
        "give probes of one length, so every position averages the same probes",
    )?;
    let references = panel.len();
    let mut cells = vec![Moments::default(); references * positions];
    let mut whole = vec![Moments::default(); references];
    for probe in probes {
        let mut m = model();
        let mut refs: Vec<Box<dyn Predictor + '_>> =
            panel.references.iter().map(|r| (r.make)()).collect();
        let mut totals = vec![0.0; references];
        for (t, &bit) in probe.as_ref().iter().enumerate() {
            let p = valid_probability(m.predict())
                .ok_or_else(|| contract_violation("the fingerprinted model", m.predict()))?;
            for (r, reference) in refs.iter_mut().enumerate() {
                let q = valid_probability(reference.predict()).ok_or_else(|| {
                    contract_violation(
                        format!("reference {:?}", panel.references[r].name),
                        reference.predict(),
                    )
                })?;
                let d = kl_bits(p, q)?;
                cells[r * positions + t].push(d);
                totals[r] += d;
                reference.update(bit);
            }
            m.update(bit);
        }
        for (moments, total) in whole.iter_mut().zip(totals) {
            moments.push(total / positions as f64);
        }
    }
    let (means, errors): (Vec<f64>, Vec<f64>) = cells.iter().map(Moments::mean_and_error).unzip();
    let shape = (references, positions);
    let mean = Array2::from_shape_vec(shape, means).expect("one cell per reference and position");
    let std_error =
        Array2::from_shape_vec(shape, errors).expect("one cell per reference and position");
    let (overall, overall_std_error): (Vec<f64>, Vec<f64>) =
        whole.iter().map(Moments::mean_and_error).unzip();
    let n = probes.len();
    Ok(Fingerprint {
        names: panel.names().map(str::to_string).collect(),
        mean,
        std_error,
        overall: Array1::from(overall),
        overall_std_error: Array1::from(overall_std_error),
        probes: n,
    })
}

/// A model's distance from each reference of a [`Panel`], by position: see
/// [`fingerprint`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Fingerprint {
    names: Vec<String>,
    mean: Array2<f64>,
    std_error: Array2<f64>,
    overall: Array1<f64>,
    overall_std_error: Array1<f64>,
    probes: usize,
}

impl Fingerprint {
    /// The references' names: the rows of [`mean`](Self::mean).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Mean KL divergence (bits) of the model from each reference at each
    /// position, over the probes: references × positions.
    pub fn mean(&self) -> &Array2<f64> {
        &self.mean
    }

    /// Standard error of each entry of [`mean`](Self::mean).
    pub fn std_error(&self) -> &Array2<f64> {
        &self.std_error
    }

    /// Mean KL divergence per bit over whole probes, per reference.
    pub fn overall(&self) -> &Array1<f64> {
        &self.overall
    }

    /// Standard error of [`overall`](Self::overall), across probes (the
    /// positions of one probe are not independent; the probes are).
    pub fn overall_std_error(&self) -> &Array1<f64> {
        &self.overall_std_error
    }

    /// Number of probes averaged.
    pub fn probes(&self) -> usize {
        self.probes
    }

    /// Positions per probe.
    pub fn positions(&self) -> usize {
        self.mean.ncols()
    }

    /// The reference the model is nearest to over whole probes, with its
    /// [`overall`](Self::overall) divergence (the first of equals).
    pub fn nearest(&self) -> (&str, f64) {
        let best = (0..self.names.len())
            .min_by(|&a, &b| self.overall[a].total_cmp(&self.overall[b]))
            .expect("a panel has at least one reference");
        (&self.names[best], self.overall[best])
    }

    /// Positions grouped for the table: `[0, 8), [8, 16), [16, 32), …`,
    /// doubling, the last one ending at the probe length.
    fn buckets(&self) -> Vec<(usize, usize)> {
        let mut buckets = Vec::new();
        let (mut start, mut end) = (0, 8.min(self.positions()));
        while start < self.positions() {
            buckets.push((start, end));
            start = end;
            end = (2 * end).min(self.positions());
        }
        buckets
    }

    /// A table with one row per reference, nearest first: the divergence
    /// per bit over whole probes (± its standard error), then by ranges of
    /// position, so in-context learning shows as a falling row.
    pub fn table(&self) -> Table {
        let buckets = self.buckets();
        let mut header = vec![
            "reference".to_string(),
            format!("KL bits/bit (± s.e., {} probes)", self.probes),
        ];
        header.extend(buckets.iter().map(|(a, b)| format!("bits {a}–{}", b - 1)));
        let mut table = Table::new(header);
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|&a, &b| self.overall[a].total_cmp(&self.overall[b]));
        for (rank, &r) in order.iter().enumerate() {
            let name = if rank == 0 {
                format!("{} (nearest)", self.names[r])
            } else {
                self.names[r].clone()
            };
            let mut row = vec![
                name,
                format!("{:.4} ± {:.4}", self.overall[r], self.overall_std_error[r]),
            ];
            for &(a, b) in &buckets {
                let mean = self.mean.row(r).slice(ndarray::s![a..b]).mean();
                row.push(format!("{:.4}", mean.unwrap_or(f64::NAN)));
            }
            table.push_row(row);
        }
        table
    }

    /// An SVG plot of the mean divergence from each reference by position
    /// (one line each, the standard error as a band). Needs the `plot`
    /// feature.
    #[cfg(feature = "plot")]
    #[cfg_attr(docsrs, doc(cfg(feature = "plot")))]
    pub fn to_svg(&self, title: &str) -> Result<String> {
        use plotters::prelude::*;
        let plot_error = |e: &dyn fmt::Display| Error::Plot {
            reason: e.to_string(),
        };
        let finite = || self.mean.iter().copied().filter(|v| v.is_finite());
        let top = finite().fold(0.0f64, f64::max).max(1e-6) * 1.1;
        let positions = self.positions().max(2);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| plot_error(&e))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(title, ("sans-serif", 20))
                .margin(16)
                .x_label_area_size(40)
                .y_label_area_size(64)
                .build_cartesian_2d(1f64..positions as f64, 0f64..top)
                .map_err(|e| plot_error(&e))?;
            chart
                .configure_mesh()
                .x_desc("position in the probe (bits)")
                .y_desc("KL(model ‖ reference), bits")
                .draw()
                .map_err(|e| plot_error(&e))?;
            for (r, name) in self.names.iter().enumerate() {
                let color = Palette99::pick(r).to_rgba();
                let point = |t: usize, v: f64| ((t + 1) as f64, v.clamp(0.0, top));
                let band: Vec<(f64, f64)> = (0..self.positions())
                    .map(|t| point(t, self.mean[[r, t]] + self.std_error[[r, t]]))
                    .chain(
                        (0..self.positions())
                            .rev()
                            .map(|t| point(t, self.mean[[r, t]] - self.std_error[[r, t]])),
                    )
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        band,
                        color.mix(0.15).filled(),
                    )))
                    .map_err(|e| plot_error(&e))?;
                chart
                    .draw_series(LineSeries::new(
                        (0..self.positions()).map(|t| point(t, self.mean[[r, t]])),
                        color.stroke_width(2),
                    ))
                    .map_err(|e| plot_error(&e))?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .border_style(BLACK)
                .background_style(WHITE.mix(0.9))
                .position(SeriesLabelPosition::UpperRight)
                .draw()
                .map_err(|e| plot_error(&e))?;
            root.present().map_err(|e| plot_error(&e))?;
        }
        Ok(svg)
    }
}

impl fmt::Display for Fingerprint {
    /// The [`table`](Fingerprint::table).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.table())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact values: `D(½ ‖ ¼) = ½log2 2 + ½log2(2/3)`, symmetric cases,
    /// the edges.
    #[test]
    fn kl_has_its_exact_values() {
        let expected = 0.5 * 2f64.log2() + 0.5 * (0.5f64 / 0.75).log2();
        let kl = |p, q| kl_bits(p, q).unwrap();
        assert!((kl(0.5, 0.25) - expected).abs() < 1e-15);
        assert_eq!(kl(0.3, 0.3), 0.0);
        assert_eq!(kl(0.0, 0.0), 0.0);
        assert_eq!(kl(1.0, 1.0), 0.0);
        assert_eq!(kl(0.0, 0.5), 1.0);
        assert_eq!(kl(0.5, 0.0), f64::INFINITY);
        assert_eq!(kl(1.0, 0.0), f64::INFINITY);
        assert!(kl(1e-300, 1e-300) >= 0.0);
    }

    /// Finite values stay finite at the edges of `f64`: the exact
    /// `D(½ ‖ q) = ½(log2 ½ − log2 q) + ½(log2 ½ − log2(1 − q))`, worked by
    /// hand for subnormal and near-one `q` (`log2 5·10^-324 = −1074`,
    /// `log2 2^-1022 = −1022`), and NaN or out-of-range inputs refused.
    #[test]
    fn kl_is_finite_where_the_exact_value_is() {
        let kl = |p, q| kl_bits(p, q).unwrap();
        assert_eq!(kl(0.5, 5e-324), 536.0);
        assert_eq!(kl(0.5, f64::MIN_POSITIVE), 510.0);
        // q = 1 − 2^-53: 1 − q = 2^-53, so the zero term is ½(−1 + 53).
        let near_one = 1.0 - f64::EPSILON / 2.0;
        assert!(
            (kl(0.5, near_one) - 25.5).abs() < 1e-12,
            "{}",
            kl(0.5, near_one)
        );
        // p tiny, q = ½: p·(log2 p + 1) + (1−p)·log2(2(1−p)) → 1 bit.
        assert!((kl(5e-324, 0.5) - 1.0).abs() < 1e-15);
        for bad in [f64::NAN, -0.1, 1.1, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(kl_bits(bad, 0.5).is_err(), "{bad}");
            assert!(kl_bits(0.5, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn means_and_errors() {
        // Values 1, 2, 3: mean 2, sample variance 1, s.e. 1/√3.
        let mut m = Moments::default();
        for x in [1.0, 2.0, 3.0] {
            m.push(x);
        }
        let (mean, error) = m.mean_and_error();
        assert_eq!(mean, 2.0);
        assert!((error - 1.0 / 3f64.sqrt()).abs() < 1e-15);
        // Equal values: exactly zero spread.
        let mut equal = Moments::default();
        for _ in 0..7 {
            equal.push(0.1);
        }
        assert_eq!(equal.mean_and_error().1, 0.0);
        m.push(f64::INFINITY);
        m.push(1.0);
        assert_eq!(m.mean_and_error(), (f64::INFINITY, f64::INFINITY));
    }
}
