//! [`TuringMachine`]: one machine of the busy-beaver formalism, run on its
//! own.

use std::fmt;

use super::{MAX_RUN_STEPS, MAX_STATES};
use crate::error::{Error, Result, check_step_budget};

/// One `n`-state, 2-symbol Turing machine of the enumeration's formalism.
///
/// Transition `2·state + symbol` is a choice `c < 4n + 2`: for `c < 4n`,
/// write `c & 1`, move right if bit 1 of `c` is set (else left) and go to
/// state `c >> 2`; for `c = 4n + w`, write `w` and halt without moving.
/// The tape starts filled with the machine's blank symbol (0 unless
/// [`with_blank`](Self::with_blank) says 1).
///
/// ```
/// use inductive::solomonoff::ctm::{OutputDistribution, TuringMachine};
///
/// // The 2-state busy beaver: 4 ones in 6 steps.
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let champion = d.witness("1111").expect("written by some machine");
/// assert_eq!(champion.run(100)?, Some(("1111".to_string(), 6)));
/// println!("{champion}");
///
/// let halts_at_once = TuringMachine::new(1, vec![5, 0])?; // write 1, halt
/// assert_eq!(halts_at_once.run(10)?, Some(("1".to_string(), 1)));
/// // From a 1-blank tape it reads 1 first: transition 1 moves left, forever.
/// assert_eq!(halts_at_once.with_blank(true).run(10)?, None);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TuringMachine {
    pub(super) states: usize,
    pub(super) table: Vec<u8>,
    pub(super) blank: bool,
}

impl TuringMachine {
    /// A machine with `states` states (1 to 4) and the given `2·states`
    /// transitions, on a 0-blank tape; fails for a wrong count or a choice
    /// of `4n + 2` or more.
    pub fn new(states: usize, table: Vec<u8>) -> Result<Self> {
        if !(1..=MAX_STATES).contains(&states) {
            return Err(Error::InvalidSize {
                what: "Turing machine states",
                expected: "between 1 and 4",
                value: states,
            });
        }
        if table.len() != 2 * states {
            return Err(Error::LengthMismatch {
                what: "transition table (2 transitions per state)",
                left: table.len(),
                right: 2 * states,
                hint: "give two transitions per state, state 0 first",
            });
        }
        if let Some(&bad) = table.iter().find(|&&c| usize::from(c) >= 4 * states + 2) {
            return Err(Error::InvalidSize {
                what: "transition choice",
                expected: "below 4·states + 2",
                value: usize::from(bad),
            });
        }
        Ok(Self {
            states,
            table,
            blank: false,
        })
    }

    /// The same machine on a tape blank with 1s (`true`) or 0s (`false`).
    #[must_use]
    pub fn with_blank(mut self, blank: bool) -> Self {
        self.blank = blank;
        self
    }

    /// The symbol the tape starts filled with.
    #[must_use]
    pub fn blank(&self) -> bool {
        self.blank
    }

    /// The machine with every symbol read and written complemented, on the
    /// other blank: it writes the complement of this machine's output.
    pub(super) fn conjugate(&self) -> Self {
        let table = (0..self.table.len())
            .map(|i| self.table[i ^ 1] ^ 1)
            .collect();
        Self {
            states: self.states,
            table,
            blank: !self.blank,
        }
    }

    /// Runs from the blank tape for at most `max_steps` steps: the output
    /// (visited cells, leftmost to rightmost) and the steps taken, or
    /// `None` if it has not halted. The tape grows with the cells visited.
    /// Fails for a budget of 0 or above [`MAX_RUN_STEPS`].
    pub fn run(&self, max_steps: u64) -> Result<Option<(String, u64)>> {
        check_step_budget(max_steps)?;
        if max_steps > MAX_RUN_STEPS {
            return Err(Error::InvalidSize {
                what: "Turing machine step budget",
                expected: "at most 2^28 (MAX_RUN_STEPS)",
                value: usize::try_from(max_steps).unwrap_or(usize::MAX),
            });
        }
        let blank = u8::from(self.blank);
        // `tape[head]`; cells left of the start are prepended as visited.
        let mut tape = vec![blank];
        let (mut head, mut state) = (0usize, 0usize);
        for step in 1..=max_steps {
            let choice = self.table[2 * state + usize::from(tape[head])];
            tape[head] = choice & 1;
            if usize::from(choice) >= 4 * self.states {
                let output = tape.iter().map(|&b| if b == 1 { '1' } else { '0' });
                return Ok(Some((output.collect(), step)));
            }
            if (choice >> 1) & 1 == 1 {
                head += 1;
                if head == tape.len() {
                    tape.push(blank);
                }
            } else if head == 0 {
                tape.insert(0, blank);
            } else {
                head -= 1;
            }
            state = usize::from(choice >> 2);
        }
        Ok(None)
    }
}

/// `s` with 0 and 1 exchanged.
pub(super) fn complement(s: &str) -> String {
    s.chars()
        .map(|c| if c == '1' { '0' } else { '1' })
        .collect()
}

impl fmt::Display for TuringMachine {
    /// One transition per line: `s0 0 → 1 R s1`, or `s1 1 → 1 halt`; a
    /// first line `blank 1` for a machine on a 1-blank tape.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.blank {
            writeln!(f, "blank 1")?;
        }
        for (i, &c) in self.table.iter().enumerate() {
            let (state, symbol) = (i / 2, i % 2);
            if i > 0 {
                writeln!(f)?;
            }
            if usize::from(c) >= 4 * self.states {
                write!(f, "s{state} {symbol} → {} halt", c & 1)?;
            } else {
                let direction = if (c >> 1) & 1 == 1 { 'R' } else { 'L' };
                write!(f, "s{state} {symbol} → {} {direction} s{}", c & 1, c >> 2)?;
            }
        }
        Ok(())
    }
}
