import ky, { type KyInstance } from 'ky';
import { onAbort } from './abort.js';
import type { FetchLike } from './config.js';
import { SDK_VERSION } from './config.js';
import { APIError, AuthenticationError, ConnectionError, RequestTimeoutError } from './errors.js';
import { createLogger, type SdkLogger } from './logger.js';
import { readEnvelope, requestIdOf, safeCause, systemCode } from './response.js';
import { type RetryInfo, type RetryMode, withRetry } from './retry.js';
import { clampTimer } from './util.js';

// The single request function of the SDK. Every call to the API and to storage goes through
// HttpClient.request: auth for the API origin only, a per-attempt timeout, redirects followed by
// hand (the key never crosses origins), retries per core/retry.ts, and the answer read by
// core/response.ts into data or a typed error.

/**
 * A raw request body. Spelt through `RequestInit` because `BodyInit` is a DOM-lib global that
 * Node-only projects (`@types/node`, no DOM lib) do not have, and this type reaches the `.d.ts`.
 */
type RequestBody = NonNullable<RequestInit['body']>;

/**
 * One HTTP call, as resources describe it. The core adds auth, headers, timeout, retries and
 * the envelope handling.
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
  /** The prediction this call is about: every error it throws carries the id. */
  predictionId?: string | undefined;
  /** Names what is being done, before the API's message in errors (e.g. `Storage rejected …`). */
  context?: string | undefined;
}

/**
 * What the request function needs from the client's options.
 */
export interface HttpConfig {
  /** API root, without trailing slash. */
  baseUrl: string;
  /** Its origin: the only one that receives the API key. */
  origin: string;
  /** Per-attempt timeout, ms. */
  timeout: number;
  /** Retries of retryable failures. */
  maxRetries: number;
  /** Custom fetch. */
  fetch?: FetchLike | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Where a request goes: the URL to fetch, its origin, and its path for messages. */
interface Target {
  href: string;
  origin: string;
  pathname: string;
}

/** One hop of an attempt: redirects may change the method, target and body. */
interface Hop {
  method: string;
  target: Target;
  body: RequestBody | undefined;
  json: unknown;
}

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

/**
 * The request function: one ky instance per client (ky's own retry, timeout, redirect following
 * and error throwing off: retries live in core/retry.ts, and redirects are followed here so the
 * key never crosses origins).
 */
export class HttpClient {
  readonly #config: HttpConfig;
  readonly #basePath: string;
  readonly #apiKey: string | undefined;
  readonly #secrets: readonly string[];
  readonly #logger: SdkLogger;
  readonly #ky: KyInstance;
  /** Headers of every request, built once: without and with the key. */
  readonly #plainHeaders: Readonly<Record<string, string>>;
  readonly #apiHeaders: Readonly<Record<string, string>>;

  constructor(config: HttpConfig, apiKey: string | undefined, logger?: SdkLogger) {
    this.#config = config;
    this.#basePath = config.baseUrl.slice(config.origin.length);
    this.#apiKey = apiKey;
    this.#secrets = apiKey === undefined ? [] : [apiKey];
    this.#logger = logger ?? createLogger({ level: 'off' });
    this.#ky = ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    });
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

  /** The per-attempt timeout of requests that set none, ms. */
  get timeout(): number {
    return this.#config.timeout;
  }

  /** Whether an API key is configured. */
  get hasApiKey(): boolean {
    return this.#apiKey !== undefined;
  }

  /**
   * Sends one request (with retries per `req.retry`) and returns the envelope's `data`, or the
   * `Response` when `raw` is set.
   */
  async request<T>(req: HttpRequest): Promise<T> {
    req.signal?.throwIfAborted();
    const target = this.#resolve(req.path, req.query);
    if (target.origin === this.#config.origin && this.#apiKey === undefined) {
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
        this.#logger.info(`retrying ${req.method} ${target.pathname} in ${info.delay} ms`, {
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
        href: `${this.#config.baseUrl}${slashed}`,
        origin: this.#config.origin,
        pathname: `${this.#basePath}${slashed}`,
      };
    }
    const url = absolute
      ? new URL(path)
      : new URL(`${this.#config.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return targetOf(url);
  }

  #headers(target: Target, req: HttpRequest, json: boolean): Record<string, string> {
    const base =
      target.origin === this.#config.origin && this.#apiKey !== undefined
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
    const timeout = clampTimer(req.timeout ?? this.#config.timeout);
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
    const started = this.#logger.enabled('debug') ? Date.now() : 0;
    let hop: Hop = { method: req.method, target: first, body: req.body, json: req.json };
    const fail = (error: unknown): never => {
      if (userSignal?.aborted) throw userSignal.reason;
      if (timedOut) {
        throw new RequestTimeoutError(
          `${req.method} ${first.pathname} took longer than ${timeout} ms. Retry, or raise the ` +
            '`timeout` option (per request, default 60000).',
          { timeout, predictionId: req.predictionId },
        );
      }
      if (error instanceof APIError || error instanceof ConnectionError) throw error;
      const code = systemCode(error);
      const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
      throw new ConnectionError(
        `Could not reach ${hop.target.origin} (${code ?? (error instanceof Error ? error.message : 'network error')}). ` +
          'Check the network and baseUrl, then retry.',
        {
          errorCode: code,
          maybeSent: !notSent,
          predictionId: req.predictionId,
          cause: safeCause(error, this.#secrets),
        },
      );
    };
    try {
      let response: Response;
      let hops = 0;
      for (;;) {
        try {
          response = await this.#send(hop, req, controller.signal);
        } catch (error) {
          return fail(error);
        }
        const next = REDIRECTS.has(response.status)
          ? redirectTarget(response.headers.get('location'), hop.target)
          : undefined;
        // No (or an unusable) Location: the 3xx itself becomes the error below.
        if (next === undefined) break;
        if (hops >= MAX_REDIRECTS) {
          await response.body?.cancel().catch(() => undefined);
          throw new APIError(
            `${req.method} ${first.pathname} was redirected more than ${MAX_REDIRECTS} times ` +
              `(last to ${next.origin}${next.pathname}): a redirect loop. Check baseUrl: it must be ` +
              'the API root, e.g. https://api.wavespeed.ai, with no proxy rewriting it.',
            {
              status: response.status,
              requestId: requestIdOf(response.headers),
              predictionId: req.predictionId,
            },
          );
        }
        const keepBody = response.status === 307 || response.status === 308;
        if (keepBody && !isReplayable(hop.body)) break;
        await response.body?.cancel().catch(() => undefined);
        hops += 1;
        hop = {
          method: keepBody || hop.method === 'GET' ? hop.method : 'GET',
          target: next,
          body: keepBody ? hop.body : undefined,
          json: keepBody ? hop.json : undefined,
        };
      }
      if (started !== 0) {
        this.#logger.debug(`${req.method} ${first.pathname} → ${response.status}`, {
          attempt: attemptNumber,
          ms: Date.now() - started,
        });
      }
      if (req.raw && response.ok) {
        keepForward = true;
        return response as T;
      }
      try {
        return await readEnvelope<T>(response, {
          label: `${req.method} ${first.pathname}`,
          secrets: this.#secrets,
          predictionId: req.predictionId,
          context: req.context,
        });
      } catch (error) {
        // A body cut off by the caller's abort or the deadline is that, not a network fault.
        if (error instanceof ConnectionError && (userSignal?.aborted || timedOut)) {
          return fail(error);
        }
        throw error;
      }
    } finally {
      clearTimeout(handle);
      if (detach !== undefined && !keepForward) detach();
    }
  }

  /** Sends one hop through ky. */
  #send(hop: Hop, req: HttpRequest, signal: AbortSignal): Promise<Response> {
    const json = hop.json !== undefined;
    const body = json ? JSON.stringify(hop.json) : hop.body;
    const init: RequestInit = {
      method: hop.method,
      headers: this.#headers(hop.target, req, json),
      signal,
      // With any redirect mode but 'error', fetch clones the request, and cloning tees a stream
      // body: the spare branch buffers every byte sent (a whole upload in memory). A stream
      // cannot be replayed to follow a redirect anyway.
      redirect: isReplayable(hop.body) ? 'manual' : 'error',
    };
    if (body !== undefined) {
      init.body = body;
      // Required by fetch for stream bodies, harmless for the others.
      (init as RequestInit & { duplex: 'half' }).duplex = 'half';
    }
    return this.#ky(hop.target.href, init);
  }
}
