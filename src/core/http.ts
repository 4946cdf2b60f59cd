import type { KyInstance } from 'ky';
import { onAbort } from './abort.js';
import type { ResolvedConfig } from './config.js';
import { SDK_VERSION } from './config.js';
import {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  ConnectionError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from './errors.js';
import { createLogger, type Logger, logsAt, redact } from './logger.js';
import { parseRetryAfter, type RetryInfo, type RetryMode, withRetry } from './retry.js';

/**
 * A raw request body. Spelt through `RequestInit` because `BodyInit` is a DOM-lib global that
 * Node-only projects (`@types/node`, no DOM lib) do not have, and this type reaches the `.d.ts`.
 */
type RequestBody = NonNullable<RequestInit['body']>;

/**
 * One HTTP call, as resources describe it. The core adds auth, headers, timeout, retries and
 * the envelope handling.
 *
 * @example
 * ```ts
 * const req: HttpRequest = { method: 'GET', path: '/api/v3/balance' };
 * ```
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/api/v3/...` (joined to the base URL) or an absolute URL. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Raw body (FormData, ReadableStream, Uint8Array…). Streams are sent with `duplex: 'half'`. */
  body?: RequestBody;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Abort signal; an aborted call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms; defaults to the client's `timeout`. */
  timeout?: number | undefined;
  /** Retry mode; default `'idempotent'` for GET, `'never'` otherwise. */
  retry?: RetryMode;
  /** Resolve the `Response` itself (2xx only) instead of the unwrapped envelope. */
  raw?: boolean;
  /** Called before each retry (e.g. to pause the job queue on a 429). */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-wavespeed-request-id',
  'request-id',
  'x-trace-id',
  'x-amzn-requestid',
  'cf-ray',
];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/**
 * Largest response body the SDK reads. Past it the server is not the API (or is broken): reading
 * on would hold an unbounded body in memory.
 */
const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
const SNIPPET_LENGTH = 200;
const BALANCE_PATTERN = /\b(insufficient|balance|credits?|top[ -]?up)\b/i;

/** Where a request goes: the URL to fetch, its origin, and its path for messages. */
interface Target {
  href: string;
  origin: string;
  pathname: string;
}

interface Attempt {
  method: string;
  target: Target;
  body: RequestBody | undefined;
  json: unknown;
}

type Ky = typeof import('ky').default;
let kyLoading: Promise<Ky> | undefined;

/**
 * ky, loaded with the first request: importing it reaches for the platform's fetch classes, which
 * on Node loads the whole HTTP client (about 25 ms) before any request is made.
 */
function loadKy(): Promise<Ky> {
  kyLoading ??= import('ky').then(
    (module) => module.default,
    (error: unknown) => {
      kyLoading = undefined;
      throw error;
    },
  );
  return kyLoading;
}

/** Longest delay a timer can hold. */
const MAX_TIMER = 2_147_483_647;
/** A success body worth scanning for credentials to redact. */
const BEARER = /bearer\s/i;

function targetOf(url: URL): Target {
  return { href: url.href, origin: url.origin, pathname: url.pathname };
}

function hasQuery(query: HttpRequest['query']): boolean {
  if (query === undefined) return false;
  for (const key in query) if (query[key] !== undefined) return true;
  return false;
}

function userAgent(): string {
  const runtime =
    typeof process !== 'undefined' && process.versions?.node
      ? `node/${process.versions.node}; ${process.platform}; ${process.arch}`
      : 'js';
  return `wavespeed-sdk/${SDK_VERSION} (${runtime})`;
}

function isReplayable(body: RequestBody | undefined): boolean {
  return (
    body === undefined ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    body instanceof URLSearchParams
  );
}

function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A cause that keeps the system error's name, message and code but none of the request. */
function safeCause(error: unknown, secrets: readonly string[]): Error {
  let current: unknown = error;
  let deepest: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    deepest = current;
    current = current.cause;
  }
  const source = deepest instanceof Error ? deepest : new Error(String(deepest));
  const cause = new Error(redact(source.message, secrets));
  cause.name = source.name;
  const code = systemCode(error);
  if (code !== undefined) Object.assign(cause, { code });
  return cause;
}

function headersToRecord(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    // A proxy may echo request headers back; the key must not ride along on the error.
    if (key !== 'set-cookie') out[key] = redact(value, secrets);
  });
  return out;
}

/** Where a redirect points, resolved against the request URL; `undefined` if unusable. */
function redirectTarget(location: string | null, base: Target): Target | undefined {
  if (location === null) return undefined;
  try {
    const url = new URL(location, base.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? targetOf(url) : undefined;
  } catch {
    return undefined;
  }
}

/** The body as text, or `undefined` (and the rest discarded) once it passes `limit` bytes. */
async function readText(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A prediction id found in an error body (`data.id`), or in the text of an unreadable one. */
function predictionIdIn(body: unknown, text: string): string | undefined {
  if (isRecord(body) && isRecord(body.data) && typeof body.data.id === 'string') {
    return body.data.id;
  }
  if (body === undefined && text !== '') {
    const match = /"id"\s*:\s*"([A-Za-z0-9_-]{6,64})"/.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The human message of an error body: `message`, `error`, `msg` or `detail`, plus `error_code`. */
function messageOf(body: unknown): { message?: string; code?: string | number } {
  if (!isRecord(body)) return {};
  const candidates = [body.message, body.error, body.msg, body.detail];
  if (isRecord(body.data)) candidates.push(body.data.error, body.data.message);
  const message = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const code =
    typeof body.error_code === 'string' && body.error_code !== ''
      ? body.error_code
      : typeof body.code === 'number' || typeof body.code === 'string'
        ? body.code
        : undefined;
  return {
    ...(message === undefined ? {} : { message }),
    ...(code === undefined ? {} : { code }),
  };
}

/** What to do about each status, appended to every API error message. */
function advice(status: number | undefined, balance: boolean): string {
  if (balance) return 'Top up your balance at https://wavespeed.ai and retry.';
  switch (status) {
    case 400:
    case 422:
      return 'Check the input against the model schema (client.models.get(model)).';
    case 401:
      return 'Check the API key: set WAVESPEED_API_KEY or pass apiKey (keys: https://wavespeed.ai/accesskey).';
    case 403:
      return 'The key is not allowed to do this; use a key from a role with access, or check the account.';
    case 404:
      return 'Check the model id or prediction id (predictions are kept for 7 days).';
    case 408:
    case 429:
      return 'Slow down or lower maxConcurrency / maxJobsPerMinute, then retry.';
    default:
      return status !== undefined && status >= 500
        ? 'WaveSpeed had a problem; retry later. If it persists, quote the request id to support.'
        : 'Retry, and quote the request id to support if it persists.';
  }
}

/**
 * Maps an HTTP status plus body to the matching error class.
 *
 * @example
 * ```ts
 * const error = errorForStatus(404, 'Prediction not found', {});
 * ```
 */
export function errorForStatus(
  status: number,
  message: string,
  init: APIErrorInit & { retryAfter?: number | undefined },
): APIError {
  const balance =
    (status === 400 || status === 402 || status === 403) && BALANCE_PATTERN.test(message);
  const full = `${message} (HTTP ${status}${init.requestId ? `, request id ${init.requestId}` : ''}). ${advice(status, balance)}`;
  const withStatus = { ...init, status };
  if (balance) return new InsufficientBalanceError(full, withStatus);
  if (status === 400 || status === 422) return new ValidationError(full, withStatus);
  if (status === 401) return new AuthenticationError(full, withStatus);
  if (status === 403) return new PermissionDeniedError(full, withStatus);
  if (status === 404) return new NotFoundError(full, withStatus);
  if (status === 429) return new RateLimitError(full, withStatus);
  if (status >= 500) return new ServerError(full, withStatus);
  return new APIError(full, withStatus);
}

/**
 * The single request function of the SDK: a ky instance (its own retry off) with auth for the
 * API origin only, a per-attempt timeout, redirects followed by hand (the key never crosses
 * origins), the envelope unwrapped and every failure mapped to a typed error.
 *
 * @example
 * ```ts
 * const http = new HttpClient(config, apiKey);
 * const { balance } = await http.request<{ balance: number }>({ method: 'GET', path: '/api/v3/balance' });
 * ```
 */
export class HttpClient {
  /** API root, without trailing slash. */
  readonly baseUrl: string;
  /** The client's redacting logger. */
  readonly logger: Logger;
  readonly #origin: string;
  /** The base URL's path (`''` for an API root), to name request paths in messages. */
  readonly #basePath: string;
  readonly #apiKey: string | undefined;
  readonly #secrets: readonly string[];
  readonly #config: ResolvedConfig;
  #ky: KyInstance | undefined;
  readonly #fetch: ResolvedConfig['fetch'];
  readonly #debug: boolean;
  /** Headers of every request, built once: without and with the key. */
  readonly #plainHeaders: Readonly<Record<string, string>>;
  readonly #apiHeaders: Readonly<Record<string, string>>;

  constructor(config: ResolvedConfig, apiKey: string | undefined, logger?: Logger) {
    this.baseUrl = config.baseUrl;
    this.#origin = config.origin;
    this.#basePath = this.baseUrl.slice(config.origin.length);
    this.#apiKey = apiKey;
    this.#secrets = apiKey === undefined ? [] : [apiKey];
    this.#config = config;
    this.logger =
      logger ??
      createLogger({
        logger: config.logger,
        level: config.logLevel,
        secrets: this.#secrets,
      });
    this.#fetch = config.fetch;
    this.#debug = logsAt(config.logLevel, 'debug');
    this.#plainHeaders = {
      accept: 'application/json',
      'x-client-name': 'wavespeed-sdk',
      'x-client-version': SDK_VERSION,
      'user-agent': userAgent(),
    };
    this.#apiHeaders =
      apiKey === undefined
        ? this.#plainHeaders
        : { ...this.#plainHeaders, authorization: `Bearer ${apiKey}` };
  }

  /** Whether an API key is configured. */
  get hasApiKey(): boolean {
    return this.#apiKey !== undefined;
  }

  /** The client's configuration (without the key). */
  get config(): ResolvedConfig {
    return this.#config;
  }

  /**
   * Sends one request (with retries per `req.retry`) and returns the envelope's `data`, or the
   * `Response` when `raw` is set.
   *
   * @example
   * ```ts
   * const model = await http.request({ method: 'POST', path: '/api/v3/wavespeed-ai/flux-dev', json: { prompt: 'A cat' } });
   * ```
   */
  async request<T>(req: HttpRequest): Promise<T> {
    req.signal?.throwIfAborted();
    const target = this.#resolve(req.path, req.query);
    if (target.origin === this.#origin && this.#apiKey === undefined) {
      throw new AuthenticationError(
        'No API key: set WAVESPEED_API_KEY or pass apiKey to new WaveSpeedClient({ apiKey }). ' +
          'Create a key at https://wavespeed.ai/accesskey.',
      );
    }
    const mode: RetryMode = req.retry ?? (req.method === 'GET' ? 'idempotent' : 'never');
    if (mode === 'never' || this.#config.maxRetries <= 0 || !isReplayable(req.body)) {
      // A stream can be read once: a retry would send an empty body.
      return this.#attempt<T>(req, target, 1);
    }
    return withRetry((n) => this.#attempt<T>(req, target, n), {
      mode,
      maxRetries: this.#config.maxRetries,
      signal: req.signal,
      onRetry: (info) => {
        this.logger.info(`retrying ${req.method} ${target.pathname} in ${info.delay} ms`, {
          retry: info.retry,
          reason: info.error instanceof Error ? info.error.name : 'unknown',
        });
        req.onRetry?.(info);
      },
    });
  }

  #resolve(path: string, query: HttpRequest['query']): Target {
    const absolute = /^https?:\/\//i.test(path);
    if (!absolute && !hasQuery(query)) {
      // The common case needs no URL object: fetch parses the string anyway.
      const slashed = path.startsWith('/') ? path : `/${path}`;
      return {
        href: `${this.baseUrl}${slashed}`,
        origin: this.#origin,
        pathname: `${this.#basePath}${slashed}`,
      };
    }
    const url = absolute
      ? new URL(path)
      : new URL(`${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return targetOf(url);
  }

  #headers(target: Target, req: HttpRequest, json: boolean): Record<string, string> {
    const base =
      target.origin === this.#origin && this.#apiKey !== undefined
        ? this.#apiHeaders
        : this.#plainHeaders;
    if (req.headers === undefined && !json) return base;
    const headers: Record<string, string> = { ...base };
    if (json) headers['content-type'] = 'application/json';
    for (const [key, value] of Object.entries(req.headers ?? {})) {
      const name = key.toLowerCase();
      if (name !== 'authorization') headers[name] = value;
    }
    return headers;
  }

  async #attempt<T>(req: HttpRequest, first: Target, attemptNumber: number): Promise<T> {
    const userSignal = req.signal;
    if (userSignal?.aborted) throw userSignal.reason;
    const timeout = Math.min(req.timeout ?? this.#config.timeout, MAX_TIMER);
    // One controller per attempt: its timer is the attempt's deadline, and the caller's signal is
    // forwarded to it (cheaper than AbortSignal.any, which also tracks the pair). The forwarding
    // is shared per signal: many calls may pass the same one.
    const controller = new AbortController();
    let timedOut = false;
    const handle = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const detach =
      userSignal === undefined
        ? undefined
        : onAbort(userSignal, () => controller.abort(userSignal.reason));
    // A raw Response is read by the caller after this returns: the caller's signal must still
    // reach its body then.
    let keepForward = false;
    const started = this.#debug ? Date.now() : 0;
    let current: Attempt = {
      method: req.method,
      target: first,
      body: req.body,
      json: req.json,
    };
    const fail = (error: unknown): never => {
      if (userSignal?.aborted) throw userSignal.reason;
      if (timedOut) {
        throw new RequestTimeoutError(
          `${req.method} ${first.pathname} took longer than ${timeout} ms. Retry, or raise the ` +
            '`timeout` option (per request, default 60000).',
          { timeout },
        );
      }
      if (error instanceof APIError || error instanceof ConnectionError) throw error;
      const code = systemCode(error);
      const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
      throw new ConnectionError(
        `Could not reach ${current.target.origin} (${code ?? (error instanceof Error ? error.message : 'network error')}). ` +
          'Check the network and baseUrl, then retry.',
        { errorCode: code, maybeSent: !notSent, cause: safeCause(error, this.#secrets) },
      );
    };
    try {
      let response: Response;
      let hops = 0;
      for (;;) {
        const json = current.json !== undefined;
        const body = json ? JSON.stringify(current.json) : current.body;
        const init: RequestInit = {
          method: current.method,
          headers: this.#headers(current.target, req, json),
          signal: controller.signal,
          // With any redirect mode but 'error', fetch clones the request, and cloning tees a
          // stream body: the spare branch buffers every byte sent (a whole upload in memory).
          // A stream cannot be replayed to follow a redirect anyway.
          redirect: isReplayable(current.body) ? 'manual' : 'error',
        };
        if (body !== undefined) {
          init.body = body;
          // Required by fetch for stream bodies, harmless for the others.
          (init as RequestInit & { duplex: 'half' }).duplex = 'half';
        }
        try {
          const send = this.#ky ?? (await this.#createKy());
          response = await send(current.target.href, init);
        } catch (error) {
          return fail(error);
        }
        const next = REDIRECTS.has(response.status)
          ? redirectTarget(response.headers.get('location'), current.target)
          : undefined;
        // No (or an unusable) Location: the 3xx itself becomes the error below.
        if (next === undefined) break;
        if (hops >= MAX_REDIRECTS) {
          await response.body?.cancel().catch(() => undefined);
          throw new APIError(
            `${req.method} ${first.pathname} was redirected more than ${MAX_REDIRECTS} times ` +
              `(last to ${next.origin}${next.pathname}): a redirect loop. Check baseUrl: it must be ` +
              'the API root, e.g. https://api.wavespeed.ai, with no proxy rewriting it.',
            { status: response.status, requestId: requestIdOf(response.headers) },
          );
        }
        const keepBody = response.status === 307 || response.status === 308;
        if (keepBody && !isReplayable(current.body)) break;
        await response.body?.cancel().catch(() => undefined);
        hops += 1;
        current = {
          method: keepBody || current.method === 'GET' ? current.method : 'GET',
          target: next,
          body: keepBody ? current.body : undefined,
          json: keepBody ? current.json : undefined,
        };
      }
      if (this.#debug) {
        this.logger.debug(`${req.method} ${first.pathname} → ${response.status}`, {
          attempt: attemptNumber,
          ms: Date.now() - started,
        });
      }
      if (req.raw && response.ok) {
        keepForward = true;
        return response as T;
      }
      let text: string;
      try {
        const read = await readText(response, MAX_RESPONSE_BYTES);
        if (read === undefined) {
          throw new ServerError(
            `The response to ${req.method} ${first.pathname} is larger than ` +
              `${MAX_RESPONSE_BYTES / 1024 / 1024} MiB (HTTP ${response.status}), so the SDK stopped ` +
              'reading it. Check that baseUrl points at the WaveSpeed API; for big outputs, ask for ' +
              'URLs instead of base64.',
            { status: response.status, requestId: requestIdOf(response.headers) },
          );
        }
        text = read;
      } catch (error) {
        if (error instanceof ServerError) throw error;
        if (userSignal?.aborted || timedOut) return fail(error);
        throw new ConnectionError(
          `The response to ${req.method} ${first.pathname} was cut off (HTTP ${response.status}). Retry.`,
          {
            errorCode: systemCode(error),
            maybeSent: true,
            cause: safeCause(error, this.#secrets),
          },
        );
      }
      return this.#unwrap<T>(response, text);
    } finally {
      clearTimeout(handle);
      if (detach !== undefined && !keepForward) detach();
    }
  }

  /**
   * The client's ky instance, made on the first request. ky's own retry, timeout, redirect
   * following and error throwing are off: retries live in core/retry.ts (one layer), and
   * #attempt follows redirects itself so the key never crosses origins.
   */
  async #createKy(): Promise<KyInstance> {
    const ky = await loadKy();
    this.#ky ??= ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(this.#fetch === undefined ? {} : { fetch: this.#fetch }),
    });
    return this.#ky;
  }

  /** The text with every credential hidden; the scan is skipped when none can be in it. */
  #clean(text: string): string {
    for (const secret of this.#secrets) {
      if (text.includes(secret)) return redact(text, this.#secrets);
    }
    return BEARER.test(text) ? redact(text, this.#secrets) : text;
  }

  #unwrap<T>(response: Response, raw: string): T {
    const text = this.#clean(raw);
    let body: unknown;
    let parsed = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
        parsed = true;
      } catch {
        body = undefined;
      }
    }
    if (response.ok && parsed) {
      // The success path: an envelope without an in-body error code.
      if (!isRecord(body)) return body as T;
      const code = body.code;
      const hasData = 'data' in body;
      const inBodyError =
        (typeof code === 'number' && (code < 200 || code >= 300)) ||
        (!hasData && typeof body.error === 'string' && body.error !== '');
      if (!inBodyError) return (hasData ? body.data : body) as T;
    }
    return this.#fail(response, text, body, parsed);
  }

  #fail(response: Response, text: string, body: unknown, parsed: boolean): never {
    const headers = response.headers;
    const requestId = requestIdOf(headers);
    const base = { requestId, headers: headersToRecord(headers, this.#secrets) };
    const { message, code } = messageOf(body);
    const predictionId = predictionIdIn(body, text);
    const inBodyCode = isRecord(body) && typeof body.code === 'number' ? body.code : undefined;
    const blank = text.trim() === '';
    if (parsed || !response.ok) {
      // Not ok, or ok with an error in the body (see #unwrap).
      const status = response.ok ? (inBodyCode ?? 500) : response.status;
      const fallback = parsed
        ? `${response.ok ? 'The API reported an error' : 'The API answered with an error'}`
        : blank
          ? `The API answered HTTP ${response.status} with an empty body`
          : `The API answered HTTP ${response.status} with a non-JSON body: "${snippet(text)}"`;
      throw errorForStatus(status, message ?? fallback, {
        ...base,
        code,
        body: parsed ? body : blank ? undefined : snippet(text),
        predictionId,
        retryAfter: parseRetryAfter(headers),
      });
    }
    const kind = blank
      ? 'an empty body'
      : /^\s*</.test(text)
        ? `an HTML page (a proxy or gateway answered): "${snippet(text)}"`
        : `a body that is not valid JSON (maybe cut off): "${snippet(text)}"`;
    throw new ServerError(
      `The API answered HTTP ${response.status} with ${kind}. Retry; if it persists, check ` +
        'baseUrl and any proxy in between.',
      {
        ...base,
        status: response.status,
        body: blank ? undefined : snippet(text),
        predictionId,
      },
    );
  }
}
