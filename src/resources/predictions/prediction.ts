// A prediction as the SDK hands it out (camelCase), the wire shape it comes from (snake_case:
// submit, result, history, webhook) and the one mapping between them.

/**
 * The wire shape of a prediction (submit, result, history, webhook).
 */
export interface WirePrediction {
  id?: string;
  model?: string;
  status?: string;
  outputs?: unknown[];
  error?: string;
  created_at?: string;
  timings?: { inference?: number } & Record<string, unknown>;
  has_nsfw_contents?: boolean[];
  urls?: { get?: string } & Record<string, unknown>;
  executionTime?: number;
  execution_time?: number;
  input?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  code?: number;
}

const SYNC_TIMEOUT_CODE = 5004;

/** True for the answer of a sync submit whose server-side wait timed out (the job runs on). */
export function isSyncTimeout(wire: WirePrediction): boolean {
  return (
    wire.code === SYNC_TIMEOUT_CODE ||
    (wire.status === 'processing' && /sync mode timed out/i.test(wire.error ?? ''))
  );
}

/**
 * Maps a wire prediction (snake_case) to the SDK's {@link Prediction} (camelCase).
 */
export function toPrediction(wire: WirePrediction): Prediction {
  const outputs = Array.isArray(wire.outputs)
    ? wire.outputs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o)))
    : [];
  const input = wire.input ?? wire.inputs;
  const executionTime = wire.executionTime ?? wire.execution_time;
  // Built field by field (in this order) rather than with conditional spreads: this runs on
  // every poll.
  const id = String(wire.id ?? '');
  const model = String(wire.model ?? '');
  const status = (wire.status ?? 'created') as PredictionStatus;
  const createdAt = wire.created_at ?? '';
  const prediction: Prediction = wire.error
    ? { id, model, status, outputs, error: wire.error, createdAt }
    : { id, model, status, outputs, createdAt };
  if (wire.timings !== undefined) prediction.timings = wire.timings;
  if (wire.has_nsfw_contents !== undefined) prediction.hasNsfwContents = wire.has_nsfw_contents;
  if (wire.urls !== undefined) prediction.urls = wire.urls;
  if (executionTime !== undefined) prediction.executionTime = executionTime;
  if (input !== undefined) prediction.input = input;
  return prediction;
}

/**
 * A prediction's status: `created` (queued) → `processing` → `completed` | `failed` |
 * `cancelled` | `timeout` | `deleted`, or any newer status the API adds.
 */
export type PredictionStatus =
  | 'created'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timeout'
  | 'deleted'
  | (string & {});

/**
 * A prediction (one job), in camelCase.
 */
export interface Prediction {
  /** Prediction id (32 hex characters): quote it to support, pass it to `get`/`wait`. */
  id: string;
  /** Model id. */
  model: string;
  /** Where the job is: `created` → `processing` → `completed` or `failed` (or another terminal). */
  status: PredictionStatus;
  /** Output URLs (or base64 strings / text for some models); empty until completed. */
  outputs: string[];
  /** The server's error text when the job failed. */
  error?: string;
  /** RFC3339 creation time. */
  createdAt: string;
  /** `inference`: model run time in ms, once completed. */
  timings?: { inference?: number } & Record<string, unknown>;
  /** One flag per output. */
  hasNsfwContents?: boolean[];
  /** `get`: the URL of this prediction's result. */
  urls?: { get?: string } & Record<string, unknown>;
  /** Run time in ms (history items and webhooks). */
  executionTime?: number;
  /** The input, when the API includes it (webhooks, history). */
  input?: Record<string, unknown>;
}
