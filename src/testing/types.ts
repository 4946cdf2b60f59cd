import type {
  CatalogApiSchema,
  CatalogApiSchemaEntry,
  CatalogEntry,
  CatalogJsonSchema,
} from '../models/catalog-entry.js';

// Public types of the WaveSpeed API simulator (`wavespeed-sdk/testing`). Field names of wire
// objects stay snake_case, as the real API sends them.

/**
 * One entry of `GET /api/v3/models`, in the real wire shape: the same description the SDK's
 * bundled catalog uses (see {@link CatalogEntry}).
 */
export type SimModel = CatalogEntry;

/**
 * The `api_schema` block of a catalog entry.
 */
export type SimApiSchema = CatalogApiSchema;

/**
 * One endpoint description inside {@link SimApiSchema}.
 */
export type SimApiSchemaEntry = CatalogApiSchemaEntry;

/**
 * The subset of JSON Schema the simulator validates inputs against.
 */
export type SimJsonSchema = CatalogJsonSchema;

/**
 * A rate tier name from the account-levels table, or explicit limits.
 */
export type SimTier = 'bronze' | 'silver' | 'gold' | 'ultra' | SimTierLimits;

/**
 * Explicit rate limits: submits per (speed-scaled) minute and concurrently running jobs per key.
 */
export interface SimTierLimits {
  /** Submits accepted per key per minute (per bucket: videos, everything else); more get 429. */
  perMinute: number;
  /** Jobs running at once per key; more wait in `created`. */
  concurrency: number;
}

/**
 * The coarse kind of a model; it picks the default duration and the output file type.
 */
export type SimModelKind = 'image' | 'video' | 'audio' | '3d' | 'llm' | 'upscale' | 'utility';

/**
 * What `jobDuration` and `failWhen` receive about a job.
 */
export interface SimJobDescriptor {
  /** Model id. */
  model: string;
  /** Model kind, from the catalog `type`. */
  kind: SimModelKind;
  /** The stored input (known fields only). */
  input: Record<string, unknown>;
}

/**
 * A logger the simulator may write to; every method is optional (`console` fits).
 */
export interface SimLogger {
  /** Every request and job creation. */
  debug?(message: string, ...details: unknown[]): void;
  /** Unused for now; accepted so `console` and SDK loggers fit. */
  info?(message: string, ...details: unknown[]): void;
  /** Failed webhook delivery attempts. */
  warn?(message: string, ...details: unknown[]): void;
  /** Internal errors while handling a request. */
  error?(message: string, ...details: unknown[]): void;
}

/**
 * Options of {@link createSimulator}. All are optional.
 *
 * @example
 * ```ts
 * const sim = await createSimulator({ speed: 100, seed: 1, tier: 'bronze' });
 * ```
 */
export interface SimulatorOptions {
  /** Port of the API origin (default 0: any free port). The storage origin always uses a free port. */
  port?: number;
  /** Divides every simulated duration (jobs, sync timeout, rate window, webhook backoff). Default 1. */
  speed?: number;
  /** Accepted API keys (default: one generated `wsk_test_…` key). */
  apiKeys?: string[];
  /** Rate tier to emulate per key; no limits unless set. */
  tier?: SimTier;
  /** Makes ids, keys, secrets, durations and fault probabilities deterministic. */
  seed?: number;
  /** Extra or replacement catalog entries (matched by `model_id`). */
  models?: SimModel[];
  /** Starting balance in USD (default 100). */
  balance?: number;
  /** Job duration in ms before `speed` scaling: a number or a function of the job. */
  jobDuration?: number | ((job: SimJobDescriptor) => number);
  /** How long a sync submit waits before answering with code 5004 (ms, default 90 000, scaled). */
  syncTimeoutMs?: number;
  /** Return an error text to make the job end `failed` with it. */
  failWhen?: (job: SimJobDescriptor) => string | undefined;
  /**
   * Upload size limits in bytes per type (default 300 MB for every type, the one documented
   * limit). Lower them to emulate the unconfirmed per-type limits (image 20 MB, video 100 MB,
   * audio 50 MB); raise them to benchmark huge uploads.
   */
  uploadLimits?: Partial<Record<'image' | 'video' | 'audio' | 'file', number>>;
  /** Lifetime of presigned upload URLs in ms (default one hour; not scaled by `speed`). */
  uploadUrlTtlMs?: number;
  /** Where diagnostics go; silent by default. */
  logger?: SimLogger;
}

/**
 * Status of a simulated prediction.
 */
export type SimJobStatus = 'created' | 'processing' | 'completed' | 'failed';

/**
 * A prediction the simulator created (a snapshot).
 */
export interface SimJob {
  /** Prediction id (32 lowercase hex characters). */
  id: string;
  /** Model id. */
  model: string;
  /** Model kind, from the catalog `type`. */
  kind: SimModelKind;
  /** Current status. */
  status: SimJobStatus;
  /** The stored input: the body minus flags and keys the model schema does not know. */
  input: Record<string, unknown>;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  /** When the job started running (left the concurrency queue), ms since the epoch. */
  startedAt?: number;
  /** When the job reached `completed` or `failed`, ms since the epoch. */
  completedAt?: number;
  /** Webhook URL (`?webhook=` or body `webhook_url`). */
  webhook?: string;
  /** Submitted with `enable_sync_mode`. */
  sync: boolean;
  /** Submitted with `enable_base64_output`. */
  base64: boolean;
  /** Price in USD, debited when the job completes. */
  price: number;
  /** Output URLs, base64 strings or text, once completed. */
  outputs: string[];
  /** Error text of a failed job, else `''`. */
  error: string;
  /** The key that created the job. */
  apiKey: string;
  /** Deleted through `POST /api/v3/predictions/delete`. */
  deleted: boolean;
}

/**
 * A request one of the two origins received (a snapshot).
 */
export interface SimRequest {
  /** Which server received it. */
  origin: 'api' | 'storage';
  /** Upper-case HTTP method. */
  method: string;
  /** URL path without the query. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Status sent, or 0 when the connection was dropped without an answer. */
  status: number;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Request body bytes received. */
  bodyBytes: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The named route it matched (`submit`, `result`, `upload-put`, …), or `unknown`. */
  route: string;
}

/**
 * A file received by either upload flow (a snapshot).
 */
export interface SimUpload {
  /** Upload id (part of its URLs). */
  id: string;
  /** Presigned-PUT ticket flow or single multipart request. */
  flow: 'ticket' | 'binary';
  /** File name as given. */
  filename: string;
  /** `image`, `video`, `audio` or `file`. */
  type: string;
  /** Content type the file is served with. */
  contentType: string;
  /** Declared size (ticket) or received size (binary). */
  size: number;
  /** `pending` until the presigned PUT arrives. */
  status: 'pending' | 'uploaded';
  /** Bytes received so far. */
  receivedBytes: number;
  /** Hex sha256 of every received byte. */
  sha256?: string;
  /** Where the file is served on the storage origin. */
  downloadUrl: string;
  /** The presigned PUT URL (ticket flow). */
  uploadUrl?: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
}

/**
 * One webhook delivery attempt (a snapshot).
 */
export interface SimWebhookDelivery {
  /** Receiver URL. */
  url: string;
  /** HTTP status the receiver answered, or 0 on a network error. */
  status: number;
  /** Headers sent, including `webhook-id`, `webhook-timestamp` and `webhook-signature`. */
  headers: Record<string, string>;
  /** The raw JSON body that was signed. */
  body: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Id of the prediction the event is about. */
  predictionId: string;
  /** Network error message, when there was no HTTP answer. */
  error?: string;
  /** When the attempt finished, ms since the epoch. */
  at: number;
}

/**
 * What happened so far (`sim.state`): fresh snapshot arrays in arrival order.
 */
export interface SimState {
  /** Every prediction created, in creation order. */
  jobs: SimJob[];
  /** Every request either origin received, in arrival order. */
  requests: SimRequest[];
  /** Every upload ticket or binary upload. */
  uploads: SimUpload[];
  /** Every webhook delivery attempt. */
  webhooks: SimWebhookDelivery[];
  /** Current balance in USD. */
  balance: number;
  /** Ids removed through the delete endpoint, in order. */
  deletedIds: string[];
}

/**
 * Named routes faults can target.
 */
export type SimRouteName =
  | 'submit'
  | 'sync-submit'
  | 'result'
  | 'models'
  | 'price'
  | 'balance'
  | 'history'
  | 'delete'
  | 'usage'
  | 'billings'
  | 'webhook-secret'
  | 'upload-ticket'
  | 'upload-put'
  | 'upload-binary'
  | 'stream'
  | 'download'
  | 'any';

/**
 * A fault to inject. See `sim.inject`.
 *
 * @example
 * ```ts
 * sim.inject({ route: 'result', status: 503, times: 2 });
 * sim.inject({ route: 'submit', reset: 'after-create' });
 * sim.inject({ route: /^GET \/api\/v3\/balance$/, body: 'html' });
 * ```
 */
export interface SimFault {
  /** A named route or a RegExp tested on `${METHOD} ${pathname}`. `submit` also matches sync submits. */
  route: SimRouteName | RegExp;
  /** Only requests with this HTTP method. */
  method?: string;
  /** Respond with this status (default 502 for `html`/`empty` bodies, 429 with only `retryAfter`). */
  status?: number;
  /** How many matching requests it applies to (default 1, or Infinity with `probability`). */
  times?: number;
  /** Chance (0–1) of applying to each matching request, from the seeded RNG. */
  probability?: number;
  /** Seconds for a `Retry-After` header. */
  retryAfter?: number;
  /**
   * Drop the connection before handling, or after handling (a submit creates its job first;
   * a stream sends half its events first).
   */
  reset?: 'before' | 'after-create';
  /** Wait this long (ms, not scaled) before answering. */
  delayMs?: number;
  /**
   * Body of the faulted response: `truncated` (the real answer cut in half, with a matching
   * Content-Length; a stream ends after half its events), `html` (a proxy error page), `empty`,
   * a string (sent as is, as JSON) or an object (serialised). Default: the error envelope for
   * the status.
   */
  body?: 'truncated' | 'html' | 'empty' | string | Record<string, unknown> | unknown[];
  /** Extra response headers on the faulted response. */
  headers?: Record<string, string>;
  /** Handle the request first (a submit creates its job), then answer with the fault. */
  afterCreate?: boolean;
}

/**
 * Handle returned by `sim.inject`.
 */
export interface SimFaultHandle {
  /** Applications left (live). */
  readonly remaining: number;
  /** Removes the fault. */
  clear(): void;
}

/**
 * A running simulator.
 *
 * @example
 * ```ts
 * const sim = await createSimulator({ speed: 100 });
 * const res = await fetch(`${sim.url}/api/v3/balance`, {
 *   headers: { authorization: `Bearer ${sim.apiKey}` },
 * });
 * await sim.close();
 * ```
 */
export interface Simulator {
  /** API origin, e.g. `http://127.0.0.1:5123`. */
  readonly url: string;
  /** Storage origin (presigned uploads and file downloads); rejects Authorization headers. */
  readonly storageUrl: string;
  /** The first accepted API key. */
  readonly apiKey: string;
  /** All accepted API keys. */
  readonly apiKeys: readonly string[];
  /** The secret webhooks are signed with (`whsec_…`). */
  readonly webhookSecret: string;
  /** A fresh snapshot of what happened. */
  readonly state: SimState;
  /** Adds a fault; faults apply in injection order, first match wins. */
  inject(fault: SimFault): SimFaultHandle;
  /** Removes every fault. */
  clearFaults(): void;
  /** Sets the balance in USD. */
  setBalance(usd: number): void;
  /** Drops jobs, requests, uploads, webhook records and rate windows; restores the balance. Keeps keys and faults. */
  reset(): void;
  /** Closes both servers, every socket and timer. Idempotent. */
  close(): Promise<void>;
}
