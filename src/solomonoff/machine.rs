//! The reference-machine interface of the Solomonoff mixture.

/// Why [`Machine::run`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Event {
    /// The machine needs its next instruction: call [`Machine::feed`].
    NeedInstruction,
    /// The machine emitted an output symbol.
    Output(u8),
    /// The step budget is used up.
    Timeout,
    /// The machine proved it will never read another instruction nor emit
    /// another symbol (it is in a loop); its budget need not be spent.
    Stuck,
}

/// A monotone reference machine that reads its program lazily.
///
/// The machine asks for one instruction at a time (an index below
/// [`instructions`](Machine::instructions)) only when its program counter
/// runs past the code it has read, and emits output symbols as it goes.
/// This is exactly what the Solomonoff mixture needs: it forks the machine
/// (a clone) whenever the machine asks for an instruction, one fork per
/// possible instruction, so that every minimal program prefix is one
/// hypothesis of weight `A^-length`.
///
/// # Implementing `Machine`
///
/// A clone must be a fork: it continues exactly as the original would.
/// Keep the state small (the mixture holds millions of forks). A machine
/// that can prove it is in a silent loop returns [`Event::Stuck`], which
/// saves the mixture the rest of the step budget.
///
/// ```
/// use inductive::solomonoff::{Event, Machine};
///
/// /// Instruction 0 emits a 0, instruction 1 emits a 1; the program is read
/// /// once and then repeated forever.
/// #[derive(Debug, Clone, Default)]
/// struct Repeater {
///     program: Vec<u8>,
///     position: usize,
///     steps: u64,
///     sealed: bool,
/// }
///
/// impl Machine for Repeater {
///     fn instructions(&self) -> usize {
///         3 // 0, 1, and "end of program"
///     }
///     fn run(&mut self, max_steps: u64) -> Event {
///         if self.steps >= max_steps {
///             return Event::Timeout;
///         }
///         if !self.sealed {
///             return Event::NeedInstruction;
///         }
///         if self.program.is_empty() {
///             return Event::Timeout; // nothing to repeat: silent forever
///         }
///         self.steps += 1;
///         let symbol = self.program[self.position % self.program.len()];
///         self.position += 1;
///         Event::Output(symbol)
///     }
///     fn feed(&mut self, instruction: usize) {
///         match instruction {
///             2 => self.sealed = true,
///             bit => self.program.push(bit as u8),
///         }
///     }
///     fn steps(&self) -> u64 {
///         self.steps
///     }
///     fn program(&self) -> String {
///         self.program.iter().map(|b| b.to_string()).collect()
///     }
/// }
///
/// let mut m = Repeater::default();
/// assert_eq!(m.run(100), Event::NeedInstruction);
/// m.feed(1);
/// m.feed(0);
/// m.feed(2);
/// assert_eq!(m.run(100), Event::Output(1));
/// assert_eq!(m.run(100), Event::Output(0));
/// assert_eq!(m.run(100), Event::Output(1));
/// ```
pub trait Machine: Clone {
    /// Number of distinct instructions `A`: a program of `n` instructions
    /// has prior weight `A^-n`.
    fn instructions(&self) -> usize;

    /// Runs until the machine needs an instruction, emits a symbol, or has
    /// taken `max_steps` steps in total.
    fn run(&mut self, max_steps: u64) -> Event;

    /// Appends the next instruction (an index below `instructions()`).
    fn feed(&mut self, instruction: usize);

    /// Steps taken so far.
    fn steps(&self) -> u64;

    /// The program read so far, as text.
    fn program(&self) -> String;

    /// How many output symbols the machine can emit (`0..output_symbols()`).
    /// The [`Solomonoff`](super::Solomonoff) mixture predicts bits and
    /// refuses a machine that can emit more than two.
    fn output_symbols(&self) -> usize {
        2
    }

    /// Bytes one fork holds, inline and on the heap: what the mixture
    /// multiplies by its number of program prefixes to bound its memory
    /// before it allocates. The default is the inline size; a machine with
    /// a tape or a program buffer adds them.
    fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
    }
}

/// `Send + Sync` when the `rayon` feature is on (the mixture runs its
/// programs on every core), and every type otherwise: the bound the
/// [`Solomonoff`](super::Solomonoff) mixture puts on its machine. Note that
/// the feature adds a bound, so a machine that is not `Send + Sync` builds
/// only without `rayon`.
#[cfg(feature = "rayon")]
pub trait Shareable: Send + Sync {}
#[cfg(feature = "rayon")]
impl<T: Send + Sync + ?Sized> Shareable for T {}

/// `Send + Sync` when the `rayon` feature is on (the mixture runs its
/// programs on every core), and every type otherwise: the bound the
/// [`Solomonoff`](super::Solomonoff) mixture puts on its machine.
#[cfg(not(feature = "rayon"))]
pub trait Shareable {}
#[cfg(not(feature = "rayon"))]
impl<T: ?Sized> Shareable for T {}
