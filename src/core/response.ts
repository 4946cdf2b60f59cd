import { APIError, ConnectionError, RequestTimeoutError, ServerError } from './errors.js';
import { redact } from './logger.js';
import { parseRetryAfter } from './retry.js';
import { isRecord } from './util.js';

// Reading an API response: the body (bounded), the `{ code, message, data }` envelope, and every
// way it can say "error" turned into a typed error. Nothing else in the SDK knows the envelope.

/**
 * Largest response body the SDK reads. Past it the server is not the API (or is broken): reading
 * on would hold an unbounded body in memory.
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-wavespeed-request-id',
  'request-id',
  'x-trace-id',
  'x-amzn-requestid',
  'cf-ray',
];
const SNIPPET_LENGTH = 200;
/** A body worth scanning for credentials to redact. */
const BEARER = /bearer\s/i;

/**
 * What the request said about itself, for the errors its response may turn into.
 */
export interface ResponseContext {
  /** The request's method and path, to name it in messages (`GET /api/v3/…`). */
  method: string;
  pathname: string;
  /** Credentials to hide from error bodies and headers. */
  secrets: readonly string[];
  /** The prediction the request is about, so every error carries it. */
  predictionId?: string | undefined;
  /** Put before the API's message (e.g. `Storage rejected the upload of a.png`). */
  context?: string | undefined;
  /** Epoch ms by which the body must be read; none when unbounded. */
  deadline?: number | undefined;
  /** The attempt's timeout, ms, for the message when the deadline passes. */
  timeout?: number | undefined;
}

/** Decodes whole bodies (never in streaming mode, so it keeps no state between calls). */
const DECODER = new TextDecoder();

/** Reading the body passed the attempt's deadline. */
const DEADLINE = Symbol('deadline');

/**
 * The request id the API (or a proxy) sent back, from the usual headers.
 *
 * @example
 * ```ts
 * const requestId = requestIdOf(response.headers); // to quote to support
 * ```
 */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/**
 * The body as text, or `undefined` (and the rest discarded) once it passes `limit` bytes. When
 * `deadline` (epoch ms) passes first, the read is cancelled and rejects with {@link DEADLINE}.
 */
export async function readText(
  response: Response,
  limit: number,
  deadline?: number,
): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  // Cancelling the reader ends a pending read() as "done": the flag tells that from the end.
  let late = false;
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(
          () => {
            late = true;
            reader.cancel().catch(() => undefined);
          },
          Math.max(0, deadline - Date.now()),
        );
  // Most bodies arrive in one chunk: decoded whole by the shared decoder, no per-call state.
  let first: Uint8Array | undefined;
  let more: Uint8Array[] | undefined;
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (late) throw DEADLINE;
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      if (first === undefined) {
        first = value;
      } else {
        more ??= [first];
        more.push(value);
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  if (more !== undefined) {
    const all = new Uint8Array(total);
    let offset = 0;
    for (const chunk of more) {
      all.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return DECODER.decode(all);
  }
  return first === undefined ? '' : DECODER.decode(first);
}

/**
 * The system error code (`ECONNRESET` …) of a network failure, searched down its `cause` chain.
 */
export function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A cause to keep on a network error: the system error's name, message and code, redacted, but
 * none of the request (which holds the Authorization header).
 */
export function safeCause(error: unknown, secrets: readonly string[]): Error {
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

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

function headersToRecord(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    // A proxy may echo request headers back; the key must not ride along on the error.
    if (key !== 'set-cookie') out[key] = redact(value, secrets);
  });
  return out;
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

/** The text with every credential hidden; the scan is skipped when none can be in it. */
function clean(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) {
    if (text.includes(secret)) return redact(text, secrets);
  }
  return BEARER.test(text) ? redact(text, secrets) : text;
}

/**
 * Reads a response's body and returns the envelope's `data` (or the body itself when it has no
 * envelope). Throws the typed error for: a non-2xx status, an error `code` inside a 200 envelope,
 * a body that is HTML, empty, not JSON, cut off or over {@link MAX_RESPONSE_BYTES}.
 */
export async function readEnvelope<T>(response: Response, request: ResponseContext): Promise<T> {
  let raw: string | undefined;
  try {
    raw = await readText(response, MAX_RESPONSE_BYTES, request.deadline);
  } catch (error) {
    if (error === DEADLINE) {
      throw new RequestTimeoutError(
        `Reading the response to ${request.method} ${request.pathname} took longer than the ${request.timeout} ms ` +
          'timeout. Retry, or raise the `timeout` option (per request, default 60000).',
        { timeout: request.timeout ?? 0, predictionId: request.predictionId },
      );
    }
    throw new ConnectionError(
      `The response to ${request.method} ${request.pathname} was cut off (HTTP ${response.status}). Retry.`,
      {
        errorCode: systemCode(error),
        maybeSent: true,
        predictionId: request.predictionId,
        cause: safeCause(error, request.secrets),
      },
    );
  }
  if (raw === undefined) {
    throw new ServerError(
      `The response to ${request.method} ${request.pathname} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB ` +
        `(HTTP ${response.status}), so the SDK stopped reading it. Check that baseUrl points at ` +
        'the WaveSpeed API; for big outputs, ask for URLs instead of base64.',
      {
        status: response.status,
        requestId: requestIdOf(response.headers),
        predictionId: request.predictionId,
      },
    );
  }
  const text = clean(raw, request.secrets);
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
  throw responseError(response, text, body, parsed, request);
}

function responseError(
  response: Response,
  text: string,
  body: unknown,
  parsed: boolean,
  request: ResponseContext,
): APIError {
  const headers = response.headers;
  const base = {
    requestId: requestIdOf(headers),
    headers: headersToRecord(headers, request.secrets),
    predictionId: request.predictionId ?? predictionIdIn(body, text),
  };
  const blank = text.trim() === '';
  if (parsed || !response.ok) {
    // Not ok, or ok with an error in the body (see readEnvelope).
    const { message, code } = messageOf(body);
    const inBodyCode = isRecord(body) && typeof body.code === 'number' ? body.code : undefined;
    const status = response.ok ? (inBodyCode ?? 500) : response.status;
    const fallback = parsed
      ? response.ok
        ? 'The API reported an error'
        : 'The API answered with an error'
      : blank
        ? `The API answered HTTP ${response.status} with an empty body`
        : `The API answered HTTP ${response.status} with a non-JSON body: "${snippet(text)}"`;
    return APIError.fromResponse({
      ...base,
      status,
      message: message ?? fallback,
      code,
      body: parsed ? body : blank ? undefined : snippet(text),
      retryAfter: parseRetryAfter(headers),
      context: request.context,
    });
  }
  const kind = blank
    ? 'an empty body'
    : /^\s*</.test(text)
      ? `an HTML page (a proxy or gateway answered): "${snippet(text)}"`
      : `a body that is not valid JSON (maybe cut off): "${snippet(text)}"`;
  return new ServerError(
    `The API answered HTTP ${response.status} with ${kind}. Retry; if it persists, check ` +
      'baseUrl and any proxy in between.',
    { ...base, status: response.status, body: blank ? undefined : snippet(text) },
  );
}
