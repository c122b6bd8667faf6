//! An [`OutputDistribution`] as text: a table that a long enumeration
//! writes once and anyone reads back in moments, checked on reading.

use std::fmt::Write as _;

use super::MAX_SHARDED_STATES;
use super::distribution::OutputDistribution;
use super::machine::TuringMachine;
use crate::error::{Error, Result};

/// The first line's first word, with the format's version.
const MAGIC: &str = "# inductive OutputDistribution v1";

impl OutputDistribution {
    /// The distribution as a text table: a header line with the plan and
    /// its totals, a line of column names, then one line per output
    /// (sorted) with its runs over both blank tapes and a witness (`0` or
    /// `1` for its blank, then its transition table in hex).
    ///
    /// ```
    /// use inductive::solomonoff::ctm::OutputDistribution;
    ///
    /// let d = OutputDistribution::enumerate(2, 10)?;
    /// let table = d.to_table();
    /// assert!(table.starts_with("# inductive OutputDistribution v1\tstates 2\tmax_steps 10"));
    /// let back = OutputDistribution::from_table(&table)?;
    /// assert!(back.iter().eq(d.iter()));
    /// assert_eq!(back.witness("0110"), d.witness("0110"));
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn to_table(&self) -> String {
        let mut text = format!(
            "{MAGIC}\tstates {}\tmax_steps {}\tmachines {}\thalting {}\tmost_steps {}\tmost_ones {}\noutput\truns\twitness\n",
            self.states,
            self.max_steps,
            self.machines,
            self.halting,
            self.most_steps,
            self.most_ones
        );
        for ((output, runs), witness) in self.outputs.iter().zip(&self.witnesses) {
            let _ = write!(text, "{output}\t{runs}\t{}", u8::from(witness.blank));
            for choice in &witness.table {
                let _ = write!(text, "{choice:02x}");
            }
            text.push('\n');
        }
        text
    }

    /// Reads a table written by [`to_table`](Self::to_table), checking
    /// everything it can without running the enumeration: a header of a
    /// plan of 1 to 5 states whose machine count is `(4n + 2)^(2n)`,
    /// outputs of `0` and `1` in strictly increasing order, positive
    /// counts that add up to the halting runs without wrapping, at most
    /// all runs halting, and witnesses with a valid transition table.
    /// Anything else is [`Error::CorruptData`] naming the line.
    /// (`tests/ctm.rs` also runs every witness of the shipped `D(5)` and
    /// checks that it writes its output.)
    pub fn from_table(text: &str) -> Result<Self> {
        let corrupt = |line: usize, reason: String| Error::CorruptData {
            reason: format!("output table, line {line}: {reason}"),
        };
        let mut lines = text.lines();
        let header = lines.next().unwrap_or("");
        let fields = header.strip_prefix(MAGIC).ok_or_else(|| {
            corrupt(
                1,
                format!(
                    "not a table of this format (it starts {:?})",
                    header.get(..40).unwrap_or(header)
                ),
            )
        })?;
        let mut values = [0u64; 6];
        let names = [
            "states",
            "max_steps",
            "machines",
            "halting",
            "most_steps",
            "most_ones",
        ];
        let parts: Vec<&str> = fields.split('\t').filter(|p| !p.is_empty()).collect();
        if parts.len() != names.len() {
            return Err(corrupt(
                1,
                format!("{} header fields, not {}", parts.len(), names.len()),
            ));
        }
        for ((part, name), value) in parts.iter().zip(names).zip(&mut values) {
            let number = part
                .strip_prefix(name)
                .and_then(|v| v.strip_prefix(' '))
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| corrupt(1, format!("expected \"{name} N\", found {part:?}")))?;
            *value = number;
        }
        let [states, max_steps, machines, halting, most_steps, most_ones] = values;
        let states = usize::try_from(states)
            .ok()
            .filter(|s| (1..=MAX_SHARDED_STATES).contains(s))
            .ok_or_else(|| corrupt(1, format!("{states} states (1 to 5 are tables)")))?;
        let expected = (4 * states as u64 + 2).pow(2 * states as u32);
        if machines != expected {
            return Err(corrupt(
                1,
                format!("{machines} machines; {states} states have {expected}"),
            ));
        }
        if halting > 2 * machines || most_steps > max_steps {
            return Err(corrupt(
                1,
                "more halting runs than runs, or steps past the budget".into(),
            ));
        }
        if lines.next() != Some("output\truns\twitness") {
            return Err(corrupt(
                2,
                "expected the column names \"output\\truns\\twitness\"".into(),
            ));
        }
        let choices = 4 * states as u8 + 2;
        let mut outputs: Vec<(String, u64)> = Vec::new();
        let mut witnesses = Vec::new();
        let mut sum = 0u64;
        for (i, line) in lines.enumerate() {
            let number = i + 3;
            let mut cells = line.split('\t');
            let (Some(output), Some(runs), Some(witness), None) =
                (cells.next(), cells.next(), cells.next(), cells.next())
            else {
                return Err(corrupt(number, "expected 3 tab-separated cells".into()));
            };
            if output.is_empty() || !output.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(corrupt(
                    number,
                    format!("output {output:?} is not a string of 0 and 1"),
                ));
            }
            if outputs
                .last()
                .is_some_and(|(last, _)| last.as_str() >= output)
            {
                return Err(corrupt(
                    number,
                    format!("output {output} is out of order or repeated"),
                ));
            }
            let runs: u64 =
                runs.parse().ok().filter(|&r| r > 0).ok_or_else(|| {
                    corrupt(number, format!("runs {runs:?} is not a positive count"))
                })?;
            sum = sum
                .checked_add(runs)
                .ok_or_else(|| corrupt(number, "the counts overflow".into()))?;
            let bad_witness = || {
                corrupt(
                    number,
                    format!(
                        "witness {witness:?} is not a blank and {} transitions in hex",
                        2 * states
                    ),
                )
            };
            let (blank, table) = witness.split_at_checked(1).ok_or_else(bad_witness)?;
            let blank = match blank {
                "0" => false,
                "1" => true,
                _ => return Err(bad_witness()),
            };
            if table.len() != 4 * states || !table.is_ascii() {
                return Err(bad_witness());
            }
            let table = (0..2 * states)
                .map(|k| {
                    u8::from_str_radix(&table[2 * k..2 * k + 2], 16)
                        .ok()
                        .filter(|&c| c < choices)
                })
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(bad_witness)?;
            outputs.push((output.to_string(), runs));
            witnesses.push(TuringMachine {
                states,
                table,
                blank,
            });
        }
        if sum != halting {
            return Err(corrupt(
                1,
                format!("the outputs count {sum} halting runs, the header {halting}"),
            ));
        }
        Ok(Self {
            states,
            max_steps,
            machines,
            halting,
            most_steps,
            most_ones: most_ones as usize,
            outputs,
            witnesses,
        })
    }

    /// `D(5)`, all 5-state machines run for at most 500 steps from both
    /// blank tapes (the cutoff of Soler-Toscano et al., 2014): 99,608
    /// outputs. Computed once on 2 cores with `examples/ctm_cluster`
    /// (about an hour) and shipped as a table, read here in well under a
    /// second. Its `K(s) = −log2 D(5)(s)` equals the published K5 table
    /// (`tests/ctm.rs`).
    ///
    /// ```
    /// use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
    ///
    /// let d5 = OutputDistribution::d5();
    /// assert_eq!(d5.states(), 5);
    /// assert!((d5.complexity("0101").unwrap() - 8.258704).abs() < 1e-6);
    /// let ctm = Ctm::new(d5); // a predictor over D(5), without an hour of enumeration
    /// # let _ = ctm;
    /// ```
    #[cfg(feature = "d5")]
    pub fn d5() -> Self {
        Self::from_table(include_str!("../../../data/d5_500.tsv"))
            .expect("the shipped D(5) table is checked by tests/ctm.rs")
    }
}
