import { abortableSleep } from '../core/abort.js';
import {
  AuthenticationError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from '../core/errors.js';
import { inputHash } from '../core/job-key.js';
import type { SdkLogger } from '../core/logger.js';
import { PredictionFailedError } from '../core/prediction-errors.js';
import { lazy } from '../core/util.js';
import type { InputFileUploader } from '../resources/files/input-files.js';
import { hasInputFiles } from '../resources/files/input-scan.js';
import { saveOutputs } from '../resources/outputs/index.js';
import type { Predictions } from '../resources/predictions/index.js';
import type { Prediction } from '../resources/predictions/prediction.js';
import type { Journal, JournalRecord } from './records.js';
import type { BatchFailed, BatchJob, BatchResult } from './types.js';

// One job of a batch, from whatever its journal record says to a result: completed → read back;
// submitted → wait on the id; intent → find the job in the history, else submit; none → submit
// (intent written and synced before the POST, the id right after). Every state change reaches
// the journal before it is acted on.

const loadInputFiles = lazy(() => import('../resources/files/input-files.js'));

/** How far before the intent the history is searched (the API's clock and ours differ). */
const CLOCK_SLACK_MS = 5_000;
/** Submits re-tried after a RateLimitError (the client already retried each one). */
const MAX_RATE_LIMITED = 10;

/** What running the jobs of a batch uses. */
export interface BatchDeps {
  predictions: Pick<Predictions, 'submit' | 'wait' | 'find'>;
  /** Uploads a file found in an input. */
  upload: InputFileUploader;
  logger: SdkLogger;
}

/** The batch options a job needs. */
export interface JobRunOptions {
  retryFailed: boolean;
  download: { dir: string } | undefined;
  /** See `BatchOptions.recoveryDelay`. */
  recoveryDelay: number;
}

/** Errors that no job of the batch can get past: the batch stops instead of failing every job. */
export function stopsTheBatch(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof InsufficientBalanceError
  );
}

/** The plain data of an error, as results and the journal keep it. */
function errorData(error: unknown): BatchFailed['error'] {
  if (error instanceof PredictionFailedError) {
    return { name: error.name, message: error.message, status: error.status };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** A job in a batch: its key, its place in the list, and the shared state of the run. */
export class BatchJobRun {
  readonly #deps: BatchDeps;
  readonly #journal: Journal;
  readonly #owned: OwnedIds;
  readonly #options: JobRunOptions;
  readonly #signal: AbortSignal;
  readonly #job: BatchJob;
  readonly #key: string;
  readonly #index: number;
  readonly #hash: string;
  /** Called when the job's prediction is created (or found): it now runs on the server. */
  readonly #onSubmitted: () => void;

  constructor(init: {
    deps: BatchDeps;
    journal: Journal;
    owned: OwnedIds;
    options: JobRunOptions;
    signal: AbortSignal;
    job: BatchJob;
    key: string;
    index: number;
    onSubmitted: () => void;
  }) {
    this.#deps = init.deps;
    this.#journal = init.journal;
    this.#owned = init.owned;
    this.#options = init.options;
    this.#signal = init.signal;
    this.#job = init.job;
    this.#key = init.key;
    this.#index = init.index;
    this.#hash = inputHash(init.job.input);
    this.#onSubmitted = init.onSubmitted;
  }

  /** Runs the job to its result; throws only what stops the whole batch (or the abort). */
  async run(): Promise<BatchResult> {
    let record = await this.#journal.get(this.#key);
    if (record !== undefined && record.inputHash !== this.#hash) {
      this.#deps.logger.warn(
        `batch job ${this.#key}: its input changed since the journal recorded it; running it anew`,
        {
          model: this.#job.model,
          predictionId: 'predictionId' in record ? record.predictionId : '',
        },
      );
      record = undefined;
    }
    if (record?.state === 'completed') {
      const files = this.#options.download === undefined ? undefined : record.files;
      if (this.#options.download === undefined || files !== undefined) {
        return this.#completed(record.predictionId, record.outputs, files, true);
      }
      // Completed without the files this run asks for: download them (the URLs are kept).
      return this.#finish(record.predictionId, record.outputs);
    }
    if (record?.state === 'failed' && !this.#options.retryFailed) {
      return this.#failed(record.error, { predictionId: record.predictionId, fromJournal: true });
    }
    try {
      let id = record?.state === 'submitted' ? record.predictionId : undefined;
      if (id !== undefined) this.#owned.recorded(id);
      if (id === undefined && record?.state === 'intent') id = await this.#recover(record);
      let submitted: Prediction | undefined;
      if (id === undefined) {
        submitted = await this.#submit(record?.state === 'intent' ? record.input : undefined);
        id = submitted.id;
      } else {
        this.#onSubmitted();
      }
      // The submitted prediction names the model, so the wait sleeps as long as its jobs take.
      const done = await this.#deps.predictions.wait(submitted ?? id, {
        ...(this.#job.timeout === undefined ? {} : { timeout: this.#job.timeout }),
        ...(this.#job.pollInterval === undefined ? {} : { pollInterval: this.#job.pollInterval }),
        signal: this.#signal,
      });
      return await this.#finish(done.id, done.outputs);
    } catch (error) {
      return this.#failure(error);
    }
  }

  /**
   * The id of the job an earlier run submitted but did not record, if the history has it. A
   * recent intent's submit may still be on its way: the history is read again once it had time.
   */
  async #recover(intent: JournalRecord & { state: 'intent' }): Promise<string | undefined> {
    const found = await this.#find(intent);
    if (found !== undefined) return found;
    const wait = intent.at + this.#options.recoveryDelay - Date.now();
    if (wait <= 0) return undefined;
    await abortableSleep(wait, this.#signal);
    return this.#find(intent);
  }

  async #find(intent: JournalRecord & { state: 'intent' }): Promise<string | undefined> {
    const found = await this.#deps.predictions.find({
      model: this.#job.model,
      input: intent.input ?? this.#job.input,
      from: new Date(intent.at - CLOCK_SLACK_MS),
      signal: this.#signal,
    });
    await this.#owned.load();
    // Oldest first: of two identical jobs, the earlier intent most likely made the earlier job.
    for (const candidate of [...found].reverse()) {
      if (!this.#owned.claim(candidate.id)) continue;
      this.#deps.logger.info(
        `batch job ${this.#key}: found its job ${candidate.id} in the history`,
      );
      await this.#put({ state: 'submitted', predictionId: candidate.id });
      return candidate.id;
    }
    return undefined;
  }

  /** Uploads the input's files, writes the intent, submits, and writes the id. */
  async #submit(uploaded: Record<string, unknown> | undefined): Promise<Prediction> {
    const { model } = this.#job;
    let input = uploaded ?? this.#job.input;
    const hasFiles = uploaded === undefined && hasInputFiles(input);
    if (hasFiles) {
      const { uploadInputFiles } = await loadInputFiles();
      input = await uploadInputFiles(input, this.#deps.upload, { signal: this.#signal });
    }
    await this.#put({ state: 'intent', ...(hasFiles || uploaded ? { input } : {}) });
    const options = {
      ...(this.#job.sync === undefined ? {} : { sync: this.#job.sync }),
      ...(this.#job.webhook === undefined ? {} : { webhook: this.#job.webhook }),
      ...(this.#job.base64 === undefined ? {} : { base64: this.#job.base64 }),
      ...(this.#job.timeout === undefined ? {} : { timeout: this.#job.timeout }),
      signal: this.#signal,
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const prediction = await this.#deps.predictions.submit(model, input, options);
        this.#owned.add(prediction.id);
        await this.#put({ state: 'submitted', predictionId: prediction.id });
        this.#owned.recorded(prediction.id);
        this.#onSubmitted();
        return prediction;
      } catch (error) {
        // A 429 proves no job was created: wait as told, then submit again.
        if (!(error instanceof RateLimitError) || attempt >= MAX_RATE_LIMITED) throw error;
        await abortableSleep(error.retryAfter ?? 1_000 * attempt, this.#signal);
      }
    }
  }

  /** Saves the outputs (with `download`), records the job completed, and returns its result. */
  async #finish(predictionId: string, outputs: string[]): Promise<BatchResult> {
    const dir = this.#options.download?.dir;
    const files =
      dir === undefined
        ? undefined
        : await saveOutputs(outputs, dir, {
            name: this.#key,
            predictionId,
            signal: this.#signal,
          });
    await this.#put({
      state: 'completed',
      predictionId,
      outputs,
      ...(files === undefined ? {} : { files }),
    });
    return this.#completed(predictionId, outputs, files, false);
  }

  /** The result of an error: recorded as failed when the job is over, kept resumable otherwise. */
  async #failure(error: unknown): Promise<BatchResult> {
    if (this.#signal.aborted || stopsTheBatch(error)) throw error;
    const predictionId = (error as { predictionId?: unknown }).predictionId;
    const id = typeof predictionId === 'string' ? predictionId : undefined;
    // Over for good: the prediction failed, the input was refused (no job was created), or the
    // prediction is gone. Anything else (a timeout, an unknown submit, a failed download, a
    // network error) leaves the journal as it is, so the next run picks the job up.
    const over =
      error instanceof PredictionFailedError ||
      error instanceof ValidationError ||
      (error instanceof NotFoundError && id !== undefined);
    const data = errorData(error);
    if (over) await this.#put({ state: 'failed', predictionId: id, error: data });
    return this.#failed(data, { predictionId: id, cause: error, resumable: !over });
  }

  #put(change: DistributiveOmit<JournalRecord, 'key' | 'model' | 'inputHash' | 'at'>) {
    return this.#journal.put({
      ...change,
      key: this.#key,
      model: this.#job.model,
      inputHash: this.#hash,
      at: Date.now(),
    } as JournalRecord);
  }

  #completed(
    predictionId: string,
    outputs: string[],
    files: string[] | undefined,
    fromJournal: boolean,
  ): BatchResult {
    return {
      status: 'completed',
      key: this.#key,
      index: this.#index,
      model: this.#job.model,
      predictionId,
      outputs,
      ...(files === undefined ? {} : { files }),
      fromJournal,
    };
  }

  #failed(
    error: BatchFailed['error'],
    extra: {
      predictionId?: string | undefined;
      cause?: unknown;
      fromJournal?: boolean;
      resumable?: boolean;
    },
  ): BatchResult {
    return {
      status: 'failed',
      key: this.#key,
      index: this.#index,
      model: this.#job.model,
      ...(extra.predictionId === undefined ? {} : { predictionId: extra.predictionId }),
      error,
      ...(extra.cause === undefined ? {} : { cause: extra.cause }),
      resumable: extra.resumable ?? false,
      fromJournal: extra.fromJournal ?? false,
    };
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The prediction ids the batch's jobs own (recorded in the journal or created in this run), so
 * that recovering a lost submit never takes another job's prediction. The journal's ids are read
 * on the first recovery only; until then memory holds only the ids not yet in the journal (the
 * submits in flight), so a batch without recoveries does not keep an id per job.
 */
export class OwnedIds {
  readonly #ids = new Set<string>();
  readonly #journal: Journal;
  #loading: Promise<void> | undefined;

  constructor(journal: Journal) {
    this.#journal = journal;
  }

  /** An id this run created: owned from now on, held in memory until the journal has it. */
  add(id: string): void {
    this.#ids.add(id);
  }

  /**
   * `id` is in the journal now. Before the first recovery it leaves memory (loading reads it
   * back from the journal); once the journal's ids are loaded, it stays.
   */
  recorded(id: string): void {
    if (this.#loading === undefined) this.#ids.delete(id);
    else this.#ids.add(id);
  }

  /** Takes `id` unless a job owns it already. Synchronous, so two recoveries never take one id. */
  claim(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    return true;
  }

  load(): Promise<void> {
    this.#loading ??= (async () => {
      for await (const record of this.#journal.list()) {
        if ('predictionId' in record && record.predictionId !== undefined) {
          this.#ids.add(record.predictionId);
        }
      }
    })();
    return this.#loading;
  }
}
