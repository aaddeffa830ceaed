// What every model kind shares around its WebAssembly core: the fitted model's shape, the
// loss history, the seeded generator, one training call at a time, transactions that
// put a model back as it was when a call fails, and the one path that installs a
// network in a core (fit, the first partialFit, loading, moving to a core with another
// thread count, rolling back). The public classes (classifier.ts) say what their data
// and outputs are; this says how they are trained. Internal: not part of the package.
import { Core, usableThreads, prestartThreads, type TrainingSet, type OptimizerState, type PredictionInput, type OutputKind } from "../runtime/core.js";
import { availableThreads, idleWorkers } from "../runtime/thread-pool.js";
import { overflowMessage } from "../io/model-file.js";
import type { Random } from "../data/random.js";
import type { SharedOptions } from "./options.js";
import type { Scaler } from "./scaler.js";
import { shuffles, trainEpochs, type EpochInfo, type History } from "./epochs.js";
import { abortError } from "./abort.js";
import { startSchedule, type Schedule } from "./schedule.js";
import type { DataFacts } from "./divergence.js";

/** What a fitted model is besides its parameters (which live in the core); `T` is what
 *  its kind adds (a classifier's classes). */
export interface Fitted<T> {
  sizes: number[];
  scaler: Scaler | null;
  featureNames: string[] | null;
  labelName: string | null;
  kind: T;
}

/** A fit from a fresh start: the model it makes, its initial parameters, its data. */
export interface FitPlan<T> {
  fitted: Fitted<T>;
  params: Float32Array;
  random: Random;
  train: TrainingSet;
  validation: TrainingSet | undefined;
  onEpoch?: (epoch: number, loss: number, info: EpochInfo) => void;
  signal?: AbortSignal;
  facts: () => Omit<DataFacts, "batchRows">;
  /** The validation score from the validation figures (default: accuracy). */
  score?: (validation: { loss: number; accuracy: number }) => number;
}

/** One epoch on `train`, shuffled by `random`; `start` when the model has not been
 *  fitted yet (then `random` becomes the model's generator). */
export interface EpochPlan<T> {
  start?: { fitted: Fitted<T>; params: Float32Array };
  random: Random;
  train: TrainingSet;
  signal?: AbortSignal;
  facts: () => Omit<DataFacts, "batchRows">;
}

const emptyHistory = (): History => ({ loss: [], validationLoss: [], validationScore: [], bestEpoch: undefined });

/** `T`: what a model adds to its fitted shape; `O`: its resolved options. */
export class Trainer<T, O extends SharedOptions = SharedOptions> {
  #options: O;
  readonly #name: string;
  readonly #output: OutputKind;
  #core: Core | undefined;
  #fitted: Fitted<T> | undefined;
  #history: History = emptyHistory();
  #random: Random | undefined;
  #schedule: Schedule | undefined;
  #busy = false;

  /** `name` is the public class's, for messages ("this MLPClassifier is not fitted");
   *  `output` what its output layer is. */
  constructor(options: O, name: string, output: OutputKind = "classes") {
    this.#options = options;
    this.#name = name;
    this.#output = output;
  }

  get options(): O {
    return this.#options;
  }

  /** The public class's name. */
  get name(): string {
    return this.#name;
  }

  /** Options (already resolved) for the next training call; the optimizer takes the new
   *  settings at once, its state kept. */
  setOptions(options: O): void {
    if (this.#busy) throw new Error(`this ${this.#name} is training; await that call before setParams`);
    // A schedule part way through keeps its progress: the rate scales with the new first rate.
    if (this.#schedule) this.#schedule = { ...this.#schedule, learningRate: this.#schedule.learningRate * (options.learningRate / this.#options.learningRate) };
    this.#options = options;
    if (this.#core && this.#fitted) this.#core.configureOptimizer(options);
  }

  get history(): History {
    return this.#history;
  }

  get fitted(): Fitted<T> | undefined {
    return this.#fitted;
  }

  get random(): Random | undefined {
    return this.#random;
  }

  /** The fitted model, or an Error saying `what` needs one. */
  require(what: string): Fitted<T> {
    if (!this.#fitted) throw new Error(`this ${this.#name} is not fitted yet: call fit before ${what}`);
    return this.#fitted;
  }

  /** The parameters, in bindings/model/weights.ts layout (a copy). */
  params(what: string): Float32Array {
    this.require(what);
    return (this.#core as Core).readParams();
  }

  /** Trains `plan` from its fresh start for up to `epochs` epochs; the model is replaced
   *  only once the first epoch has run (an abort before that leaves it untouched). */
  async fit(plan: FitPlan<T>): Promise<void> {
    const o = this.#options;
    await this.#exclusive(threadsFor(o, plan.fitted.sizes, plan.train.rows, o.epochs), async (core) => {
      // From here to the end of the first epoch nothing awaits, so an abort not seen here
      // comes after an epoch; seen here, it leaves the model as it was, untouched.
      if (plan.signal?.aborted) throw abortError(plan.signal, "fit");
      await this.#transaction(core, async () => {
        this.#install(core, plan.fitted.sizes, plan.params);
        core.loadTraining(plan.train, plan.validation, shuffles(o));
        this.#fitted = plan.fitted;
        this.#random = plan.random;
        this.#history = emptyHistory();
        const { onEpoch, signal, facts, random, score } = plan;
        // Set before training: a run that ends early (diverging, aborted) keeps its state.
        const schedule = (this.#schedule = startSchedule(o));
        await trainEpochs(core, o, this.#history, {
          epochs: o.epochs, random, validation: plan.validation !== undefined, stopOnTrainingLoss: o.stopOnTrainingLoss, schedule, onEpoch, signal, facts, score,
        });
        core.endRun();
      });
    });
  }

  /** One epoch, continuing from the current weights and optimizer state (or from
   *  `plan.start` on the first call). */
  async epoch(plan: EpochPlan<T>): Promise<void> {
    const sizes = (plan.start?.fitted ?? this.require("partialFit")).sizes;
    await this.#exclusive(threadsFor(this.#options, sizes, plan.train.rows, 1), async (core) => {
      // As in fit: nothing awaits from here to the end of the epoch.
      if (plan.signal?.aborted) throw abortError(plan.signal, "partialFit");
      await this.#transaction(core, async () => {
        const { start } = plan;
        if (start) {
          this.#install(core, start.fitted.sizes, start.params);
          this.#fitted = start.fitted;
          this.#random = plan.random;
          this.#history = emptyHistory();
          this.#schedule = undefined;
        }
        core.loadTraining(plan.train, undefined, shuffles(this.#options));
        // Appends in place (a copy per call would make N calls cost O(N²)); a failed
        // epoch takes its entry back out.
        const kept = this.#history.loss.length;
        // A copy, kept only once the epoch has run (a model read from a file starts afresh).
        const schedule = { ...(this.#schedule ?? startSchedule(this.#options)) };
        try {
          await trainEpochs(core, this.#options, this.#history, {
            epochs: 1, random: plan.random, validation: false, stopOnTrainingLoss: false, schedule, firstEpoch: kept + 1, facts: plan.facts,
          });
          this.#schedule = schedule;
          core.endRun();
        } catch (error) {
          this.#history.loss.length = kept;
          throw error;
        }
      });
    });
  }

  /** A trainer holding a model read from a file, with a fresh optimizer. */
  static async load<T, O extends SharedOptions>(options: O, name: string, fitted: Fitted<T>, params: Float32Array, output: OutputKind = "classes"): Promise<Trainer<T, O>> {
    const trainer = new Trainer<T, O>(options, name, output);
    const core = await Core.create();
    trainer.#install(core, fitted.sizes, params);
    trainer.#core = core;
    trainer.#fitted = fitted;
    return trainer;
  }

  /** Runs the model over `input`, handing each chunk of outputs (row-major, from row
   *  `start`) to `take`; a row whose outputs overflow float32 is an Error naming it,
   *  after every input has been checked. */
  predict(input: PredictionInput, take: (outputs: Float32Array, start: number) => void): void {
    (this.#core as Core).predictChunks(input, take, (row) => {
      throw new Error(overflowMessage(row));
    });
  }

  /** Puts a network of widths `sizes` with `params` in `core`, with the optimizer's
   *  settings and either a fresh state or `optimizer`. The one way a model enters a core. */
  #install(core: Core, sizes: number[], params: Float32Array, optimizer?: OptimizerState): void {
    core.declareNetwork(sizes, this.#options.activation, this.#output);
    core.writeParams(params);
    core.configureOptimizer(this.#options);
    if (optimizer) core.writeOptimizerState(optimizer);
    else core.resetOptimizer();
  }

  /** Runs `work` on this model's core, one call at a time, on a core with `threads`
   *  threads: a core with another count hands its model over to a new one. The core's
   *  worker threads are borrowed for the call only, so the next model reuses them. */
  async #exclusive(threads: number, work: (core: Core) => Promise<void>): Promise<void> {
    if (this.#busy) throw new Error(`this ${this.#name} is already training; await that call before starting another`);
    this.#busy = true;
    try {
      if (this.#core?.threads !== threads) this.#core = await this.#coreWith(threads);
      const core = this.#core;
      await core.withWorkers(() => work(core));
    } finally {
      this.#busy = false;
    }
  }

  async #coreWith(threads: number): Promise<Core> {
    const core = await Core.create(threads);
    const old = this.#core;
    if (old && this.#fitted) this.#install(core, this.#fitted.sizes, old.readParams(), old.readOptimizerState());
    return core;
  }

  /** Runs `work`; if it throws (other than by diverging, which keeps the last finite
   *  weights), puts back the model as it was before. */
  async #transaction(core: Core, work: () => Promise<void>): Promise<void> {
    const before = { fitted: this.#fitted, history: this.#history, random: this.#random?.clone(), schedule: this.#schedule };
    const params = before.fitted ? core.readParams() : undefined;
    const optimizer = before.fitted ? core.readOptimizerState() : undefined;
    try {
      await work();
    } catch (error) {
      if ((error as { diverged?: boolean }).diverged) throw error;
      this.#fitted = before.fitted;
      this.#history = before.history;
      this.#random = before.random;
      this.#schedule = before.schedule;
      if (before.fitted && params && optimizer) {
        this.#install(core, before.fitted.sizes, params, optimizer);
        // Both divergence backups must hold these weights, not the failed run's.
        core.backupParams();
        core.backupParams();
      }
      throw error;
    }
  }
}

// When "auto" trains on every core. Measured on 2 cores (Node 20, the seed task cut
// down, 8000 rows x E epochs): a second thread takes ~45% off a fit, meeting it costs a
// few µs per batch, and a batch must hold ~100 µs of work (1e5 sample-parameters: the
// seed's 8000 x 26 and the wide task's 256 x 1604 do; a full batch of 1000 seed rows
// does not). Starting a worker costs ~17 ms, once per process: with none idle in the
// pool a fit must run well over 40 ms on one thread to gain (3e8 sample-epoch-parameters:
// ~130 ms of the seed task, which is 4.2e8); borrowing idle ones costs under a
// millisecond, and threads win from about 5e6 (20 epochs: 2.2 ms on one thread, 2.1 on
// two; 200 epochs: 18 ms and 10 ms), so 1e7 then.
const THREADS_FROM_WORK = 3e8;
const THREADS_FROM_WORK_WITH_IDLE_WORKERS = 1e7;
const THREADS_FROM_BATCH_WORK = 1e5;

/** The threads a fit of `epochs` over `rows` trains on; `idle`: the workers it may borrow. */
function threadsFor(o: SharedOptions, sizes: number[], rows: number, epochs: number, idle = idleWorkers()): number {
  if (o.threads !== "auto") return usableThreads(o.threads);
  let params = 0;
  for (let l = 1; l < sizes.length; l++) params += sizes[l] * (sizes[l - 1] + 1);
  const batch = o.optimizer === "gd" ? rows : Math.min(o.batchSize, rows);
  const threads = usableThreads(availableThreads());
  const fromWork = idle >= threads - 1 ? THREADS_FROM_WORK_WITH_IDLE_WORKERS : THREADS_FROM_WORK;
  if (batch * params < THREADS_FROM_BATCH_WORK || rows * epochs * params < fromWork) return 1;
  return threads;
}

/** Before a fit's labels and data copy: starts a worker early (prestartThreads) if the fit
 *  will train on threads, by the rule its run applies, on the hidden layers and one output
 *  (the output width is not known yet; more outputs only add work, so a fit this judges
 *  too small may still use threads, and then starts its workers with the run). */
export function prepareThreads(o: SharedOptions, features: number, rows: number): void {
  if (threadsFor(o, [features, ...o.hiddenLayers, 1], rows, o.epochs) > 1) prestartThreads();
}
