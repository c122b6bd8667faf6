//! Running predictors over data: code lengths, regret, and tables.
//!
//! An [`Evaluation`] is the per-step code length (in bits) a predictor paid
//! on a sequence. Regret is the difference between two evaluations over the
//! same bits, typically a predictor against the true source (a
//! [`Sample`] carries the truth). [`compare`] runs a panel of predictors on
//! a panel of samples and returns a [`Comparison`]: the numbers, as
//! `ndarray` arrays (sources × predictors), for analysis, and as a
//! [`Table`] to print or [`to_csv`](Table::to_csv) to save.
//!
//! Results that are arrays are `ndarray` arrays throughout the crate
//! ([`Evaluation::code_lengths`], [`Evaluation::regret_curve`], posteriors,
//! fingerprints); inputs and parameters are slices.
//!
//! ```
//! use inductive::eval::Evaluation;
//! use inductive::prelude::*;
//! use inductive::sources::{Bernoulli, Source};
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(5);
//! let sample = Bernoulli::new(0.2)?.sample(1000, &mut rng)?;
//! let kt = Evaluation::run(&mut Kt::new(), sample.bits());
//! let regret = kt.regret_against(&Evaluation::of_truth(&sample))?;
//! // KT's regret against a Bernoulli source: about ½·log2(n) + 1 bits.
//! assert!(regret > 0.0 && regret < 8.0);
//! # Ok::<(), inductive::Error>(())
//! ```

use std::fmt;

use ndarray::{Array1, Array2};

use crate::error::{Error, Result};
use crate::logspace;
use crate::predictor::Predictor;
use crate::sources::Sample;
use crate::status::{Status, contract_violation, valid_probability};

/// Per-step code lengths, in bits, of one run over one sequence, with the
/// predictor's [`Status`] and the first step at which it was not healthy.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Evaluation {
    code_lengths: Array1<f64>,
    status: Status,
    first_unhealthy: Option<usize>,
}

impl Default for Evaluation {
    fn default() -> Self {
        Self {
            code_lengths: Array1::zeros(0),
            status: Status::Healthy,
            first_unhealthy: None,
        }
    }
}

impl Evaluation {
    /// Feeds `bits` to `predictor`, recording `-log2 P(x_t | x_<t)` at each
    /// step, and watching its [`status`](Predictor::status): a prediction
    /// that is not a probability (NaN, or outside `[0, 1]`) costs
    /// infinitely many bits and makes the run [`Status::Failed`], so a
    /// broken predictor never yields a NaN total.
    ///
    /// ```
    /// use inductive::eval::Evaluation;
    /// use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
    ///
    /// // Programs of at most 2 instructions cannot print 1, 0, 1, 1.
    /// let machine = BrainPhoque::new(2, 4)?.start();
    /// let mut tiny = Solomonoff::new(machine, 2, 50, ProgramPrior::Length)?;
    /// let run = Evaluation::run(&mut tiny, &[true, false, true, true]);
    /// assert!(!run.status().is_healthy());
    /// assert!(run.first_unhealthy().is_some());
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn run<P: Predictor + ?Sized>(predictor: &mut P, bits: &[bool]) -> Self {
        let mut code_lengths = Vec::with_capacity(bits.len());
        let mut status = predictor.status();
        let mut first_unhealthy = (!status.is_healthy()).then_some(0);
        for (t, &bit) in bits.iter().enumerate() {
            let p = predictor.predict();
            let cost = match valid_probability(p) {
                Some(p) => logspace::code_length(p, bit),
                None => {
                    if !matches!(status, Status::Failed(_)) {
                        status = Status::Failed(contract_violation("the evaluated predictor", p));
                    }
                    f64::INFINITY
                }
            };
            code_lengths.push(cost);
            predictor.update(bit);
            if !matches!(status, Status::Failed(Error::ContractViolation { .. })) {
                status = predictor.status();
            }
            if first_unhealthy.is_none() && !status.is_healthy() {
                first_unhealthy = Some(t);
            }
        }
        Self {
            code_lengths: Array1::from(code_lengths),
            status,
            first_unhealthy,
        }
    }

    /// The code lengths the true source paid on its own sample.
    pub fn of_truth(sample: &Sample) -> Self {
        Self {
            code_lengths: sample.truth_code_lengths(),
            ..Self::default()
        }
    }

    /// The predictor's status after the run (or the contract violation the
    /// run caught).
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The first step (counted from 0) after which the predictor was not
    /// healthy, if there was one.
    pub fn first_unhealthy(&self) -> Option<usize> {
        self.first_unhealthy
    }

    /// Per-step code lengths in bits, by position.
    pub fn code_lengths(&self) -> &Array1<f64> {
        &self.code_lengths
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.code_lengths.len()
    }

    /// Whether no step was run.
    pub fn is_empty(&self) -> bool {
        self.code_lengths.is_empty()
    }

    /// Total code length in bits.
    pub fn code_length(&self) -> f64 {
        self.code_lengths.sum()
    }

    /// Mean code length per bit; 0 for an empty run.
    pub fn bits_per_bit(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.code_length() / self.len() as f64
        }
    }

    /// Cumulative code length after each step.
    pub fn cumulative(&self) -> Array1<f64> {
        running_sum(self.code_lengths.iter().copied())
    }

    /// Total regret in bits: this run's code length minus `reference`'s, on
    /// the same bits. Fails if the runs differ in length.
    pub fn regret_against(&self, reference: &Self) -> Result<f64> {
        Ok(self.regret_curve(reference)?.last().copied().unwrap_or(0.0))
    }

    /// Cumulative regret after each step against `reference`. Fails if the
    /// runs differ in length.
    pub fn regret_curve(&self, reference: &Self) -> Result<Array1<f64>> {
        if self.len() != reference.len() {
            return Err(Error::LengthMismatch {
                what: "regret",
                left: self.len(),
                right: reference.len(),
                hint: "compare runs over the same bits",
            });
        }
        Ok(running_sum(
            self.code_lengths
                .iter()
                .zip(&reference.code_lengths)
                .map(|(a, b)| a - b),
        ))
    }
}

fn running_sum(xs: impl Iterator<Item = f64>) -> Array1<f64> {
    xs.scan(0.0, |total, x| {
        *total += x;
        Some(*total)
    })
    .collect()
}

/// A plain-text table: a header row and aligned columns, the first left-
/// aligned and the rest right-aligned (numbers).
///
/// ```
/// use inductive::eval::Table;
///
/// let mut table = Table::new(["predictor", "bits/bit"]);
/// table.push_row(["KT", "0.7219"]);
/// table.push_row(["CTW(16)", "0.3120"]);
/// let text = table.to_string();
/// assert_eq!(text.lines().nth(3), Some("CTW(16)      0.3120"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// The widest row's cell count, the header included.
    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }

    /// A table with the given column names.
    pub fn new<I, S>(header: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row. Missing cells print empty; extra cells are kept and
    /// widen the table.
    pub fn push_row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The rows pushed so far.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The table as CSV (RFC 4180): the header, then each row, every row
    /// as wide as the widest; a cell that holds a comma, a quote or a line
    /// break is quoted, its quotes doubled; lines end in CRLF.
    ///
    /// The cells are strings the table already holds, so quoting is all
    /// there is to do (the `csv` crate would bring `serde` with it).
    ///
    /// ```
    /// use inductive::eval::Table;
    ///
    /// let mut table = Table::new(["source", "bits/bit"]);
    /// table.push_row(["Markov, order 2", "0.3487"]);
    /// assert_eq!(table.to_csv(), "source,bits/bit\r\n\"Markov, order 2\",0.3487\r\n");
    /// ```
    pub fn to_csv(&self) -> String {
        let columns = self.columns();
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for i in 0..columns {
                if i > 0 {
                    out.push(',');
                }
                let cell = row.get(i).map_or("", String::as_str);
                if cell.contains([',', '"', '\r', '\n']) {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
            out.push_str("\r\n");
        }
        out
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self.columns();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let write_row = |f: &mut fmt::Formatter<'_>, row: &[String]| -> fmt::Result {
            let mut line = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                if i == 0 {
                    line.push_str(&format!("{cell:<width$}"));
                } else {
                    line.push_str(&format!("  {cell:>width$}"));
                }
            }
            writeln!(f, "{}", line.trim_end())
        };
        write_row(f, &self.header)?;
        let rule: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
        writeln!(f, "{}", "-".repeat(rule))?;
        for row in &self.rows {
            write_row(f, row)?;
        }
        Ok(())
    }
}

/// A named way to make a fresh predictor, for [`compare`].
pub type Contender<'a> = (&'a str, &'a dyn Fn() -> Box<dyn Predictor>);

/// What [`compare`] measured: for every sample (rows) and predictor
/// (columns), the code length and the regret against the truth, and the
/// bit from which a run was not healthy.
///
/// The numbers are `ndarray` arrays for analysis; [`table`](Self::table)
/// (and `Display`) lays them out with the truth's row first for each
/// source, and [`Table::to_csv`] saves them.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Comparison {
    /// The samples' names, one per row.
    pub sources: Vec<String>,
    /// The predictors' names, one per column.
    pub predictors: Vec<String>,
    /// Each sample's length in bits.
    pub lengths: Array1<usize>,
    /// The truth's code length of each sample, in bits.
    pub truth_bits: Array1<f64>,
    /// Code length in bits, samples × predictors.
    pub bits: Array2<f64>,
    /// Regret against the truth in bits (code length less the truth's),
    /// samples × predictors.
    pub regret: Array2<f64>,
    /// The first bit after which the run was not healthy, samples ×
    /// predictors (`None`: healthy throughout).
    pub first_unhealthy: Array2<Option<usize>>,
}

impl Comparison {
    /// Bits per bit, samples × predictors (0 for an empty sample).
    pub fn bits_per_bit(&self) -> Array2<f64> {
        let mut per_bit = self.bits.clone();
        for (mut row, &len) in per_bit.rows_mut().into_iter().zip(&self.lengths) {
            row.mapv_inplace(|b| if len == 0 { 0.0 } else { b / len as f64 });
        }
        per_bit
    }

    /// The results as a table: for each source the truth, then each
    /// predictor (marked where it stopped being healthy); columns source,
    /// predictor, length (bits), bits/bit, regret, regret/bit.
    pub fn table(&self) -> Table {
        let mut table = Table::new([
            "source",
            "predictor",
            "length (bits)",
            "bits/bit",
            "regret",
            "regret/bit",
        ]);
        let per_bit = |bits: f64, len: usize| if len == 0 { 0.0 } else { bits / len as f64 };
        for (s, source) in self.sources.iter().enumerate() {
            let len = self.lengths[s];
            table.push_row([
                source.clone(),
                "truth".to_string(),
                len.to_string(),
                format!("{:.4}", per_bit(self.truth_bits[s], len)),
                "0.00".to_string(),
                "0.0000".to_string(),
            ]);
            for (p, name) in self.predictors.iter().enumerate() {
                let name = match self.first_unhealthy[(s, p)] {
                    Some(t) => format!("{name} (unhealthy from bit {t})"),
                    None => name.clone(),
                };
                let regret = self.regret[(s, p)];
                table.push_row([
                    source.clone(),
                    name,
                    len.to_string(),
                    format!("{:.4}", per_bit(self.bits[(s, p)], len)),
                    format!("{regret:.2}"),
                    format!("{:.4}", per_bit(regret, len)),
                ]);
            }
        }
        table
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table().fmt(f)
    }
}

/// Runs a fresh copy of every predictor on every sample and measures code
/// length and regret against the truth.
///
/// ```
/// use inductive::eval::compare;
/// use inductive::prelude::*;
/// use inductive::sources::{Bernoulli, Source};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let coin = Bernoulli::new(0.3)?.sample(500, &mut rng)?;
/// let results = compare(
///     &[("KT", &|| Kt::new().boxed()), ("CTW(4)", &|| Ctw::new(4).unwrap().boxed())],
///     &[("Bernoulli(0.3)", &coin)],
/// );
/// assert_eq!(results.regret.shape(), [1, 2]); // one sample, two predictors
/// assert!(results.regret[(0, 0)] < results.regret[(0, 1)]); // KT fits a coin best
/// print!("{results}"); // the table: the truth, then each predictor
/// let csv = results.table().to_csv();
/// assert!(csv.starts_with("source,predictor,length (bits),"));
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn compare(predictors: &[Contender<'_>], samples: &[(&str, &Sample)]) -> Comparison {
    let shape = (samples.len(), predictors.len());
    let mut comparison = Comparison {
        sources: samples.iter().map(|(name, _)| name.to_string()).collect(),
        predictors: predictors
            .iter()
            .map(|(name, _)| name.to_string())
            .collect(),
        lengths: samples.iter().map(|(_, sample)| sample.len()).collect(),
        truth_bits: Array1::zeros(samples.len()),
        bits: Array2::zeros(shape),
        regret: Array2::zeros(shape),
        first_unhealthy: Array2::from_elem(shape, None),
    };
    for (s, (_, sample)) in samples.iter().enumerate() {
        let truth = Evaluation::of_truth(sample);
        comparison.truth_bits[s] = truth.code_length();
        for (p, (_, make)) in predictors.iter().enumerate() {
            let run = Evaluation::run(&mut *make(), sample.bits());
            comparison.bits[(s, p)] = run.code_length();
            comparison.regret[(s, p)] = run
                .regret_against(&truth)
                .expect("both runs cover the sample");
            comparison.first_unhealthy[(s, p)] = run.first_unhealthy();
        }
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kt;

    #[test]
    fn regret_of_a_run_against_itself_is_zero() {
        let bits = [true, false, true, true];
        let a = Evaluation::run(&mut Kt::new(), &bits);
        assert_eq!(a.regret_against(&a), Ok(0.0));
        assert_eq!(a.cumulative().last().copied(), Some(a.code_length()));
    }

    #[test]
    fn regret_needs_equal_lengths() {
        let a = Evaluation::run(&mut Kt::new(), &[true]);
        let b = Evaluation::run(&mut Kt::new(), &[true, false]);
        assert!(matches!(
            a.regret_against(&b),
            Err(Error::LengthMismatch { .. })
        ));
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_pads_ragged_rows() {
        let mut table = Table::new(["a", "b"]);
        table.push_row(["say \"hi\"", "1,5", "line\nbreak"]);
        table.push_row(["plain"]);
        assert_eq!(
            table.to_csv(),
            "a,b,\r\n\"say \"\"hi\"\"\",\"1,5\",\"line\nbreak\"\r\nplain,,\r\n"
        );
        assert_eq!(Table::default().to_csv(), "\r\n");
    }

    #[test]
    fn table_aligns_ragged_rows() {
        let mut table = Table::new(["a", "bb"]);
        table.push_row(["long name", "1", "extra"]);
        table.push_row(["x"]);
        let text = table.to_string();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[0], "a          bb");
        assert_eq!(lines[2], "long name   1  extra");
        assert_eq!(lines[3], "x");
    }
}
