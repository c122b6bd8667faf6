//! The dataflow each worker runs: a handshake on the parameters, then
//! shards taken from the process's cursor, computed (and checkpointed) in
//! a `map`, exchanged to worker 0 and merged there.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use timely::dataflow::InputHandle;
use timely::dataflow::operators::vec::{Broadcast, Map};
use timely::dataflow::operators::{Exchange, Input, Inspect, Probe};
use timely::worker::Worker;

use super::hook::{self, Lost};
use super::{Job, Outcome, Progress, ProgressReport};
use crate::error::{Error, Result};
use crate::solomonoff::ctm::{PartialDistribution, ShardCheckpoint, ShardTally, Shards};

/// What the workers tell the thread that waits for them.
pub(super) enum Event {
    /// A worker of this process is connected, and all agree on the
    /// parameters.
    Ready,
    /// A worker ended: with the merged shards on worker 0.
    Worker(Result<Option<PartialDistribution>>),
    /// Timely could not start.
    Failed(Error),
    /// Timely's threads were joined after every worker ended.
    Joined,
}

/// One unit of a worker's input.
#[derive(Clone)]
enum Work {
    /// A shard to compute.
    Compute(u64),
    /// A shard taken from the checkpoint.
    Resumed(ShardTally),
}

/// What the workers of one process share.
pub(super) struct Shared {
    shards: Shards,
    /// Worker threads per process.
    workers: usize,
    /// Shards merged in all, over every process.
    total: u64,
    /// This process's shards still to compute, in order, and the next.
    own: Vec<u64>,
    cursor: AtomicUsize,
    resumed: Mutex<Vec<ShardTally>>,
    resumed_count: u64,
    computed: AtomicU64,
    /// Nanoseconds the workers of this process spent computing shards.
    busy: AtomicU64,
    checkpoint: Option<Mutex<ShardCheckpoint>>,
    /// The first error of this process (a checkpoint that cannot be
    /// written); the workers stop taking shards.
    failure: Mutex<Option<Error>>,
    stop: AtomicBool,
    lost: Lost,
    parameters: String,
    progress: Option<ProgressReport>,
    progress_steps: u64,
    reported: AtomicU64,
    started: Mutex<Option<Instant>>,
}

/// The process that owns shard `id` among `processes`: a hash of the id
/// (SplitMix64's finaliser), so that each process gets shards from every
/// part of the tree, large and small alike.
fn owner(id: u64, processes: usize) -> usize {
    let mut z = id.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) % processes as u64) as usize
}

impl Shared {
    pub(super) fn new(
        job: &Job,
        process: usize,
        processes: usize,
        workers: usize,
        lost: Lost,
    ) -> Result<Self> {
        let ids = job.ids();
        let parameters = job.parameters(processes, workers);
        let mut own: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|&id| owner(id, processes) == process)
            .collect();
        let (checkpoint, resumed) = match &job.checkpoint {
            None => (None, Vec::new()),
            Some(prefix) => {
                let mut path = prefix.clone().into_os_string();
                path.push(format!(".{process}-of-{processes}"));
                let label = format!("process {process} of {parameters}");
                let (checkpoint, resumed) =
                    ShardCheckpoint::open(path.as_ref(), &job.shards, &label)?;
                (Some(Mutex::new(checkpoint)), resumed)
            }
        };
        for shard in &resumed {
            if own.binary_search(&shard.shard()).is_err() {
                return Err(Error::CorruptData {
                    reason: format!(
                        "checkpoint of process {process}: shard {} is not this process's",
                        shard.shard()
                    ),
                });
            }
        }
        let done: rustc_hash::FxHashSet<u64> = resumed.iter().map(ShardTally::shard).collect();
        own.retain(|id| !done.contains(id));
        Ok(Self {
            shards: job.shards.clone(),
            workers,
            total: ids.len() as u64,
            own,
            cursor: AtomicUsize::new(0),
            resumed_count: resumed.len() as u64,
            resumed: Mutex::new(resumed),
            computed: AtomicU64::new(0),
            busy: AtomicU64::new(0),
            checkpoint,
            failure: Mutex::new(None),
            stop: AtomicBool::new(false),
            lost,
            parameters,
            progress: job.progress.clone(),
            progress_steps: job.progress_steps,
            reported: AtomicU64::new(0),
            started: Mutex::new(None),
        })
    }

    /// Tells the workers to stop.
    pub(super) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// An error if the run must stop: a lost peer, a failure here, or a
    /// stop from the waiting thread.
    fn check(&self) -> Result<()> {
        if let Some(reason) = hook::lost(&self.lost) {
            return Err(Error::Cluster {
                reason: format!("lost a peer mid-run ({reason})"),
            });
        }
        if let Some(error) = self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(error);
        }
        if self.stop.load(Ordering::SeqCst) {
            return Err(Error::Cluster {
                reason: "stopped: peers did not connect in time".into(),
            });
        }
        Ok(())
    }

    /// The next shard for a worker of this process to compute.
    fn next(&self) -> Option<u64> {
        self.check().ok()?;
        let at = self.cursor.fetch_add(1, Ordering::Relaxed);
        self.own.get(at).copied()
    }

    /// Computes (and checkpoints) a shard, or passes on a resumed one.
    fn finish(&self, work: Work) -> ShardTally {
        match work {
            Work::Resumed(shard) => shard,
            Work::Compute(id) => {
                let start = Instant::now();
                let shard = self.shards.compute(id);
                let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
                self.busy.fetch_add(nanos, Ordering::Relaxed);
                if let Some(checkpoint) = &self.checkpoint {
                    let mut checkpoint = checkpoint.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Err(error) = checkpoint.record(&shard) {
                        self.failure
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .get_or_insert(error);
                    }
                }
                self.computed.fetch_add(1, Ordering::Relaxed);
                shard
            }
        }
    }

    /// Reports progress when another share of the shards is merged.
    fn report(&self, merged: &PartialDistribution) {
        let Some(progress) = &self.progress else {
            return;
        };
        // A share of `progress_steps`, in u128 so that no step count
        // overflows.
        let share = u128::from(merged.finished()) * u128::from(self.progress_steps)
            / u128::from(self.total.max(1));
        let step = u64::try_from(share).unwrap_or(u64::MAX);
        if step > self.reported.load(Ordering::Relaxed) {
            self.reported.store(step, Ordering::Relaxed);
            let started = *self.started.lock().unwrap_or_else(PoisonError::into_inner);
            progress(&Progress {
                finished: merged.finished(),
                total: self.total,
                machines: merged.machines(),
                elapsed: started.map_or(Duration::ZERO, |s| s.elapsed()),
            });
        }
    }

    /// This process's outcome.
    pub(super) fn outcome(
        &self,
        distribution: Option<PartialDistribution>,
        elapsed: Duration,
    ) -> Outcome {
        Outcome {
            distribution,
            computed: self.computed.load(Ordering::Relaxed),
            resumed: self.resumed_count,
            busy: Duration::from_nanos(self.busy.load(Ordering::Relaxed)),
            elapsed,
        }
    }
}

/// What every worker runs.
pub(super) fn work(
    worker: &mut Worker,
    shared: &Arc<Shared>,
    events: &Sender<Event>,
) -> Result<Option<PartialDistribution>> {
    handshake(worker, shared)?;
    let _ = events.send(Event::Ready);
    shared
        .started
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(Instant::now);
    let index = worker.index();
    let merged = Rc::new(RefCell::new(
        (index == 0).then(|| PartialDistribution::new(&shared.shards)),
    ));
    let merge_error: Rc<RefCell<Option<Error>>> = Rc::new(RefCell::new(None));
    let mut input = InputHandle::new();
    let probe = worker.dataflow::<u64, _, _>(|scope| {
        let (computing, merging) = (shared.clone(), shared.clone());
        let (into, failed) = (merged.clone(), merge_error.clone());
        scope
            .input_from(&mut input)
            .container::<Vec<Work>>()
            .map(move |work| computing.finish(work))
            .exchange(|_| 0)
            .inspect(move |shard: &ShardTally| {
                if let Some(merged) = into.borrow_mut().as_mut() {
                    match merged.add(shard.clone()) {
                        Ok(()) => merging.report(merged),
                        Err(error) => {
                            failed.borrow_mut().get_or_insert(error);
                        }
                    }
                }
            })
            .probe()
            .0
    });
    if index.is_multiple_of(shared.workers) {
        let resumed = std::mem::take(
            &mut *shared
                .resumed
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for shard in resumed {
            input.send(Work::Resumed(shard));
        }
        input.flush();
    }
    while let Some(id) = shared.next() {
        input.send(Work::Compute(id));
        input.flush();
        worker.step();
    }
    drop(input);
    while !probe.done() {
        shared.check()?;
        worker.step_or_park(Some(Duration::from_millis(50)));
    }
    shared.check()?;
    if let Some(error) = merge_error.borrow_mut().take() {
        return Err(error);
    }
    let merged = merged.borrow_mut().take();
    if let Some(merged) = &merged
        && merged.finished() != shared.total
    {
        return Err(Error::Cluster {
            reason: format!(
                "{} of {} shards never arrived: a process stopped taking shards (see its error); its checkpoint keeps what it finished",
                shared.total - merged.finished(),
                shared.total
            ),
        });
    }
    Ok(merged)
}

/// Every worker sends its parameters to every other; all of them stop
/// with an error if any two differ.
fn handshake(worker: &mut Worker, shared: &Shared) -> Result<()> {
    let seen: Rc<RefCell<Vec<(usize, String)>>> = Rc::new(RefCell::new(Vec::new()));
    let mut input = InputHandle::new();
    let probe = worker.dataflow::<u64, _, _>(|scope| {
        let into = seen.clone();
        scope
            .input_from(&mut input)
            .container::<Vec<(usize, String)>>()
            .broadcast()
            .inspect(move |said: &(usize, String)| into.borrow_mut().push(said.clone()))
            .probe()
            .0
    });
    input.send((worker.index(), shared.parameters.clone()));
    drop(input);
    let me = worker.index();
    let disagreement = |seen: &[(usize, String)]| {
        let (other, theirs) = seen.iter().find(|(_, said)| *said != shared.parameters)?;
        Some(Error::Cluster {
            reason: format!(
                "processes disagree: worker {other} runs {theirs}, worker {me} runs {}; start every process with the same arguments",
                shared.parameters
            ),
        })
    };
    while !probe.done() {
        if let Err(error) = shared.check() {
            // A peer that saw the disagreement first may already have
            // stopped: its parameters, which came before, say why.
            return Err(disagreement(&seen.borrow()).unwrap_or(error));
        }
        worker.step_or_park(Some(Duration::from_millis(50)));
    }
    let seen = seen.borrow();
    if let Some(error) = disagreement(&seen) {
        return Err(error);
    }
    if seen.len() != worker.peers() {
        return Err(Error::Cluster {
            reason: format!(
                "{} of {} workers answered the handshake",
                seen.len(),
                worker.peers()
            ),
        });
    }
    Ok(())
}
