import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, trackedSleep } from './app.js';
import type { FaultTable } from './faults.js';
import { type Ctx, resetConnection, sendError, sendFault } from './http.js';
import { type Route, resolveApiRoute } from './router.js';
import { handleStorage } from './storage.js';
import type { SimRequest } from './types.js';

/**
 * Handles one request on either origin: records it, resolves the route, applies faults, checks
 * the key and runs the handler.
 */
export async function handle(
  app: App,
  faults: FaultTable,
  origin: 'api' | 'storage',
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', origin === 'api' ? app.apiUrl : app.storageUrl);
  const path = url.pathname;
  const record: SimRequest = {
    origin,
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    headers: headersOf(req),
    bodyBytes: 0,
    at: Date.now(),
    route: 'unknown',
  };
  app.requests.push(record);
  if (app.logger.debug) {
    const debug = app.logger.debug.bind(app.logger);
    res.once('close', () => {
      debug(`[simulator] ${origin} ${method} ${path} → ${record.status || 'reset'}`);
    });
  }
  const ctx: Ctx = { origin, req, res, url, method, path, record };
  if (app.closed) {
    resetConnection(ctx);
    return;
  }
  let route: Route;
  if (origin === 'storage') {
    route = {
      names: [method === 'PUT' ? 'upload-put' : 'download'],
      handler: (c) => handleStorage(app, c),
      auth: false,
    };
  } else {
    const resolved = await resolveApiRoute(app, ctx);
    if (!resolved) return;
    route = resolved;
  }
  record.route = route.names[0] ?? 'unknown';
  const fault = faults.take(route.names, method, path);
  if (fault) {
    if (fault.headers) ctx.extraHeaders = { ...fault.headers };
    if (fault.delayMs !== undefined && fault.delayMs > 0) {
      await trackedSleep(app, fault.delayMs);
      if (app.closed) return;
    }
    if (fault.reset === 'before') {
      resetConnection(ctx);
      return;
    }
    if (fault.reset === 'after-create') {
      ctx.dropResponse = true;
    } else if (fault.afterCreate || fault.body === 'truncated') {
      ctx.replaceWith = fault;
    } else if (
      fault.status !== undefined ||
      fault.body !== undefined ||
      fault.retryAfter !== undefined
    ) {
      req.resume();
      sendFault(ctx, fault);
      return;
    }
  }
  if (route.auth && !authenticate(app, ctx)) return;
  await route.handler(ctx);
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function authenticate(app: App, ctx: Ctx): boolean {
  const header = ctx.req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    ctx.req.resume();
    sendError(ctx, 401, "Unauthorized: missing Authorization header (expected 'Bearer <API key>')");
    return false;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1];
  if (!key || !app.keys.has(key)) {
    ctx.req.resume();
    sendError(ctx, 401, 'Unauthorized: invalid API key');
    return false;
  }
  ctx.apiKey = key;
  return true;
}
