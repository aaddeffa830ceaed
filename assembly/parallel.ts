import * as layout from "./layout";
import { accumulateSlice, sliceRows as sliceRowsOf } from "./network";

// Data-parallel batches for the threads build: one instance per thread over one shared
// memory. The main thread publishes a batch in the control block, computes slices
// 0, T, 2T, ... itself, and waits for the workers (thread t computes slices t, t+T, ...).
// Which thread computes a slice never changes its bits: each slice has its own buffer,
// and the caller sums them in index order. Without the threads feature this file
// compiles to the plain loop over every slice.

// Workers are borrowed for one training run (bindings/threads.ts): a set joins a core
// that may already have run epochs with another set, and leaves acknowledging STOP.

// The control block, i32 words. It is static data, so every instance finds it at the
// same address; it holds zeros until the main thread writes it. The threads build is
// compiled with zeroFilledMemory, so it has no zero data segment: a worker that
// instantiates the module later re-applies only constant tables and cannot clobber it.
const control: usize = memory.data(64, 64);
const GENERATION = 0;
const COMMAND = 4;
const DONE = 8;
const VERSION = 12;
const LAYERS = 16;
const ACTIVATION = 20;
const THREADS = 24;
const ROWS = 28;
const VALIDATION_ROWS = 32;
const START = 36;
const COUNT = 40;
const SHUFFLED = 44;
const ACTIVE = 48;
const FAILED = 52;

const BATCH = 1;
const END_EPOCH = 2;
const STOP = 3;

/** A worker polls (a few ms) before sleeping: waking a sleeping thread takes tens of µs, more
 *  than half a batch of the seed task (measured: 2 threads fit it in 0.36 s with 2^14
 *  polls, 0.19 s with 2^20). */
const SPIN: i32 = 1 << 20;

/** Records the layout the main thread declared, for the workers to repeat. */
export function publishNetwork(layers: i32, activation: i32, threads: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  store<i32>(control + LAYERS, layers);
  store<i32>(control + ACTIVATION, activation);
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

/** Computes every slice of the batch [start, start + count), with the workers' help
 *  when there are threads. */
export function runSlices(rows: i32, shuffled: bool, start: i32, count: i32, slices: i32): void {
  const active = min(layout.threadCount, slices);
  if (ASC_FEATURE_THREADS && active > 1) {
    store<i32>(control + START, start);
    store<i32>(control + COUNT, count);
    store<i32>(control + SHUFFLED, shuffled ? 1 : 0);
    store<i32>(control + ACTIVE, active);
    signal(BATCH);
  }
  const step = ASC_FEATURE_THREADS ? active : 1;
  for (let s = 0; s < slices; s += step) {
    accumulateSlice(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows, layout.trainOrderPtr, shuffled, start, count, s);
  }
  if (ASC_FEATURE_THREADS && active > 1) waitForWorkers(layout.threadCount - 1);
}

/** Lets the workers return to JavaScript (one call per epoch, see NOTES.md on tier-up).
 *  Their acknowledgements are awaited before the next command, not here: by then they
 *  have long arrived, so the epoch's end costs no round trip. */
export function endEpoch(): void {
  if (!ASC_FEATURE_THREADS || layout.threadCount < 2) return;
  signal(END_EPOCH);
  unacknowledged = true;
}

/** Makes the `workers` bound workers' workerEpoch return 0 and waits until each has
 *  seen it: from then on none of them reads the control block, so another set may join.
 *  The count comes from the caller: a set may be bound before any network is declared. */
export function stopWorkers(workers: i32): void {
  if (!ASC_FEATURE_THREADS || workers < 1) return;
  signal(STOP);
  waitForWorkers(workers);
}

/** After a failed set was terminated: its missing acknowledgements and its failure must
 *  not be waited for, or trapped on, by the next set's commands. */
export function abandonWorkers(): void {
  if (!ASC_FEATURE_THREADS) return;
  unacknowledged = false;
  atomic.store<i32>(control + FAILED, 0);
}

// Every worker acknowledges every command before the main thread writes the next one,
// so a worker never reads a command half written.
let unacknowledged = false;

function signal(command: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  if (unacknowledged) {
    waitForWorkers(layout.threadCount - 1);
    unacknowledged = false;
  }
  store<i32>(control + COMMAND, command);
  atomic.store<i32>(control + DONE, 0);
  atomic.add<i32>(control + GENERATION, 1);
  atomic.notify(control + GENERATION);
}

/** Until `value` workers have acknowledged. The main thread polls and never sleeps:
 *  its memory.atomic.wait sometimes did not return although every worker had answered
 *  (Node 20.20: fits with 2, 4 then 2 threads hung in about 1 run of 10, with or without
 *  a timeout on the wait; none in 60 runs polling). */
function waitForWorkers(value: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  while (atomic.load<i32>(control + DONE) != value) {
    // A worker that failed will never answer: trap, so the call throws instead of hanging.
    if (atomic.load<i32>(control + FAILED)) unreachable();
  }
}

/** A worker's last call when its epoch threw: makes the main thread fail. */
export function workerFailed(): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(control + FAILED, 1);
}

function acknowledge(): void {
  atomic.add<i32>(control + DONE, 1);
}

let thread: i32 = 0;
let seenGeneration: i32 = 0;
let seenVersion: i32 = 0;

/** A worker's first call: its thread index, and the generation it starts from. The
 *  main thread sends nothing while a set joins, so that generation is settled. */
export function workerStart(t: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  thread = t;
  seenGeneration = atomic.load<i32>(control + GENERATION);
}

/** A worker's share of batches until the epoch ends: 1, or 0 when told to stop. */
export function workerEpoch(): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  while (true) {
    let now = atomic.load<i32>(control + GENERATION);
    for (let i = 0; i < SPIN && now == seenGeneration; i++) now = atomic.load<i32>(control + GENERATION);
    while (now == seenGeneration) {
      atomic.wait<i32>(control + GENERATION, now, -1);
      now = atomic.load<i32>(control + GENERATION);
    }
    seenGeneration = now;
    const command = load<i32>(control + COMMAND);
    if (command != BATCH) {
      acknowledge();
      return command == STOP ? 0 : 1;
    }
    follow();
    const active = load<i32>(control + ACTIVE);
    const rows = load<i32>(control + ROWS);
    const start = load<i32>(control + START);
    const count = load<i32>(control + COUNT);
    const shuffled = load<i32>(control + SHUFFLED) != 0;
    const slices = sliceCount(count);
    for (let s = thread; s < slices; s += active) {
      accumulateSlice(layout.trainInputPtr, layout.trainTargetPtr, layout.trainWeightPtr, rows, layout.trainOrderPtr, shuffled, start, count, s);
    }
    acknowledge();
  }
  return 0;
}

/** Repeats the main thread's layout when it changed, then takes this thread's scratch. */
function follow(): void {
  const version = atomic.load<i32>(control + VERSION);
  if (version == seenVersion) return;
  seenVersion = version;
  layout.declareNetwork(load<i32>(control + LAYERS), load<i32>(control + ACTIVATION), __heap_base, load<i32>(control + THREADS));
  const rows = load<i32>(control + ROWS);
  if (rows >= 0) layout.planTraining(rows, load<i32>(control + VALIDATION_ROWS));
  layout.selectScratch(thread);
}

export function sliceCount(count: i32): i32 {
  const per = sliceRowsOf(count);
  return (count + per - 1) / per;
}
