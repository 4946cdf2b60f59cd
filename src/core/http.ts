import type { KyInstance } from 'ky';
import type { FetchLike } from './config.js';
import { SDK_VERSION } from './config.js';
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  RequestTimeoutError,
} from './errors.js';
import { createLogger, type SdkLogger } from './logger.js';
import { readEnvelope, requestIdOf, safeCause, systemCode } from './response.js';
import { type RetryInfo, type RetryMode, retryAfterFailure } from './retry.js';
import { clampTimer, lazy, MAX_TIMER } from './util.js';

// The single request function of the SDK. Every call to the API and to storage goes through
// HttpClient.request: auth for the API origin only, a per-attempt timeout, redirects followed by
// hand (the key never crosses origins), retries per core/retry.ts, and the answer read by
// core/response.ts into data or a typed error.
//
// ky, the HTTP layer, loads with the first request: importing it makes Node build its whole
// fetch implementation (tens of ms), and keeps it out of what `import 'wavespeed-sdk'` loads.
// Per request the SDK adds no AbortSignal or timer of its own to ky's: the caller's signal and
// the timeout go to ky, and only reading the body runs on the rest of the deadline.

const loadKy = lazy(() => import('ky'));

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
  /**
   * Epoch ms by which the call is over: each attempt's timeout is cut to what is left, and no
   * retry starts after it. Bounds a call without an `AbortSignal` (a wait's deadline).
   */
  deadline?: number | undefined;
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
  /** Told of every 429, with the wait the API asked for (ms). */
  onRateLimit?: ((retryAfterMs: number) => void) | undefined;
}

/**
 * The option that carries a body past ky to fetch. ky passes options it does not know on to
 * `fetch(request, init)`, so the body goes into `init` and ky's Request has none: a body on ky's
 * Request would be piped through a second stream by fetch, and ky's clean-up would then fail to
 * cancel the locked original (an Error built per request). Only with the default fetch: a
 * custom one gets ky's usual Request, body included.
 */
const PASSED_BODY = 'wavespeedBody';

/** What ky hands to the fetch it calls: the options it does not know, ours among them. */
type PassedInit = RequestInit & { [PASSED_BODY]?: RequestBody };

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

/** The runtime, its version and the OS, as the identification headers name them. */
function platform(): { runtime: string; os: string } {
  const versions: Record<string, string | undefined> =
    typeof process === 'undefined' ? {} : process.versions;
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno?.version?.deno;
  const runtime =
    deno !== undefined
      ? `deno/${deno}`
      : versions.bun !== undefined
        ? `bun/${versions.bun}`
        : versions.node !== undefined
          ? `node/${versions.node}`
          : 'js';
  const raw = typeof process === 'undefined' ? 'unknown' : process.platform;
  return { runtime, os: raw === 'win32' ? 'windows' : raw };
}

/** `User-Agent` and the `X-Client-*` headers every API request carries (never other origins). */
function identification(): Record<string, string> {
  const { runtime, os } = platform();
  return {
    'user-agent': `wavespeed-sdk/${SDK_VERSION} (${runtime}; ${os})`,
    'x-client-name': 'wavespeed-sdk',
    'x-client-version': SDK_VERSION,
    'x-client-os': os,
  };
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

/** The global fetch, with a body ky passed on in `init` (see {@link PASSED_BODY}). */
function passBody(input: Request | string | URL, init?: PassedInit): Promise<Response> {
  const body = init?.[PASSED_BODY];
  // Required by fetch for stream bodies, harmless for the others.
  return body === undefined
    ? fetch(input, init)
    : fetch(input, { body, duplex: 'half' } as RequestInit);
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
 * The request function, on one ky instance per client (ky's own retry, redirect following and
 * error throwing off: retries live in core/retry.ts, and redirects are followed here so the key
 * never crosses origins).
 */
export class HttpClient {
  readonly #config: HttpConfig;
  readonly #basePath: string;
  readonly #apiKey: string | undefined;
  readonly #secrets: readonly string[];
  readonly #logger: SdkLogger;
  #ky: KyInstance | undefined;
  /** Headers of API requests, built once: GET and JSON-body variants, with the key when set. */
  readonly #apiHeaders: Readonly<Record<string, string>>;
  readonly #apiJsonHeaders: Readonly<Record<string, string>>;

  constructor(config: HttpConfig, apiKey: string | undefined, logger?: SdkLogger) {
    this.#config = config;
    this.#basePath = config.baseUrl.slice(config.origin.length);
    this.#apiKey = apiKey;
    this.#secrets = apiKey === undefined ? [] : [apiKey];
    this.#logger = logger ?? createLogger({ level: 'off' });
    const api: Record<string, string> = { accept: 'application/json', ...identification() };
    if (apiKey !== undefined) api.authorization = `Bearer ${apiKey}`;
    this.#apiHeaders = api;
    this.#apiJsonHeaders = { ...api, 'content-type': 'application/json' };
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
    try {
      // A stream can be read once: a retry would send an empty body.
      if (mode === 'never' || this.#config.maxRetries <= 0 || !isReplayable(req.body)) {
        return await this.#attempt<T>(req, target, 1);
      }
      // The first attempt runs bare: the retry machinery (and p-retry) only comes in on a failure.
      try {
        return await this.#attempt<T>(req, target, 1);
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        return await retryAfterFailure(error, (n) => this.#attempt<T>(req, target, n), {
          mode,
          maxRetries: this.#config.maxRetries,
          signal: req.signal,
          deadline: req.deadline,
          onRetry: (info) => {
            this.#logger.info(`retrying ${req.method} ${target.pathname} in ${info.delay} ms`, {
              retry: info.retry,
              reason: info.error instanceof Error ? info.error.name : 'unknown',
            });
            this.#rateLimited(info.error);
            req.onRetry?.(info);
          },
        });
      }
    } catch (error) {
      this.#rateLimited(error);
      throw error;
    }
  }

  /** Tells the `onRateLimit` hook of a 429; a throwing hook must not break the request. */
  #rateLimited(error: unknown): void {
    const hook = this.#config.onRateLimit;
    if (hook === undefined || !(error instanceof RateLimitError)) return;
    try {
      hook(error.retryAfter ?? 1_000);
    } catch {
      // The caller's hook is theirs; the request goes on.
    }
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

  /**
   * The headers of one hop: the API origin gets the key and the identification headers; any
   * other origin (presigned storage URLs, redirects elsewhere) only what the request names.
   */
  #headers(target: Target, req: HttpRequest, json: boolean): Record<string, string> {
    const api = target.origin === this.#config.origin;
    const base = api ? (json ? this.#apiJsonHeaders : this.#apiHeaders) : {};
    if (req.headers === undefined && (api || !json)) return base;
    const headers: Record<string, string> = { ...base };
    if (json) headers['content-type'] = 'application/json';
    for (const [key, value] of Object.entries(req.headers ?? {})) {
      const name = key.toLowerCase();
      if (name !== 'authorization') headers[name] = value;
    }
    return headers;
  }

  async #attempt<T>(req: HttpRequest, first: Target, attemptNumber: number): Promise<T> {
    const started = Date.now();
    let timeout = clampTimer(req.timeout ?? this.#config.timeout);
    if (req.deadline !== undefined)
      timeout = Math.max(1, Math.min(timeout, req.deadline - started));
    let response = await this.#send(
      { method: req.method, target: first, body: req.body, json: req.json },
      req,
      timeout,
    );
    if (REDIRECTS.has(response.status))
      response = await this.#follow(response, req, first, timeout);
    if (this.#logger.enabled('debug')) {
      this.#logger.debug(`${req.method} ${first.pathname} → ${response.status}`, {
        attempt: attemptNumber,
        ms: Date.now() - started,
      });
    }
    if (req.raw && response.ok) return response as T;
    try {
      return await readEnvelope<T>(response, {
        method: req.method,
        pathname: first.pathname,
        secrets: this.#secrets,
        predictionId: req.predictionId,
        context: req.context,
        // The body is read on what is left of the attempt's deadline.
        deadline: timeout >= MAX_TIMER ? undefined : started + timeout,
        timeout,
      });
    } catch (error) {
      // A body cut off by the caller's abort is that abort, not a network fault.
      if (req.signal?.aborted) throw req.signal.reason;
      throw error;
    }
  }

  /** Follows redirects by hand: the key only ever goes to the API origin. */
  async #follow(
    response: Response,
    req: HttpRequest,
    first: Target,
    timeout: number,
  ): Promise<Response> {
    let hop: Hop = { method: req.method, target: first, body: req.body, json: req.json };
    let current = response;
    for (let hops = 0; REDIRECTS.has(current.status); hops += 1) {
      const next = redirectTarget(current.headers.get('location'), hop.target);
      // No (or an unusable) Location: the 3xx itself becomes the error.
      if (next === undefined) return current;
      if (hops >= MAX_REDIRECTS) {
        await current.body?.cancel().catch(() => undefined);
        throw new APIError(
          `${req.method} ${first.pathname} was redirected more than ${MAX_REDIRECTS} times ` +
            `(last to ${next.origin}${next.pathname}): a redirect loop. Check baseUrl: it must be ` +
            'the API root, e.g. https://api.wavespeed.ai, with no proxy rewriting it.',
          {
            status: current.status,
            requestId: requestIdOf(current.headers),
            predictionId: req.predictionId,
          },
        );
      }
      const keepBody = current.status === 307 || current.status === 308;
      if (keepBody && !isReplayable(hop.body)) return current;
      await current.body?.cancel().catch(() => undefined);
      hop = {
        method: keepBody || hop.method === 'GET' ? hop.method : 'GET',
        target: next,
        body: keepBody ? hop.body : undefined,
        json: keepBody ? hop.json : undefined,
      };
      current = await this.#send(hop, req, timeout);
    }
    return current;
  }

  /** Sends one hop through ky; a failure to get a response becomes a typed error. */
  async #send(hop: Hop, req: HttpRequest, timeout: number): Promise<Response> {
    const send = this.#ky ?? (await this.#createKy());
    const json = hop.json !== undefined;
    const init: PassedInit & { timeout: number | false; duplex?: 'half' } = {
      method: hop.method,
      headers: this.#headers(hop.target, req, json),
      // With any redirect mode but 'error', fetch clones the request, and cloning tees a stream
      // body: the spare branch buffers every byte sent (a whole upload in memory). A stream
      // cannot be replayed to follow a redirect anyway.
      redirect: isReplayable(hop.body) ? 'manual' : 'error',
      timeout: timeout >= MAX_TIMER ? false : timeout,
    };
    if (req.signal !== undefined) init.signal = req.signal;
    const body = json ? JSON.stringify(hop.json) : hop.body;
    if (body !== undefined) {
      if (this.#config.fetch === undefined) {
        init[PASSED_BODY] = body;
      } else {
        init.body = body;
        // Required by fetch for stream bodies, harmless for the others.
        init.duplex = 'half';
      }
    }
    try {
      return await send(hop.target.href, init);
    } catch (error) {
      throw this.#sendError(error, req, hop, timeout);
    }
  }

  #sendError(error: unknown, req: HttpRequest, hop: Hop, timeout: number): unknown {
    if (req.signal?.aborted) return req.signal.reason;
    if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
      return new RequestTimeoutError(
        `${req.method} ${hop.target.pathname} took longer than ${timeout} ms. Retry, or raise ` +
          'the `timeout` option (per request, default 60000).',
        { timeout, predictionId: req.predictionId },
      );
    }
    const code = systemCode(error);
    const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    return new ConnectionError(
      `Could not reach ${hop.target.origin} (${code ?? (error instanceof Error ? error.message : 'network error')}). ` +
        'Check the network and baseUrl, then retry.',
      {
        errorCode: code,
        maybeSent: !notSent,
        predictionId: req.predictionId,
        cause: safeCause(error, this.#secrets),
      },
    );
  }

  async #createKy(): Promise<KyInstance> {
    const { default: ky } = await loadKy();
    this.#ky ??= ky.create({
      retry: 0,
      throwHttpErrors: false,
      // Given once here, so that ky does not bind the global fetch per request; read at each call,
      // so a fetch replaced later (a test's stub, an instrumentation) is the one used.
      fetch: this.#config.fetch ?? passBody,
    });
    return this.#ky;
  }
}
