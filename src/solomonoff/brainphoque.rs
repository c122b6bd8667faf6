//! BrainPhoque: the reference machine of "Learning Universal Predictors".
//! The design is documented in [`crate::solomonoff`].

use crate::error::{Error, Result};
use crate::solomonoff::machine::{Event, Machine};

const PLUS: u8 = 0;
const MINUS: u8 = 1;
const RIGHT: u8 = 2;
const LEFT: u8 = 3;
const OPEN: u8 = 4;
const CLOSE: u8 = 5;
const DOT: u8 = 6;
/// A `[` read while the cell was 0: its continuation follows it.
const OPEN_SKIP: u8 = 7;
/// The program alphabet, in instruction-index order.
const TOKENS: &[u8; 7] = b"+-><[].";
/// No jump target yet.
const NONE: u32 = u32::MAX;

/// Most tape cells; a tape of this size costs 64 KiB per machine.
pub const MAX_MEMORY: usize = 1 << 16;

/// How a [`BrainPhoque::run`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Status {
    /// The program was used up.
    Halted,
    /// The step budget ran out.
    Timeout,
    /// The output reached its length limit.
    OutputLimit,
}

/// The result of running a whole program.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Run {
    /// How the run ended.
    pub status: Status,
    /// Instructions evaluated.
    pub steps: u64,
    /// Final tape position.
    pub head: usize,
    /// Symbols output, each below the alphabet size.
    pub output: Vec<u8>,
    /// The part of the program that was read, as rewritten (`{` included).
    pub program: String,
}

/// The BrainPhoque reference machine with a given tape alphabet and size.
///
/// ```
/// use inductive::solomonoff::{BrainPhoque, Status};
///
/// let machine = BrainPhoque::new(9, 200)?;
/// // Count 3 down to 0, printing each value.
/// let run = machine.run("+++[.-]", 1000, 256)?;
/// assert_eq!(run.output, vec![3, 2, 1]);
/// assert_eq!(run.status, Status::Halted);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BrainPhoque {
    alphabet_size: u8,
    memory_size: usize,
}

impl BrainPhoque {
    /// A machine whose cells hold values mod `alphabet_size` (2 to 255) on a
    /// circular tape of `memory_size` cells (1 to 65,536).
    pub fn new(alphabet_size: usize, memory_size: usize) -> Result<Self> {
        if !(2..=255).contains(&alphabet_size) {
            return Err(Error::InvalidSize {
                what: "BrainPhoque alphabet size",
                expected: "between 2 and 255",
                value: alphabet_size,
            });
        }
        if !(1..=MAX_MEMORY).contains(&memory_size) {
            return Err(Error::InvalidSize {
                what: "BrainPhoque memory size",
                expected: "between 1 and 65536",
                value: memory_size,
            });
        }
        Ok(Self {
            alphabet_size: alphabet_size as u8,
            memory_size,
        })
    }

    /// The tape alphabet size (also the output alphabet).
    pub fn alphabet_size(&self) -> usize {
        usize::from(self.alphabet_size)
    }

    /// The tape size.
    pub fn memory_size(&self) -> usize {
        self.memory_size
    }

    /// A fresh machine state that reads its program lazily: the [`Machine`]
    /// to give a [`Solomonoff`](crate::solomonoff::Solomonoff) mixture. It
    /// proves silent loops (a repeated state while it neither reads nor
    /// prints) and reports them as [`Event::Stuck`] instead of spending its
    /// step budget.
    pub fn start(&self) -> BrainPhoqueState {
        BrainPhoqueState {
            alphabet_size: self.alphabet_size,
            tape: vec![0; self.memory_size].into_boxed_slice(),
            head: 0,
            code: Vec::new(),
            targets: Vec::new(),
            stack: Vec::new(),
            pc: 0,
            steps: 0,
            fresh: false,
            detect_loops: true,
            target_writes: 0,
            invalid: false,
        }
    }

    /// Runs `program` for at most `max_steps` steps and `max_output`
    /// symbols. Fails on a character outside `+ - > < [ ] . {`, naming it
    /// and its position, and for an output limit of 0.
    pub fn run(&self, program: &str, max_steps: u64, max_output: usize) -> Result<Run> {
        validate(program)?;
        if max_output == 0 {
            return Err(Error::InvalidSize {
                what: "BrainPhoque output limit",
                expected: "at least 1 symbol",
                value: 0,
            });
        }
        let mut state = self.start();
        // Exact step counts and head positions: run loops out.
        state.detect_loops = false;
        state.code.reserve_exact(program.len());
        state.targets.reserve_exact(program.len());
        // Validated: every byte is an ASCII token.
        let mut next = program
            .bytes()
            .map(|b| usize::from(TOKEN_OF[usize::from(b)]));
        let mut output = Vec::new();
        let status = loop {
            match state.run(max_steps) {
                Event::NeedInstruction => match next.next() {
                    Some(token) => state.feed(token),
                    None => break Status::Halted,
                },
                Event::Output(symbol) => {
                    output.push(symbol);
                    if state.steps >= max_steps {
                        break Status::Timeout;
                    }
                    if output.len() >= max_output {
                        break Status::OutputLimit;
                    }
                }
                Event::Timeout | Event::Stuck => break Status::Timeout,
            }
        };
        Ok(Run {
            status,
            steps: state.steps,
            head: state.head,
            output,
            program: state.program(),
        })
    }
}

/// Instruction index of each ASCII byte, or `u8::MAX`.
const TOKEN_OF: [u8; 128] = {
    let mut table = [u8::MAX; 128];
    let mut i = 0;
    while i < TOKENS.len() {
        table[TOKENS[i] as usize] = i as u8;
        i += 1;
    }
    table[b'{' as usize] = OPEN_SKIP;
    table
};

/// Checks that every character is a token, naming the first that is not.
fn validate(program: &str) -> Result<()> {
    if program
        .bytes()
        .all(|b| b.is_ascii() && TOKEN_OF[usize::from(b)] != u8::MAX)
    {
        return Ok(());
    }
    let (position, character) = program
        .chars()
        .enumerate()
        .find(|&(_, c)| !c.is_ascii() || TOKEN_OF[c as usize] == u8::MAX)
        .expect("a byte failed the check");
    Err(Error::InvalidProgram {
        character,
        position,
    })
}

/// A BrainPhoque machine mid-run: the [`Machine`] the Solomonoff mixture
/// forks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BrainPhoqueState {
    alphabet_size: u8,
    tape: Box<[u8]>,
    head: usize,
    /// Instructions read so far (as rewritten).
    code: Vec<u8>,
    /// Jump target of each bracket ([`NONE`] until set).
    targets: Vec<u32>,
    /// Brackets whose body is being read.
    stack: Vec<u32>,
    pc: usize,
    steps: u64,
    /// The instruction at `pc` was just read and has not been evaluated.
    fresh: bool,
    /// Prove silent loops (repeated states) instead of running them out.
    detect_loops: bool,
    /// Jump targets written so far: part of the state a loop must repeat.
    target_writes: u32,
    /// An instruction outside the alphabet was fed: the machine is stuck.
    invalid: bool,
}

impl BrainPhoqueState {
    /// The same state with loop detection switched on or off (on by
    /// default): off, a silent loop runs until its budget is spent.
    pub fn with_loop_detection(mut self, on: bool) -> Self {
        self.detect_loops = on;
        self
    }

    /// Final (current) tape position.
    pub fn head(&self) -> usize {
        self.head
    }

    /// Instructions read so far.
    pub fn program_len(&self) -> usize {
        self.code.len()
    }
}

impl BrainPhoqueState {
    /// Evaluates the instruction at `pc` (`fresh`: just read); returns the
    /// symbol it output, if any.
    fn step(&mut self, fresh: bool) -> Option<u8> {
        let pc = self.pc;
        let cell = self.tape[self.head];
        let mut next = pc + 1;
        let mut emitted = None;
        match self.code[pc] {
            PLUS => {
                self.tape[self.head] = if cell + 1 == self.alphabet_size {
                    0
                } else {
                    cell + 1
                }
            }
            MINUS => {
                self.tape[self.head] = if cell == 0 {
                    self.alphabet_size - 1
                } else {
                    cell - 1
                }
            }
            RIGHT => {
                self.head = if self.head + 1 == self.tape.len() {
                    0
                } else {
                    self.head + 1
                }
            }
            LEFT => {
                self.head = if self.head == 0 {
                    self.tape.len() - 1
                } else {
                    self.head - 1
                }
            }
            DOT => emitted = Some(cell),
            OPEN => {
                if fresh {
                    self.stack.push(pc as u32);
                } else if cell == 0 {
                    if self.targets[pc] == NONE {
                        self.targets[pc] = (self.code.len() - 1) as u32;
                        self.target_writes += 1;
                    }
                    next = self.targets[pc] as usize + 1;
                }
            }
            OPEN_SKIP => {
                if !fresh && cell != 0 {
                    if self.targets[pc] == NONE {
                        self.targets[pc] = (self.code.len() - 1) as u32;
                        self.stack.push(pc as u32);
                        self.target_writes += 1;
                    }
                    next = self.targets[pc] as usize + 1;
                }
            }
            close => {
                debug_assert_eq!(close, CLOSE);
                if fresh {
                    match self.stack.pop() {
                        Some(open) => {
                            self.targets[pc] = open;
                            next = open as usize;
                        }
                        None => self.targets[pc] = pc as u32,
                    }
                } else {
                    next = self.targets[pc] as usize;
                }
            }
        }
        self.pc = next;
        self.steps += 1;
        emitted
    }

    /// The hot loop: evaluates instructions already read (never fresh) with
    /// the machine's registers in locals, until it outputs, needs an
    /// instruction, meets a bracket that must record a new target, or runs
    /// out of steps (`None` then, and `run` decides). It stays one function
    /// (over the 80 lines the crate allows others): split, the registers
    /// would leave their locals, and a step costs measurably more.
    #[inline]
    fn run_read_code<const DETECT: bool>(&mut self, max_steps: u64) -> Option<Event> {
        let modulus = self.alphabet_size;
        let end = self.code.len();
        let last = self.tape.len() - 1;
        let (mut pc, mut head, mut steps) = (self.pc, self.head, self.steps);
        let mut event = None;
        // `+ - > <` as one branch-free update: add to the cell, add to the
        // head, each wrapped by one conditional subtraction.
        let modulus16 = u16::from(modulus);
        let add_to_cell = [1, modulus16 - 1, 0, 0];
        let add_to_head = [0, 0, 1, last];
        // Brent's cycle detection: the code is fixed while nothing is read,
        // so the state is pc, head, tape and the jump targets. A snapshot
        // is moved forward at power-of-two distances; meeting it again
        // proves a silent loop. Most calls end within a few steps (an
        // output, an instruction request), so detection starts only after
        // `WARM_UP` steps, and the tape is copied only then.
        const WARM_UP: u64 = 8;
        let detect_from = steps + WARM_UP;
        let mut snapshot = (pc, head, self.target_writes);
        let mut snapshot_tape: Vec<u8> = Vec::new();
        let (mut power, mut distance) = (1u64, 0u64);
        while pc < end && steps < max_steps {
            if DETECT && steps >= detect_from {
                if snapshot_tape.is_empty() {
                    snapshot = (pc, head, self.target_writes);
                    snapshot_tape = self.tape.to_vec();
                } else if distance > 0
                    && (pc, head, self.target_writes) == snapshot
                    && *self.tape == *snapshot_tape
                {
                    self.pc = pc;
                    self.head = head;
                    self.steps = steps;
                    return Some(Event::Stuck);
                }
                if distance == power {
                    snapshot = (pc, head, self.target_writes);
                    snapshot_tape.copy_from_slice(&self.tape);
                    power *= 2;
                    distance = 0;
                }
                distance += 1;
            }
            let op = self.code[pc];
            if op <= LEFT {
                let i = usize::from(op);
                let value = u16::from(self.tape[head]) + add_to_cell[i];
                self.tape[head] = if value >= modulus16 {
                    value - modulus16
                } else {
                    value
                } as u8;
                let moved = head + add_to_head[i];
                head = if moved > last {
                    moved - last - 1
                } else {
                    moved
                };
                pc += 1;
                steps += 1;
                continue;
            }
            let cell = self.tape[head];
            match op {
                DOT => {
                    pc += 1;
                    steps += 1;
                    event = Some(Event::Output(cell));
                    break;
                }
                OPEN => {
                    if cell == 0 {
                        let target = self.targets[pc];
                        if target == NONE {
                            break; // the slow path records the target
                        }
                        pc = target as usize;
                    }
                }
                OPEN_SKIP => {
                    if cell != 0 {
                        let target = self.targets[pc];
                        if target == NONE {
                            break;
                        }
                        pc = target as usize;
                    }
                }
                close => {
                    debug_assert_eq!(close, CLOSE);
                    pc = self.targets[pc] as usize;
                    steps += 1;
                    continue;
                }
            }
            pc += 1;
            steps += 1;
        }
        self.pc = pc;
        self.head = head;
        self.steps = steps;
        if event.is_none() && pc < end && steps < max_steps {
            // A bracket without a target: evaluate it on the slow path.
            if let Some(symbol) = self.step(false) {
                return Some(Event::Output(symbol));
            }
        }
        event
    }
}

impl Machine for BrainPhoqueState {
    fn instructions(&self) -> usize {
        TOKENS.len()
    }

    fn run(&mut self, max_steps: u64) -> Event {
        if self.invalid {
            return Event::Stuck;
        }
        loop {
            if self.steps >= max_steps {
                return Event::Timeout;
            }
            if self.pc == self.code.len() {
                return Event::NeedInstruction;
            }
            if self.fresh {
                self.fresh = false;
                // Only brackets act differently the first time; the rest
                // go straight to the hot loop.
                if matches!(self.code[self.pc], OPEN | OPEN_SKIP | CLOSE) {
                    if let Some(symbol) = self.step(true) {
                        return Event::Output(symbol);
                    }
                    continue;
                }
            }
            let event = if self.detect_loops {
                self.run_read_code::<true>(max_steps)
            } else {
                self.run_read_code::<false>(max_steps)
            };
            if let Some(event) = event {
                return event;
            }
        }
    }

    /// Appends the next instruction. An index of 7 or more is no
    /// instruction: the machine is then stuck for good (its `run` returns
    /// [`Event::Stuck`]), rather than evaluating a byte it has no rule for.
    fn feed(&mut self, instruction: usize) {
        if instruction >= TOKENS.len() {
            self.invalid = true;
            return;
        }
        let cell = self.tape[self.head];
        let token = match instruction as u8 {
            OPEN if cell == 0 => OPEN_SKIP,
            OPEN_SKIP if cell != 0 => OPEN,
            token => token,
        };
        self.code.push(token);
        self.targets.push(NONE);
        self.fresh = true;
    }

    fn steps(&self) -> u64 {
        self.steps
    }

    fn output_symbols(&self) -> usize {
        usize::from(self.alphabet_size)
    }

    fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.tape.len()
            + self.code.capacity()
            + 4 * (self.targets.capacity() + self.stack.capacity())
    }

    fn program(&self) -> String {
        self.code
            .iter()
            .map(|&t| {
                if t == OPEN_SKIP {
                    '{'
                } else {
                    char::from(TOKENS[usize::from(t)])
                }
            })
            .collect()
    }
}
