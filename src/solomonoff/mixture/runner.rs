//! Running the live programs to their next output symbol, forking each
//! program where it asks for an instruction it has not read.

use super::Program;
use crate::solomonoff::machine::{Event, Machine};
use crate::solomonoff::measure::ProgramMeasure;

/// Runs one program to its next output symbol, forking on instruction
/// requests.
pub(super) struct Runner<'a> {
    pub instructions: usize,
    pub max_length: u32,
    pub max_steps: u64,
    pub measure: &'a ProgramMeasure,
}

impl Runner<'_> {
    /// The descendants of `program` that produced a next symbol, and the
    /// masses of those lost to the budget or the length limit.
    pub(super) fn resolve<M: Machine>(&self, program: Program<M>) -> (Vec<Program<M>>, Vec<f64>) {
        let mut done = Vec::new();
        let mut lost = Vec::new();
        let mut stack = vec![program];
        while let Some(mut p) = stack.pop() {
            if p.next.is_some() {
                done.push(p);
                continue;
            }
            match p.machine.run(self.max_steps) {
                Event::Output(symbol) => {
                    p.next = Some(symbol);
                    done.push(p);
                }
                Event::Timeout | Event::Stuck => lost.push(p.mass),
                Event::NeedInstruction => {
                    if p.length == self.max_length {
                        lost.push(p.mass);
                        continue;
                    }
                    // Fork once per instruction; the original becomes the
                    // fork for instruction 0, pushed last so it runs first.
                    let parent = p.key();
                    let fork = |machine: M, instruction: usize| {
                        let key = self.measure.child_key(parent, instruction);
                        Program {
                            machine,
                            length: key.0,
                            code: key.1,
                            mass: self.measure.mass(key),
                            next: None,
                        }
                    };
                    // A fork the prior in force gives no mass (ruled out in
                    // an earlier episode) is not run at all.
                    for instruction in (1..self.instructions).rev() {
                        let mut machine = p.machine.clone();
                        machine.feed(instruction);
                        let program = fork(machine, instruction);
                        if program.mass > 0.0 {
                            stack.push(program);
                        }
                    }
                    p.machine.feed(0);
                    let program = fork(p.machine, 0);
                    if program.mass > 0.0 {
                        stack.push(program);
                    }
                }
            }
        }
        (done, lost)
    }
}
