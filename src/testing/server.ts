import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { buildCatalog, STREAMING_MODELS } from './catalog.js';
import { FaultTable } from './faults.js';
import {
  BodyTooLargeError,
  type Ctx,
  parseJsonObject,
  readBody,
  resetConnection,
  sendError,
  sendFault,
} from './http.js';
import { createRandom } from './ids.js';
import { JobEngine } from './jobs.js';
import { RateLimiter, tierLimits } from './rate-limit.js';
import { balance, billings, usage, webhookSecret } from './routes/account.js';
import { legacyPricing, listModels, price } from './routes/catalog.js';
import { history, remove, result, submit } from './routes/predictions.js';
import { stream } from './routes/stream.js';
import { uploadBinary, uploadTicket } from './routes/uploads.js';
import { handleStorage, UploadStore } from './storage.js';
import type {
  SimFault,
  SimFaultHandle,
  SimJob,
  SimModel,
  SimRequest,
  SimState,
  SimUpload,
  Simulator,
  SimulatorOptions,
} from './types.js';
import { webhookBody } from './views.js';
import { WebhookDeliverer } from './webhooks-delivery.js';

const HOST = '127.0.0.1';
/** JSON bodies above this are refused (base64 inputs can be large, but not unbounded). */
const JSON_LIMIT = 64 * 1024 * 1024;

type Handler = (ctx: Ctx) => void | Promise<void>;

interface Route {
  /** Named routes for fault matching, most specific first. */
  names: string[];
  handler: Handler;
  /** Public routes need no key. */
  auth: boolean;
}

/**
 * Starts a local WaveSpeed API simulator: an API origin and a storage origin on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'wavespeed-sdk/testing';
 *
 * const sim = await createSimulator({ speed: 100, seed: 1 });
 * const res = await fetch(`${sim.url}/api/v3/wavespeed-ai/flux-dev`, {
 *   method: 'POST',
 *   headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
 *   body: JSON.stringify({ prompt: 'A cat' }),
 * });
 * const { data } = await res.json();
 * await sim.close();
 * ```
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError('speed must be a positive number');
  const seed = options.seed;
  const ids = createRandom(seed, 1);
  const keyRandom = createRandom(seed, 2);
  const faultRandom = createRandom(seed, 3);
  const durationRandom = createRandom(seed, 4);
  const eventRandom = createRandom(seed, 5);
  const apiKeys =
    options.apiKeys && options.apiKeys.length > 0
      ? [...options.apiKeys]
      : [`wsk_test_${keyRandom.hex(32)}`];
  const webhookSecret = `whsec_${keyRandom.hex(40)}`;
  const initialBalance = options.balance ?? 100;
  const limits = tierLimits(options.tier);
  const logger = options.logger ?? {};
  const faults = new FaultTable(faultRandom);
  const catalog = buildCatalog(options.models ?? []);

  const apiServer = createServer();
  const storageServer = createServer();
  await Promise.all([listen(apiServer, options.port ?? 0), listen(storageServer, 0)]);
  const apiUrl = `http://${HOST}:${(apiServer.address() as AddressInfo).port}`;
  const storageUrl = `http://${HOST}:${(storageServer.address() as AddressInfo).port}`;

  const requests: SimRequest[] = [];
  const webhookLog: SimWebhookDeliveryList = [];
  const deletedIds: string[] = [];

  const webhooks = new WebhookDeliverer({
    secret: webhookSecret,
    speed,
    random: eventRandom,
    record: (delivery) => webhookLog.push(delivery),
    logger,
  });

  // `app` is referenced by the engine's callbacks, which only run after construction.
  let app: App;
  const engine = new JobEngine({
    speed,
    random: durationRandom,
    ...(options.jobDuration === undefined ? {} : { jobDuration: options.jobDuration }),
    ...(options.failWhen === undefined ? {} : { failWhen: options.failWhen }),
    ...(limits === undefined ? {} : { concurrency: limits.concurrency }),
    outputUrl: (id, index, ext) => `${storageUrl}/outputs/${id}/${index}.${ext}`,
    onTerminal: (job) => {
      if (job.status === 'completed') app.balance -= job.price;
      if (job.webhook) webhooks.deliver(job.webhook, job.id, JSON.stringify(webhookBody(app, job)));
    },
  });

  app = {
    speed,
    syncTimeoutMs: options.syncTimeoutMs ?? 90_000,
    apiUrl,
    storageUrl,
    keys: new Set(apiKeys),
    webhookSecret,
    models: new Map(catalog.map((model: SimModel) => [model.model_id, model])),
    catalog,
    engine,
    limiter: limits ? new RateLimiter(limits.perMinute, 60_000 / speed) : undefined,
    limits,
    uploads: new UploadStore({
      storageUrl: () => storageUrl,
      ids,
      ttlMs: options.uploadUrlTtlMs ?? 3_600_000,
    }),
    webhooks,
    ids,
    requests,
    webhookLog,
    deletedIds,
    logger,
    streamTimers: new Set(),
    balance: initialBalance,
    closed: false,
  };

  const dispatch =
    (origin: 'api' | 'storage') =>
    (req: IncomingMessage, res: ServerResponse): void => {
      handle(app, faults, origin, req, res).catch((error: unknown) => {
        logger.error?.('simulator request failed', error);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 500, message: 'Internal server error' }));
        } else {
          res.destroy();
        }
      });
    };
  apiServer.on('request', dispatch('api'));
  storageServer.on('request', dispatch('storage'));
  // A client that vanishes mid-request must not crash the test process.
  for (const server of [apiServer, storageServer]) {
    server.on('clientError', (_error, socket) => socket.destroy());
  }

  let closing: Promise<void> | undefined;
  const sim: Simulator = {
    url: apiUrl,
    storageUrl,
    apiKey: apiKeys[0] ?? '',
    apiKeys,
    webhookSecret,
    get state(): SimState {
      return {
        jobs: engine.all().map(jobSnapshot),
        requests: requests.map((r) => ({ ...r, headers: { ...r.headers }, query: { ...r.query } })),
        uploads: app.uploads.all().map(uploadSnapshot),
        webhooks: webhookLog.map((w) => ({ ...w, headers: { ...w.headers } })),
        balance: Math.round(app.balance * 1e6) / 1e6,
        deletedIds: [...deletedIds],
      };
    },
    inject(fault: SimFault): SimFaultHandle {
      return faults.add(fault);
    },
    clearFaults(): void {
      faults.clear();
    },
    setBalance(usd: number): void {
      app.balance = usd;
    },
    reset(): void {
      engine.clear();
      app.uploads.clear();
      webhooks.clear();
      app.limiter?.clear();
      requests.length = 0;
      webhookLog.length = 0;
      deletedIds.length = 0;
      app.balance = initialBalance;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        app.closed = true;
        engine.close();
        webhooks.close();
        for (const timer of app.streamTimers) clearTimeout(timer);
        app.streamTimers.clear();
        await Promise.all([shutdown(apiServer), shutdown(storageServer)]);
      })();
      return closing;
    },
  };
  return sim;
}

type SimWebhookDeliveryList = App['webhookLog'];

function jobSnapshot(job: SimJob): SimJob {
  return {
    id: job.id,
    model: job.model,
    kind: job.kind,
    status: job.status,
    input: { ...job.input },
    createdAt: job.createdAt,
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.completedAt === undefined ? {} : { completedAt: job.completedAt }),
    ...(job.webhook === undefined ? {} : { webhook: job.webhook }),
    sync: job.sync,
    base64: job.base64,
    price: job.price,
    outputs: [...job.outputs],
    error: job.error,
    apiKey: job.apiKey,
    deleted: job.deleted,
  };
}

function uploadSnapshot(upload: SimUpload): SimUpload {
  const copy: SimUpload = {
    id: upload.id,
    flow: upload.flow,
    filename: upload.filename,
    type: upload.type,
    contentType: upload.contentType,
    size: upload.size,
    status: upload.status,
    receivedBytes: upload.receivedBytes,
    downloadUrl: upload.downloadUrl,
    createdAt: upload.createdAt,
  };
  if (upload.sha256 !== undefined) copy.sha256 = upload.sha256;
  if (upload.uploadUrl !== undefined) copy.uploadUrl = upload.uploadUrl;
  return copy;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive and in-flight sockets would otherwise hold the process open.
    server.closeAllConnections?.();
  });
}

async function handle(
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
      await sleep(app, fault.delayMs);
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

function sleep(app: App, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      app.streamTimers.delete(timer);
      resolve();
    }, ms);
    app.streamTimers.add(timer);
  });
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

async function resolveApiRoute(app: App, ctx: Ctx): Promise<Route | undefined> {
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
      if (isStream && !STREAMING_MODELS.has(modelId)) {
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
