import { ConfigurationError } from './errors.js';
import type { Logger, LogLevel } from './logger.js';

/**
 * This package's version, sent as `X-Client-Version`.
 *
 * @example
 * ```ts
 * console.log(SDK_VERSION); // '0.1.0'
 * ```
 */
export const SDK_VERSION = '0.1.0';

/**
 * The public API root used when neither `baseUrl` nor `WAVESPEED_BASE_URL` is set.
 */
export const DEFAULT_BASE_URL = 'https://api.wavespeed.ai';

/** The `fetch` signature the client accepts (the global one, undici's, a test double…). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Options of `new WaveSpeedClient(options)`. Every field is optional.
 *
 * @example
 * ```ts
 * const client = new WaveSpeedClient({ apiKey: process.env.WAVESPEED_API_KEY, maxConcurrency: 4 });
 * ```
 */
export interface ClientOptions {
  /**
   * API key. Read from `WAVESPEED_API_KEY` when the client is created if omitted. A missing key
   * fails the first call with `AuthenticationError`, not the constructor.
   */
  apiKey?: string | undefined;
  /**
   * API root.
   * @default process.env.WAVESPEED_BASE_URL ?? 'https://api.wavespeed.ai'
   */
  baseUrl?: string | undefined;
  /**
   * Per-HTTP-request timeout in milliseconds (each attempt).
   * @default 60_000
   */
  timeout?: number | undefined;
  /**
   * Retries for retryable failures (connection errors, 408, 429, 5xx) of idempotent calls.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * Predictions in flight at once (submit → terminal) for this client. The default account tier
   * allows 2.
   * @default 2
   */
  maxConcurrency?: number | undefined;
  /** Optional cap on job submissions per minute (the account tier's rate). Unlimited by default. */
  maxJobsPerMinute?: number | undefined;
  /**
   * Called whenever the API answers 429 (too many requests for the account's tier), with how
   * long it asked to wait in ms (1000 when it did not say). The client backs off by itself;
   * this lets other processes sharing the account back off too (the BullMQ worker pauses the
   * whole queue with it). Errors it throws are ignored.
   */
  onRateLimit?: ((retryAfterMs: number) => void) | undefined;
  /** Fixed polling interval in milliseconds. By default the interval adapts to each model. */
  pollInterval?: number | undefined;
  /** Custom `fetch` (proxies, tests). Defaults to the global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Where log lines go. Defaults to `console.warn` / `console.error` for warnings and errors. */
  logger?: Logger | undefined;
  /**
   * Least severe level written.
   * @default 'warn'
   */
  logLevel?: LogLevel | undefined;
  /**
   * Check inputs before sending (unknown keys, wrong types, missing required fields): `true`
   * checks the models of the bundled catalog, with no request; `'remote'` also checks any other
   * model against the schema `client.models.get()` finds (one catalog request, cached); `false`
   * sends inputs as they are.
   * @default true
   */
  validateInput?: boolean | 'remote' | undefined;
  /**
   * How long `client.models.list()` is cached, in milliseconds.
   * @default 300_000
   */
  modelsCacheTtl?: number | undefined;
}

/**
 * Options after defaults and validation. The API key is deliberately not part of it.
 */
export interface ResolvedConfig {
  baseUrl: string;
  origin: string;
  timeout: number;
  maxRetries: number;
  maxConcurrency: number;
  maxJobsPerMinute: number | undefined;
  pollInterval: number | undefined;
  fetch: FetchLike | undefined;
  onRateLimit: ((retryAfterMs: number) => void) | undefined;
  logger: Logger | undefined;
  logLevel: LogLevel;
  validateInput: boolean | 'remote';
  modelsCacheTtl: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

function env(name: string): string | undefined {
  if (typeof process === 'undefined' || process.env === undefined) return undefined;
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function positive(name: string, value: number | undefined, fallback: number, hint: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(
      `Invalid option ${name}: ${String(value)}. ${hint} (it must be a finite number > 0).`,
    );
  }
  return value;
}

function integer(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigurationError(
      `Invalid option ${name}: ${String(value)}. Pass a whole number ≥ ${min} (default ${fallback}).`,
    );
  }
  return value;
}

function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(
      `Invalid baseUrl "${raw}". Pass an absolute http(s) URL such as ${DEFAULT_BASE_URL} ` +
        '(option baseUrl or WAVESPEED_BASE_URL).',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(
      `Invalid baseUrl "${raw}": only http and https are supported, e.g. ${DEFAULT_BASE_URL}.`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(
      'Invalid baseUrl: remove credentials, query and fragment; pass only the API root, e.g. ' +
        `${DEFAULT_BASE_URL}.`,
    );
  }
  return url;
}

/**
 * Applies defaults, reads `WAVESPEED_API_KEY` / `WAVESPEED_BASE_URL` (now, not at import) and
 * validates every option, throwing {@link ConfigurationError} with the fix.
 */
export function resolveConfig(options: ClientOptions = {}): {
  config: ResolvedConfig;
  apiKey: string | undefined;
} {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('WaveSpeedClient options must be an object, e.g. { apiKey }.');
  }
  const rawKey = options.apiKey ?? env('WAVESPEED_API_KEY');
  const apiKey = typeof rawKey === 'string' && rawKey.trim() !== '' ? rawKey.trim() : undefined;

  const url = parseBaseUrl(options.baseUrl ?? env('WAVESPEED_BASE_URL') ?? DEFAULT_BASE_URL);
  const baseUrl = url.href.replace(/\/+$/, '');

  const logLevel = options.logLevel ?? 'warn';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigurationError(
      `Invalid logLevel "${String(logLevel)}". Use one of: ${LOG_LEVELS.join(', ')}.`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError('Invalid option fetch: pass a function with the fetch signature.');
  }
  if (options.onRateLimit !== undefined && typeof options.onRateLimit !== 'function') {
    throw new ConfigurationError(
      'Invalid option onRateLimit: pass a function (retryAfterMs) => void.',
    );
  }
  const logger = options.logger;
  if (logger !== undefined) {
    for (const method of ['debug', 'info', 'warn', 'error'] as const) {
      if (typeof logger[method] !== 'function') {
        throw new ConfigurationError(
          `Invalid option logger: it needs a ${method}() method (debug, info, warn and error).`,
        );
      }
    }
  }

  const config: ResolvedConfig = {
    baseUrl,
    origin: url.origin,
    timeout: positive('timeout', options.timeout, 60_000, 'Pass the per-request timeout in ms'),
    maxRetries: integer('maxRetries', options.maxRetries, 2, 0),
    maxConcurrency: integer('maxConcurrency', options.maxConcurrency, 2, 1),
    maxJobsPerMinute:
      options.maxJobsPerMinute === undefined
        ? undefined
        : integer('maxJobsPerMinute', options.maxJobsPerMinute, 1, 1),
    pollInterval:
      options.pollInterval === undefined
        ? undefined
        : positive('pollInterval', options.pollInterval, 1000, 'Pass the poll interval in ms'),
    fetch: options.fetch,
    onRateLimit: options.onRateLimit,
    logger,
    logLevel,
    validateInput: validation(options.validateInput),
    modelsCacheTtl:
      options.modelsCacheTtl === undefined
        ? 300_000
        : nonNegative('modelsCacheTtl', options.modelsCacheTtl),
  };
  return { config, apiKey };
}

function validation(value: ClientOptions['validateInput']): boolean | 'remote' {
  if (value === undefined) return true;
  if (value === true || value === false || value === 'remote') return value;
  throw new ConfigurationError(
    `Invalid option validateInput: ${JSON.stringify(value)}. Pass true, false or 'remote'.`,
  );
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new ConfigurationError(
      `Invalid option ${name}: ${String(value)}. Pass a number ≥ 0 (ms).`,
    );
  }
  return value;
}
