import type { App } from './app.js';
import { STREAMING_MODELS } from './catalog.js';
import { BodyTooLargeError, type Ctx, parseJsonObject, readBody, sendError } from './http.js';
import { balance, billings, usage, webhookSecret } from './routes/account.js';
import { legacyPricing, listModels, price } from './routes/catalog.js';
import { history, remove, result, submit } from './routes/predictions.js';
import { stream } from './routes/stream.js';
import { uploadBinary, uploadTicket } from './routes/uploads.js';

/** JSON bodies above this are refused (base64 inputs can be large, but not unbounded). */
const JSON_LIMIT = 64 * 1024 * 1024;

/**
 * A request handler.
 */
export type Handler = (ctx: Ctx) => void | Promise<void>;

/**
 * A resolved API route.
 */
export interface Route {
  /** Named routes for fault matching, most specific first. */
  names: string[];
  handler: Handler;
  /** Whether the route needs an API key. */
  auth: boolean;
}

async function jsonBody(ctx: Ctx): Promise<Record<string, unknown> | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(ctx, JSON_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendError(ctx, 413, error.message);
      return undefined;
    }
    throw error;
  }
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) {
    sendError(ctx, 400, parsed.message);
    return undefined;
  }
  return parsed.value;
}

function withJson(
  names: string[],
  fn: (ctx: Ctx, body: Record<string, unknown>) => void | Promise<void>,
): Route {
  return {
    names,
    auth: true,
    handler: async (ctx) => {
      const body = await jsonBody(ctx);
      if (body) await fn(ctx, body);
    },
  };
}

const PREFIX = '/api/v3/';

/**
 * Maps an API-origin request to its route; answers 404 itself for unknown paths. Submits read
 * their body here, because `enable_sync_mode` decides between the `submit` and `sync-submit` names.
 */
export async function resolveApiRoute(app: App, ctx: Ctx): Promise<Route | undefined> {
  const { method, path } = ctx;
  const route = (names: string[], handler: Handler): Route => ({ names, handler, auth: true });
  if (method === 'GET') {
    if (path === '/api/v3/models') return route(['models'], (c) => listModels(app, c));
    if (path === '/api/v3/balance') return route(['balance'], (c) => balance(app, c));
    if (path === '/api/v3/webhook/secret') {
      return route(['webhook-secret'], (c) => webhookSecret(app, c));
    }
    const prediction = /^\/api\/v3\/predictions\/([^/]+)(?:\/result)?\/?$/.exec(path);
    if (prediction) {
      const id = decodeURIComponent(prediction[1] ?? '');
      return route(['result'], (c) => result(app, c, id));
    }
  }
  if (method === 'POST') {
    switch (path) {
      case '/api/v3/model/price':
        return withJson(['price'], (c, body) => price(app, c, body));
      case '/api/v3/model/pricing':
        return withJson(['price'], (c, body) => legacyPricing(app, c, body));
      case '/api/v3/predictions':
        return withJson(['history'], (c, body) => history(app, c, body));
      case '/api/v3/predictions/delete':
        return withJson(['delete'], (c, body) => remove(app, c, body));
      case '/api/v3/user/usage_stats':
        return withJson(['usage'], (c, body) => usage(app, c, body));
      case '/api/v3/billings/search':
        return withJson(['billings'], (c, body) => billings(app, c, body));
      case '/api/v3/media/uploads':
        return withJson(['upload-ticket'], (c, body) => uploadTicket(app, c, body));
      case '/api/v3/media/upload/binary':
        return route(['upload-binary'], (c) => uploadBinary(app, c));
    }
    if (path.startsWith(PREFIX) && path.length > PREFIX.length) {
      return modelRoute(app, ctx, path.slice(PREFIX.length).replace(/\/+$/, ''));
    }
  }
  ctx.req.resume();
  sendError(ctx, 404, `Not found: ${method} ${path}`);
  return undefined;
}

async function modelRoute(app: App, ctx: Ctx, modelPath: string): Promise<Route | undefined> {
  const isStream =
    !app.models.has(modelPath) && modelPath.endsWith('/stream') && modelPath.length > 7;
  const modelId = isStream ? modelPath.slice(0, -'/stream'.length) : modelPath;
  // The body decides between `submit` and `sync-submit`, so it is read before fault matching.
  let raw: Buffer;
  try {
    raw = await readBody(ctx, JSON_LIMIT);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return {
      names: [isStream ? 'stream' : 'submit'],
      auth: true,
      handler: (c) => sendError(c, 413, error.message),
    };
  }
  const parsed = parseJsonObject(raw);
  const sync = parsed.ok && parsed.value.enable_sync_mode === true;
  const names = isStream ? ['stream'] : sync ? ['sync-submit', 'submit'] : ['submit'];
  return {
    names,
    auth: true,
    handler: async (c) => {
      if (isStream && !STREAMING_MODELS.includes(modelId)) {
        if (app.models.has(modelId)) {
          sendError(
            c,
            400,
            `Model ${modelId} does not support streaming; use POST /api/v3/${modelId}`,
          );
        } else {
          sendError(c, 404, `Model not found: ${modelId}`);
        }
        return;
      }
      const model = app.models.get(modelId);
      if (!model && !isStream) {
        sendError(
          c,
          404,
          `Model not found: ${modelId}. List available models with GET /api/v3/models`,
        );
        return;
      }
      if (!parsed.ok) {
        sendError(c, 400, parsed.message);
        return;
      }
      if (isStream) await stream(app, c, modelId, model, parsed.value);
      else if (model) await submit(app, c, model, parsed.value);
    },
  };
}
