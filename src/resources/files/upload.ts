import {
  APIError,
  NotFoundError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import type { SdkLogger } from '../../core/logger.js';
import { withRetry } from '../../core/retry.js';
import { isRecord, MAX_TIMER } from '../../core/util.js';
import { checkUploadSize, MAX_UPLOAD_BYTES, tooLargeError, uploadLimit } from './limits.js';
import { createMultipartBody } from './multipart.js';
import { type ResolvedUpload, resolveUploadSource } from './source.js';
import type { UploadedFile, UploadOptions, UploadProgress, UploadSource } from './types.js';

// The upload pipeline behind `client.files.upload`: ask for a ticket, then PUT the bytes to the
// presigned URL (or, without a ticket, one streaming multipart POST), with progress, a stall
// watchdog and retries of re-readable sources.

/**
 * What an upload uses: the request function, the logger, how many times a failed send of a
 * re-readable source is retried, and how long no byte may move before the send is abandoned.
 */
export interface UploadDeps {
  http: HttpClient;
  logger: SdkLogger;
  maxRetries: number;
  /** ms without progress before a send fails with `RequestTimeoutError`. */
  stallTimeout: number;
}

/** The ticket answer of `POST /api/v3/media/uploads`. */
interface UploadTicket {
  downloadUrl: string;
  filename?: string;
  size?: number;
  type?: string;
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
}

const TICKET_PATH = '/api/v3/media/uploads';
const BINARY_PATH = '/api/v3/media/upload/binary';
/** Progress callbacks at most this often (ms), so a fast upload does not flood the caller. */
const PROGRESS_INTERVAL = 50;
/** Timeouts of the send are enforced by the stall watchdog, not by a whole-request deadline. */
const NO_DEADLINE = MAX_TIMER;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function parseTicket(data: unknown): UploadTicket {
  const upload = isRecord(data) && isRecord(data.upload) ? data.upload : undefined;
  const downloadUrl = isRecord(data) ? optionalString(data.download_url) : undefined;
  const url = upload ? optionalString(upload.url) : undefined;
  if (!isRecord(data) || !upload || !url || !downloadUrl) {
    throw new ServerError(
      'The upload ticket from the API has no upload.url or download_url. Retry; if it persists, ' +
        'report it to WaveSpeed support.',
      { body: data },
    );
  }
  const headers: Record<string, string> = {};
  if (isRecord(upload.headers)) {
    for (const [key, value] of Object.entries(upload.headers)) {
      if (typeof value === 'string') headers[key] = value;
      else if (typeof value === 'number') headers[key] = String(value);
    }
  }
  const method = optionalString(upload.method)?.toUpperCase() === 'POST' ? 'POST' : 'PUT';
  return { downloadUrl, method, url, headers, ...storedAs(data) };
}

/** What the API says it stored (`filename`, `size`, `type`), the fields it sent only. */
function storedAs(data: Record<string, unknown>): {
  filename?: string;
  size?: number;
  type?: string;
} {
  const stored: { filename?: string; size?: number; type?: string } = {};
  const filename = optionalString(data.filename);
  const size = optionalNumber(data.size);
  const type = optionalString(data.type);
  if (filename !== undefined) stored.filename = filename;
  if (size !== undefined) stored.size = size;
  if (type !== undefined) stored.type = type;
  return stored;
}

function uploaded(
  file: ResolvedUpload,
  sent: number,
  answer: { url: string; filename?: string; size?: number; type?: string },
): UploadedFile {
  const result: UploadedFile = {
    url: answer.url,
    filename: answer.filename ?? file.filename,
    size: answer.size ?? file.size ?? sent,
    contentType: file.contentType,
  };
  if (answer.type !== undefined) result.type = answer.type;
  return result;
}

/** Reports progress that only moves forward, at most every {@link PROGRESS_INTERVAL} ms. */
class ProgressReporter {
  private reported = -1;
  private lastAt = 0;

  constructor(
    private readonly total: number | undefined,
    private readonly callback: ((progress: UploadProgress) => void) | undefined,
  ) {}

  report(loaded: number, force = false): void {
    if (!this.callback || loaded <= this.reported) return;
    const now = performance.now();
    const final = this.total !== undefined && loaded >= this.total;
    if (!force && !final && now - this.lastAt < PROGRESS_INTERVAL) return;
    this.reported = loaded;
    this.lastAt = now;
    this.callback(this.total === undefined ? { loaded } : { loaded, total: this.total });
  }
}

/** One send of the file's bytes: the metered body and the signal that ends it. */
interface Send {
  body: ReadableStream<Uint8Array>;
  signal: AbortSignal;
  /** Bytes read from the source so far. */
  readonly loaded: number;
  /** Stops the watchdog and releases the source (closing a file); call once the request settled. */
  done(): void;
}

/**
 * Uploads a file: resolves the source, checks its size, then sends it with the API's upload
 * ticket (a presigned PUT) or, without one, as a single streaming multipart POST. See
 * `Files.upload` for the whole contract.
 */
export async function uploadFile(
  deps: UploadDeps,
  source: UploadSource,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  const { signal, maxBytes } = options;
  signal?.throwIfAborted();
  if (maxBytes !== undefined && !(typeof maxBytes === 'number' && maxBytes > 0)) {
    throw ValidationError.fromIssues('Invalid upload() call', [
      { path: 'maxBytes', message: `must be a number of bytes > 0, got ${String(maxBytes)}` },
    ]);
  }
  const resolveOptions: { filename?: string; contentType?: string } = {};
  if (options.filename) resolveOptions.filename = options.filename;
  if (options.contentType) resolveOptions.contentType = options.contentType;
  const file = await resolveUploadSource(source, resolveOptions);
  try {
    signal?.throwIfAborted();
    if (file.size !== undefined) {
      const warning = checkUploadSize(file.label, file.size, file.contentType, options.maxBytes);
      if (warning !== undefined) deps.logger.warn(warning);
    }
    const progress = new ProgressReporter(file.size, options.onProgress);
    deps.logger.debug('upload', {
      kind: file.kind,
      size: file.size,
      contentType: file.contentType,
    });
    const ticket =
      file.size === undefined ? undefined : await askTicket(deps, file, file.size, signal);
    const request = ticket
      ? (send: Send) => putToStorage(deps.http, ticket, file, send)
      : (send: Send) => postMultipart(deps.http, file, send);
    return await sendWithRetry(deps, file, progress, signal, maxBytes, request);
  } finally {
    file.discard(signal?.reason);
  }
}

/** Asks for a presigned URL; `undefined` when this deployment has no ticket endpoint. */
async function askTicket(
  { http, logger }: UploadDeps,
  file: ResolvedUpload,
  size: number,
  signal: AbortSignal | undefined,
): Promise<UploadTicket | undefined> {
  let data: unknown;
  try {
    data = await http.request<unknown>({
      method: 'POST',
      path: TICKET_PATH,
      json: { filename: file.filename, size, content_type: file.contentType },
      signal,
      // Asking for a ticket stores and bills nothing, so it is safe to repeat.
      retry: 'idempotent',
    });
  } catch (error) {
    if (error instanceof NotFoundError || (error instanceof APIError && error.status === 405)) {
      logger.info('upload ticket endpoint unavailable; using the multipart upload', {
        status: error.status,
      });
      return undefined;
    }
    throw error;
  }
  return parseTicket(data);
}

/**
 * Runs one send (retried when the source can be read again), with progress, the running size
 * cap for unknown sizes and a stall watchdog.
 */
async function sendWithRetry(
  deps: UploadDeps,
  file: ResolvedUpload,
  progress: ProgressReporter,
  signal: AbortSignal | undefined,
  maxBytes: number | undefined,
  request: (send: Send) => Promise<UploadedFile>,
): Promise<UploadedFile> {
  progress.report(0, true);
  const attempt = async (): Promise<UploadedFile> => {
    const send = meter(deps.stallTimeout, file, progress, signal, uploadLimit(maxBytes));
    try {
      const result = await request(send);
      progress.report(send.loaded, true);
      return result;
    } finally {
      send.done();
    }
  };
  if (!file.replayable) return attempt();
  return withRetry(attempt, {
    mode: 'idempotent',
    maxRetries: deps.maxRetries,
    signal,
    onRetry: (info) =>
      deps.logger.info(`retrying the upload in ${info.delay} ms`, {
        retry: info.retry,
        reason: info.error instanceof Error ? info.error.name : 'unknown',
      }),
  });
}

/** Opens the source and counts its bytes on the way to the request body. */
function meter(
  stallMs: number,
  file: ResolvedUpload,
  progress: ProgressReporter,
  signal: AbortSignal | undefined,
  cap: number,
): Send {
  const local = new AbortController();
  const combined = signal ? AbortSignal.any([signal, local.signal]) : local.signal;
  // A size known up front was checked before anything was sent; a stream is counted as it goes.
  const limit = file.size === undefined ? cap : Number.POSITIVE_INFINITY;
  const watchdog = setTimeout(() => {
    local.abort(
      new RequestTimeoutError(
        `Uploading ${file.label} stalled: nothing moved for ${stallMs} ms. Retry, or raise the ` +
          '`timeout` option.',
        { timeout: stallMs },
      ),
    );
  }, stallMs);
  let loaded = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      if (loaded > limit) {
        const error = tooLargeError(file.label, loaded, limit, {
          atLeast: true,
          own: limit !== MAX_UPLOAD_BYTES,
        });
        local.abort(error);
        controller.error(error);
        return;
      }
      watchdog.refresh();
      progress.report(loaded);
      controller.enqueue(chunk);
    },
  });
  const body = file.open(combined).pipeThrough(counter);
  return {
    body,
    signal: combined,
    get loaded() {
      return loaded;
    },
    done: () => {
      clearTimeout(watchdog);
      // A request that failed before reading the whole body leaves the source open otherwise.
      if (!local.signal.aborted) local.abort(new Error('upload finished'));
    },
  };
}

/** Sends the bytes to the presigned URL: exactly the ticket's headers, never the API key. */
async function putToStorage(
  http: HttpClient,
  ticket: UploadTicket,
  file: ResolvedUpload,
  send: Send,
): Promise<UploadedFile> {
  const size = file.size ?? 0;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(ticket.headers)) {
    if (key.toLowerCase() !== 'content-length') headers[key] = value;
  }
  headers['content-length'] = String(size);
  const response = await http.request<Response>({
    method: ticket.method,
    path: ticket.url,
    body: send.body,
    headers,
    signal: send.signal,
    timeout: NO_DEADLINE,
    retry: 'never',
    raw: true,
    context: `Storage rejected the upload of ${file.label}`,
  });
  await response.body?.cancel().catch(() => undefined);
  return uploaded(file, send.loaded, {
    url: ticket.downloadUrl,
    ...(ticket.filename === undefined ? {} : { filename: ticket.filename }),
    ...(ticket.type === undefined ? {} : { type: ticket.type }),
    size,
  });
}

/** The single-request upload: one streaming multipart/form-data POST to the API. */
async function postMultipart(
  http: HttpClient,
  file: ResolvedUpload,
  send: Send,
): Promise<UploadedFile> {
  const multipart = createMultipartBody({
    filename: file.filename,
    contentType: file.contentType,
    stream: send.body,
    ...(file.size === undefined ? {} : { size: file.size }),
  });
  const headers: Record<string, string> = { 'content-type': multipart.contentType };
  if (multipart.contentLength !== undefined) {
    headers['content-length'] = String(multipart.contentLength);
  }
  const data = await http.request<unknown>({
    method: 'POST',
    path: BINARY_PATH,
    body: multipart.body,
    headers,
    signal: send.signal,
    timeout: NO_DEADLINE,
    retry: 'never',
  });
  const url = isRecord(data) ? optionalString(data.download_url) : undefined;
  if (!isRecord(data) || !url) {
    throw new ServerError(
      'The upload answer from the API has no download_url. Retry; if it persists, report it to ' +
        'WaveSpeed support.',
      { body: data },
    );
  }
  return uploaded(file, send.loaded, { url, ...storedAs(data) });
}
