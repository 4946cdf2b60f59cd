import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimFault, SimRequest } from './types.js';

/**
 * Per-request state shared by the router, the fault layer and the handlers.
 */
export interface Ctx {
  origin: 'api' | 'storage';
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  path: string;
  record: SimRequest;
  /** Set by the fault layer: answer with this instead of the handler's response. */
  replaceWith?: SimFault;
  /** Set by the fault layer: drop the connection instead of answering. */
  dropResponse?: boolean;
  /** Extra headers from a fault. */
  extraHeaders?: Record<string, string>;
  /** The API key the request authenticated with. */
  apiKey?: string;
}

/**
 * The success envelope every `/api/v3` answer uses.
 *
 * @example
 * ```ts
 * envelope({ balance: 1 }); // { code: 200, message: 'success', data: { balance: 1 } }
 * ```
 */
export function envelope(data: unknown): { code: number; message: string; data: unknown } {
  return { code: 200, message: 'success', data };
}

/**
 * Error body in the API's shape.
 *
 * @example
 * ```ts
 * errorBody(404, 'Prediction not found'); // { code: 404, message: 'Prediction not found' }
 * ```
 */
export function errorBody(code: number, message: string): { code: number; message: string } {
  return { code, message };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized: invalid or missing API key',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Request entity too large',
  429: 'Too many requests: rate limit exceeded, please retry later',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service temporarily unavailable, please retry later',
  504: 'Gateway timeout',
};

/**
 * The default error message for a status.
 */
export function defaultMessage(status: number): string {
  return DEFAULT_MESSAGES[status] ?? `HTTP ${status}`;
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/**
 * An nginx / Cloudflare style HTML error page, as a proxy in front of the API sends.
 *
 * @example
 * ```ts
 * htmlErrorPage(502).startsWith('<html>'); // true
 * ```
 */
export function htmlErrorPage(status: number): string {
  const text = STATUS_TEXT[status] ?? 'Error';
  return (
    `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${text}</h1></center>\r\n<hr><center>cloudflare</center>\r\n` +
    '</body>\r\n</html>\r\n'
  );
}

/**
 * Drops the connection without an answer (as a crashed proxy would).
 */
export function resetConnection(ctx: Ctx): void {
  ctx.record.status = 0;
  ctx.req.socket.destroy();
}

/**
 * Writes a complete response, unless the fault layer asked to drop or replace it.
 */
export function send(
  ctx: Ctx,
  status: number,
  body: Buffer | string,
  headers: Record<string, string | number> = {},
): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (ctx.dropResponse) {
    resetConnection(ctx);
    return;
  }
  const fault = ctx.replaceWith;
  if (fault) {
    ctx.replaceWith = undefined;
    sendFault(ctx, fault, { status, body: Buffer.from(body), headers });
    return;
  }
  writeRaw(ctx, status, Buffer.from(body), headers);
}

function writeRaw(
  ctx: Ctx,
  status: number,
  body: Buffer,
  headers: Record<string, string | number>,
  headOnly = ctx.method === 'HEAD',
): void {
  ctx.record.status = status;
  ctx.res.writeHead(status, {
    ...headers,
    ...ctx.extraHeaders,
    'content-length': body.length,
  });
  ctx.res.end(headOnly ? undefined : body);
}

/**
 * Writes a JSON response (see {@link send}).
 */
export function sendJson(
  ctx: Ctx,
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
): void {
  send(ctx, status, JSON.stringify(value), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

/**
 * Writes the API error envelope for `status`.
 */
export function sendError(
  ctx: Ctx,
  status: number,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  sendJson(ctx, status, errorBody(status, message), headers);
}

/**
 * Answers with a fault. `real` is the response the handler produced, used by `truncated`.
 */
export function sendFault(
  ctx: Ctx,
  fault: SimFault,
  real?: { status: number; body: Buffer; headers: Record<string, string | number> },
): void {
  const headers: Record<string, string | number> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  const body = fault.body;
  let status = fault.status;
  if (status === undefined) {
    if (body === 'truncated') status = real?.status ?? 200;
    else if (body === 'html' || body === 'empty') status = 502;
    else if (body !== undefined) status = 500;
    else if (fault.retryAfter !== undefined) status = 429;
    else status = 500;
  }
  if (body === 'truncated') {
    const full = real?.body ?? Buffer.from(JSON.stringify(envelope({ status: 'processing' })));
    // The declared length matches what is sent, so clients see a well-formed HTTP message
    // whose JSON ends halfway.
    writeRaw(ctx, status, full.subarray(0, Math.floor(full.length / 2)), {
      'content-type': String(real?.headers['content-type'] ?? 'application/json; charset=utf-8'),
      ...headers,
    });
    return;
  }
  if (body === 'html') {
    writeRaw(ctx, status, Buffer.from(htmlErrorPage(status)), {
      'content-type': 'text/html',
      server: 'cloudflare',
      ...headers,
    });
    return;
  }
  if (body === 'empty') {
    writeRaw(ctx, status, Buffer.alloc(0), headers);
    return;
  }
  const payload =
    body === undefined
      ? JSON.stringify(errorBody(status, defaultMessage(status)))
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);
  writeRaw(ctx, status, Buffer.from(payload), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

/**
 * Thrown by {@link readBody} when the body exceeds the limit.
 */
export class BodyTooLargeError extends Error {}

/**
 * Reads the whole request body (up to `limit` bytes), counting bytes into the request record.
 */
export async function readBody(ctx: Ctx, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    ctx.record.bodyBytes = total;
    if (total <= limit) chunks.push(buffer);
  }
  if (total > limit) throw new BodyTooLargeError(`Request body exceeds ${limit} bytes`);
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON object body: `undefined` → `{}`, anything but an object → an error message.
 */
export function parseJsonObject(
  raw: Buffer,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const text = raw.toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid JSON body: ${reason}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Invalid request body: expected a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
