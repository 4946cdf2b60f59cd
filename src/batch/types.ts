import type { RunOptions } from '../resources/predictions/options.js';
import type { Journal } from './records.js';

// The shapes of client.batch(): what goes in (jobs, options) and what comes out (one result per
// job, progress counts).

/**
 * One job of a batch: a model, its input, the run options it needs, and optionally a key.
 */
export interface BatchJob
  extends Pick<RunOptions, 'timeout' | 'pollInterval' | 'sync' | 'webhook' | 'base64'> {
  /**
   * What identifies the job across runs of the batch. @default a hash of `model` and the input
   * with its keys sorted (`jobKey(model, input)`), so an unchanged jobs list resumes without keys.
   * Give keys when two jobs may have the same model and input.
   */
  key?: string | undefined;
  /** The model id, e.g. `'wavespeed-ai/flux-dev'`. */
  model: string;
  /** The model's input; files in it (Blob, bytes, `file:` URL) are uploaded first. */
  input: Record<string, unknown>;
}

/**
 * Counts of a running batch, passed to `onProgress` after every change.
 */
export interface BatchProgress {
  /** Jobs completed (including those found completed in the journal). */
  done: number;
  /** Jobs that ended in failure. */
  failed: number;
  /** Jobs submitted (or being submitted) and not finished: the ones running on the server. */
  running: number;
  /** Jobs taken from the list and waiting for a slot, an upload or the rate limit. */
  queued: number;
  /** All jobs, once known (an array's length; an iterable's count once it is read to the end). */
  total: number | undefined;
}

/**
 * Options of `client.batch`.
 */
export interface BatchOptions {
  /**
   * Where the batch records each job's state, so a run after a crash resumes instead of paying
   * again: a path (a {@link FileJournal} the batch opens and closes) or a {@link Journal}.
   * @default an in-memory journal (no resume across processes)
   */
  journal?: Journal | string | undefined;
  /** Jobs in flight at once (submit → outputs saved). @default the client's `maxConcurrency` */
  concurrency?: number | undefined;
  /**
   * How long (ms) a submit cut off by a crash may still take to reach the API. A job whose
   * intent is younger than this when the batch runs again, and that the history does not show
   * yet, is looked for once more when the time is up, and only then submitted.
   * @default 10_000
   */
  recoveryDelay?: number | undefined;
  /** Re-submits jobs the journal holds as failed. @default false */
  retryFailed?: boolean | undefined;
  /** Saves each job's outputs as `<dir>/<key>-<index>.<ext>`; the paths land in the result. */
  download?:
    | {
        /** The folder (made when missing). */
        dir: string;
      }
    | undefined;
  /**
   * Stops the batch: no new job starts, waits in progress stop (their jobs keep running on the
   * server and are resumed by the next run), and the iteration rejects with `signal.reason`.
   */
  signal?: AbortSignal | undefined;
  /** Called with the counts after every change (a throwing callback is ignored). */
  onProgress?: ((progress: BatchProgress) => void) | undefined;
}

/** What every batch result has. */
export interface BatchResultBase {
  /** The job's key. */
  key: string;
  /** The job's position in the jobs list, from 0. */
  index: number;
  /** The job's model. */
  model: string;
  /** True when the result came from the journal (an earlier run), with no request. */
  fromJournal: boolean;
}

/** A job whose outputs are ready. */
export interface BatchCompleted extends BatchResultBase {
  /** Completed. */
  status: 'completed';
  /** The prediction that made the outputs. */
  predictionId: string;
  /** Output URLs (they expire with the prediction, after 7 days). */
  outputs: string[];
  /** Saved paths, with the `download` option. */
  files?: string[] | undefined;
}

/** A job that did not complete; the batch goes on with the others. */
export interface BatchFailed extends BatchResultBase {
  /** Failed. */
  status: 'failed';
  /** The prediction, when one was created. */
  predictionId?: string | undefined;
  /** What went wrong, as plain data (the same whether live or read from the journal). */
  error: {
    /** The error class, e.g. `PredictionFailedError`. */
    name: string;
    /** Its message. */
    message: string;
    /** The prediction's status, when it has one. */
    status?: string | undefined;
  };
  /** The error object itself, when it happened in this run. */
  cause?: unknown;
  /**
   * True when the journal still holds the job as submitted or about to be (a wait that timed out,
   * a submit whose outcome is unknown, a download that failed): running the batch again picks it
   * up without `retryFailed`, and never pays for it twice.
   */
  resumable: boolean;
}

/** One job's outcome. */
export type BatchResult = BatchCompleted | BatchFailed;
