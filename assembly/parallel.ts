import * as layout from "./layout";
import { accumulateSlice } from "./network";

// Data-parallel batches for the threads build: one instance per thread over one shared
// memory. The main thread publishes a batch in the control block; then every thread, the
// main one included, claims slices one at a time until none is left, and the main thread
// waits for the slices still being computed. Which thread computes a slice never changes
// its bits: each slice has its own buffer, and the caller sums them in index order.
// Claiming, rather than a fixed share per thread, lets the main thread finish a batch on
// its own when a worker is slow to start or was descheduled (a machine with more busy
// threads than cores): it waits only for a slice a worker has begun. Without the threads
// feature this file compiles to the plain loop over every slice.
//
// Workers are borrowed for one training run (bindings/runtime/thread-pool.ts): a set joins
// a core that may already have run batches with another set, and leaves acknowledging
// STOP. The run does not wait for them: the main thread starts at once and computes every
// slice itself until a worker has joined (a Node worker takes 15-40 ms to start, a
// sizeable part of a short fit), which changes no bits. A worker returns from
// workerEpoch after each batch, so that its code, like the main thread's, switches to
// optimised code at its next call (docs/ARCHITECTURE.md, "One WebAssembly call per
// epoch"); had it stayed in one call for the whole run, a fresh worker would run baseline
// code to the end.

// The control block, i32 words. It is static data, so every instance finds it at the
// same address; it holds zeros until the main thread writes it. The threads build is
// compiled with zeroFilledMemory, so it has no zero data segment: a worker that
// instantiates the module later re-applies only constant tables and cannot clobber it.
const control: usize = memory.data(128, 64);
const GENERATION = 0; // bumped by every command
const COMMAND = 4;
const ACKS = 8; // workers that have seen STOP
const VERSION = 12;
const LAYERS = 16;
const ACTIVATION = 20;
const THREADS = 24;
const ROWS = 28;
const VALIDATION_ROWS = 32;
const START = 36;
const COUNT = 40;
const SHUFFLED = 44;
const SLICES = 48;
const FAILED = 52;
const OUTPUT = 56; // the output kind (layout.ts)
// An i64: the batch's generation << 32 | the next unclaimed slice. A claim is a
// compare-and-swap that checks the generation, so a worker that read an earlier batch's
// figures can never take a slice of a later one.
const CLAIM = 64;
const SLEEPERS = 72; // workers asleep on GENERATION
// An i64: the run's number << 32 | CLOSED | how many workers joined it. A worker joins
// with a compare-and-swap that checks the number and CLOSED, and the main thread sets
// CLOSED before it says STOP, so it knows exactly how many workers to wait for, and a
// worker that arrives after the run (or one bound to an earlier run) stays out.
const JOIN = 80;
const CLOSED: i64 = 1 << 31;
// On a cache line of its own: every claim's thread adds to it when done.
const FINISHED = 96; // slices of the current batch computed

const BATCH = 1;
const STOP = 2;

/** A worker polls this many times (tens of µs) for the next batch before it sleeps:
 *  long enough to cover the main thread's turn between two batches (waking a sleeper
 *  takes tens of µs), short enough that an idle worker soon gives its core back. */
const SPIN: i32 = 1 << 16;
/** Longest a worker sleeps before it looks at the generation again, in ns. */
const WAKE_NS: i64 = 10_000_000;

/** Records the layout the main thread declared, for the workers to repeat. */
export function publishNetwork(layers: i32, activation: i32, threads: i32, output: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  store<i32>(control + LAYERS, layers);
  store<i32>(control + ACTIVATION, activation);
  store<i32>(control + OUTPUT, output);
  store<i32>(control + THREADS, threads);
  store<i32>(control + ROWS, -1);
  atomic.add<i32>(control + VERSION, 1);
}

export function publishTraining(rows: i32, validationRows: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  store<i32>(control + ROWS, rows);
  store<i32>(control + VALIDATION_ROWS, validationRows);
  atomic.add<i32>(control + VERSION, 1);
}

/** Computes every slice of the batch [start, start + count), with whichever workers
 *  come to help when there are threads. */
export function runSlices(rows: i32, shuffled: bool, start: i32, count: i32, slices: i32): void {
  if (ASC_FEATURE_THREADS && layout.threadCount > 1 && slices > 1) {
    // The claim moves to the new generation before the batch's figures change: a worker
    // still on the last batch may read them at any moment, and had it read the new slice
    // count while the claim still held the last batch's, it could claim slices that batch
    // never had, compute them from the new figures into buffers this batch uses, and add
    // them to FINISHED after its reset (FINISHED then passes `slices` and the wait below
    // never ends). With every word here atomic (one order for all threads), a worker that
    // read any figure of the new batch finds the claim moved and claims nothing.
    const generation = atomic.load<i32>(control + GENERATION) + 1;
    atomic.store<i64>(control + CLAIM, <i64>generation << 32);
    atomic.store<i32>(control + FINISHED, 0);
    atomic.store<i32>(control + START, start);
    atomic.store<i32>(control + COUNT, count);
    atomic.store<i32>(control + SHUFFLED, shuffled ? 1 : 0);
    atomic.store<i32>(control + SLICES, slices);
    signal(BATCH, generation);
    computeClaimed(generation, rows, shuffled, start, count, slices);
    waitFor(control + FINISHED, slices);
    // A worker that failed before it claimed anything left this batch whole, but the
    // run fails all the same: a broken thread is an error, not a slower fit.
    if (atomic.load<i32>(control + FAILED)) unreachable();
    return;
  }
  for (let s = 0; s < slices; s++) {
    accumulateSlice(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows, layout.trainOrderPtr, shuffled, start, count, s);
  }
}

/** Claims and computes slices of the batch of `generation` until none is left. Claims
 *  shrink as the batch runs out (a quarter of what is left per thread, then one): few
 *  claims on the shared counter while there is much to share, single slices at the end
 *  so the threads finish together. */
function computeClaimed(generation: i32, rows: i32, shuffled: bool, start: i32, count: i32, slices: i32): void {
  const share = layout.threadCount << 1;
  while (true) {
    const claimed = atomic.load<i64>(control + CLAIM);
    const first = <i32>claimed;
    if (<i32>(claimed >>> 32) != generation || first >= slices) return;
    const taken = max(1, (slices - first) / share);
    if (atomic.cmpxchg<i64>(control + CLAIM, claimed, claimed + taken) != claimed) continue;
    for (let s = first; s < first + taken; s++) {
      accumulateSlice(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows, layout.trainOrderPtr, shuffled, start, count, s);
    }
    atomic.add<i32>(control + FINISHED, taken);
  }
}

/** Opens run number `run` (never 0; a new number for each run on this memory):
 *  workers bound to it may join until stopWorkers. */
export function openRun(run: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i64>(control + JOIN, <i64>run << 32);
}

/** Closes the run to workers, makes the workers that joined it return 0 from
 *  workerEpoch and waits until each has seen that: from then on none of them reads the
 *  control block, so another set may join. */
export function stopWorkers(): void {
  if (!ASC_FEATURE_THREADS) return;
  let state = atomic.load<i64>(control + JOIN);
  while (true) {
    const seen = atomic.cmpxchg<i64>(control + JOIN, state, state | CLOSED);
    if (seen == state) break;
    state = seen;
  }
  const joined = <i32>(state & (CLOSED - 1));
  if (joined < 1) return;
  atomic.store<i32>(control + ACKS, 0);
  signal(STOP, atomic.load<i32>(control + GENERATION) + 1);
  waitFor(control + ACKS, joined);
}

/** After a failed set was terminated: its failure must not be trapped on by the next
 *  set's batches. */
export function abandonWorkers(): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(control + FAILED, 0);
  atomic.store<i32>(control + SLEEPERS, 0);
}

/** Publishes `command` as `generation`; wakes the workers only if one sleeps (a notify
 *  costs a call into the runtime, and a spinning worker needs none). */
function signal(command: i32, generation: i32): void {
  store<i32>(control + COMMAND, command);
  atomic.store<i32>(control + GENERATION, generation);
  if (atomic.load<i32>(control + SLEEPERS) > 0) atomic.notify(control + GENERATION);
}

/** Until the word at `ptr` reaches `value`. The main thread polls and never sleeps: its
 *  memory.atomic.wait sometimes did not return although every worker had answered
 *  (Node 20.20: fits with 2, 4 then 2 threads hung in about 1 run of 10, with or without
 *  a timeout on the wait; none in 60 runs polling). What it waits for is short: slices
 *  a worker has begun, or workers seeing STOP. */
function waitFor(ptr: usize, value: i32): void {
  for (let i = 1; atomic.load<i32>(ptr) != value; i++) {
    // A worker that failed will never answer: trap, so the call throws instead of hanging.
    if (atomic.load<i32>(control + FAILED)) unreachable();
    // Wake sleeping workers again now and then, in case a notify went unheard.
    if ((i & 0xfffff) == 0) atomic.notify(control + GENERATION);
  }
}

/** A worker's last call when its batch threw: wakes the main thread to fail. */
export function workerFailed(): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(control + FAILED, 1);
}

let thread: i32 = 0;
let seenGeneration: i32 = 0;
let seenVersion: i32 = 0;

/** A worker's first call: joins run `run` as thread `t` and returns 1, or returns 0 if
 *  that run is over (the worker then must not call workerEpoch). The generation it
 *  starts from is read before it joins, so a STOP, which comes after the run closes,
 *  is always a later generation than that. */
export function workerStart(t: i32, run: i32): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  thread = t;
  seenGeneration = atomic.load<i32>(control + GENERATION);
  let state = atomic.load<i64>(control + JOIN);
  while (<i32>(state >>> 32) == run && (state & CLOSED) == 0) {
    const seen = atomic.cmpxchg<i64>(control + JOIN, state, state + 1);
    if (seen == state) return 1;
    state = seen;
  }
  return 0;
}

/** A worker's part in the next batch; returns 1, or 0 once it is told to stop. */
export function workerEpoch(): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  const generation = nextGeneration();
  if (load<i32>(control + COMMAND) == STOP) {
    atomic.add<i32>(control + ACKS, 1);
    return 0;
  }
  // The main thread may have grown the shared memory since this instance was made (it
  // lays out the network and the data after lending the workers). V8 (Node 20) keeps
  // the old length for this instance's bulk-memory operations until it asks for the
  // memory's size again, so a memory.fill past it traps ("memory access out of bounds",
  // measured: about 1 in 5 fills right after another thread's grow; none with this; in
  // fits, a worker already idle in the pool when a fit began saw one page while the data
  // lay at ~6 MB). Growing by 0 pages asks, and has an effect the optimizer keeps. It
  // runs before follow(), so the layout is read with the size it was placed in.
  memory.grow(0);
  // Everything read from here on may belong to a later batch than `generation` if the
  // main thread finished this one alone meanwhile; then every claim fails.
  follow();
  // Atomic loads, in runSlices' order for the stores: if any of these is a later batch's,
  // the claim has moved on, and computeClaimed's compare-and-swap fails.
  computeClaimed(
    generation, load<i32>(control + ROWS), atomic.load<i32>(control + SHUFFLED) != 0,
    atomic.load<i32>(control + START), atomic.load<i32>(control + COUNT), atomic.load<i32>(control + SLICES),
  );
  return 1;
}

/** The next generation after the last one seen: polls, then sleeps. */
function nextGeneration(): i32 {
  const ptr = control + GENERATION;
  let now = atomic.load<i32>(ptr);
  for (let i = 0; i < SPIN && now == seenGeneration; i++) now = atomic.load<i32>(ptr);
  if (now == seenGeneration) {
    atomic.add<i32>(control + SLEEPERS, 1);
    now = atomic.load<i32>(ptr);
    while (now == seenGeneration) {
      // Woken by a notify, or every 10 ms to look again: a wait that a notify failed to
      // end (see waitFor) costs a fit 10 ms, not forever.
      atomic.wait<i32>(ptr, now, WAKE_NS);
      now = atomic.load<i32>(ptr);
    }
    atomic.sub<i32>(control + SLEEPERS, 1);
  }
  seenGeneration = now;
  return now;
}

/** Repeats the main thread's layout when it changed, then takes this thread's scratch.
 *  It does so as a follower, writing nothing shared (layout.ts): a worker that read a
 *  batch the main thread then finished alone may be here while the main thread lays out
 *  another model in the same run (the trainer puts the previous model back when a fit
 *  fails, before its workers are stopped), and rewriting the offset tables from widths
 *  half rewritten would corrupt the main thread's model. */
function follow(): void {
  const version = atomic.load<i32>(control + VERSION);
  if (version == seenVersion) return;
  seenVersion = version;
  layout.declareNetwork(load<i32>(control + LAYERS), load<i32>(control + ACTIVATION), __heap_base, load<i32>(control + THREADS), load<i32>(control + OUTPUT), true);
  const rows = load<i32>(control + ROWS);
  if (rows >= 0) layout.planTraining(rows, load<i32>(control + VALIDATION_ROWS), true);
  layout.selectScratch(thread);
}
