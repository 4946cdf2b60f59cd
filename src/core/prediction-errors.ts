import { WaveSpeedError } from './errors.js';

// Errors about a job's outcome: it failed, the SDK stopped waiting, or a submit's outcome is
// unknown. Each names the prediction (or where to look for it) and what to do next.

/**
 * The subset of a prediction the prediction errors carry.
 */
export interface FailedPredictionLike {
  /** Prediction id. */
  id: string;
  /** Model id. */
  model: string;
  /** Its status. */
  status: string;
  /** The server's error text, when it failed. */
  error?: string | undefined;
}

/**
 * The job ended without success (`failed`, `cancelled`, `timeout` or `deleted`). It carries the
 * prediction and the server's error text. Running again creates (and bills) a new job.
 *
 * @example
 * ```ts
 * try {
 *   await client.run('wavespeed-ai/flux-dev', { prompt });
 * } catch (error) {
 *   if (!(error instanceof PredictionFailedError)) throw error;
 *   console.error(`job ${error.predictionId} ${error.status}: ${error.error}`);
 * }
 * ```
 */
export class PredictionFailedError<
  P extends FailedPredictionLike = FailedPredictionLike,
> extends WaveSpeedError {
  override name = 'PredictionFailedError';
  declare readonly predictionId: string;
  /** The prediction as last seen. */
  readonly prediction: P;
  /** Its final status. */
  readonly status: string;
  /** The server's error text (may be empty). */
  readonly error: string;

  constructor(prediction: P) {
    const reason = prediction.error ? `: ${prediction.error}` : '';
    super(
      `Prediction ${prediction.id} (${prediction.model}) ended with status "${prediction.status}"${reason}. ` +
        'Check the input and try again; a new run creates a new (billed) job.',
      { predictionId: prediction.id },
    );
    this.prediction = prediction;
    this.status = prediction.status;
    this.error = prediction.error ?? '';
  }
}

/**
 * The SDK stopped waiting (the `timeout` of `wait`/`run`) before the job ended. The job may
 * still finish: wait again by id instead of paying for a new one.
 *
 * @example
 * ```ts
 * try {
 *   await client.run('alibaba/wan-2.5/text-to-video', { prompt }, { timeout: 60_000 });
 * } catch (error) {
 *   if (!(error instanceof PredictionTimeoutError)) throw error;
 *   const done = await client.predictions.wait(error.predictionId, { timeout: 30 * 60_000 });
 * }
 * ```
 */
export class PredictionTimeoutError extends WaveSpeedError {
  override name = 'PredictionTimeoutError';
  declare readonly predictionId: string;
  /** Its last known status. */
  readonly lastStatus: string;
  /** How long the SDK waited, in milliseconds. */
  readonly timeout: number;

  constructor(init: {
    predictionId: string;
    lastStatus: string;
    timeout: number;
    cause?: unknown;
  }) {
    super(
      `Stopped waiting for prediction ${init.predictionId} after ${init.timeout} ms (last status ` +
        `"${init.lastStatus}"). The job may still finish: call client.predictions.wait("${init.predictionId}") ` +
        'to keep waiting, or pass a larger `timeout`.',
      { predictionId: init.predictionId, cause: init.cause },
    );
    this.lastStatus = init.lastStatus;
    this.timeout = init.timeout;
  }
}

/**
 * A submit failed in a way that leaves unknown whether the job was created (connection reset
 * after sending, gateway timeout), and the job could not be found in the history. It was NOT
 * re-sent, to avoid a second billed job. Look for it before submitting again.
 *
 * @example
 * ```ts
 * try {
 *   await client.run(model, input);
 * } catch (error) {
 *   if (!(error instanceof SubmissionUnknownError)) throw error;
 *   const found = await client.predictions.find({ model, input, from: error.windowStart });
 *   if (found[0]) await client.predictions.wait(found[0].id);
 * }
 * ```
 */
export class SubmissionUnknownError extends WaveSpeedError {
  override name = 'SubmissionUnknownError';
  /** The model the job was submitted to. */
  readonly model: string;
  /** Earliest time the job could have been created. */
  readonly windowStart: Date;
  /** Latest time the job could have been created. */
  readonly windowEnd: Date;
  /** Candidate prediction ids when several history entries matched the input. */
  readonly candidates: string[];

  constructor(init: {
    model: string;
    windowStart: Date;
    windowEnd: Date;
    candidates?: string[];
    cause?: unknown;
  }) {
    const candidates = init.candidates ?? [];
    const found =
      candidates.length > 0
        ? `${candidates.length} jobs with the same input were found (${candidates.join(', ')}), so the SDK cannot tell which one is yours.`
        : 'No matching job was found in the history yet.';
    super(
      `The submit to ${init.model} may or may not have created a job (the response was lost). ${found} ` +
        'It was not re-sent, to avoid paying twice. Check with client.predictions.list({ model: ' +
        `"${init.model}", from: "${init.windowStart.toISOString()}", to: "${init.windowEnd.toISOString()}" }) ` +
        'or `wavespeed history` before submitting again.',
      { cause: init.cause },
    );
    this.model = init.model;
    this.windowStart = init.windowStart;
    this.windowEnd = init.windowEnd;
    this.candidates = candidates;
  }
}
