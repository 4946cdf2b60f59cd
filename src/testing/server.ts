import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { modelIdIssues } from '../models/model-id.js';
import type { App } from './app.js';
import { buildCatalog } from './catalog.js';
import { handle } from './dispatch.js';
import { FaultTable } from './faults.js';
import { createRandom } from './ids.js';
import { JobEngine } from './jobs.js';
import { MediaCache } from './media.js';
import { RateLimiter, tierLimits } from './rate-limit.js';
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
  SimWebhookDelivery,
} from './types.js';
import { UploadStore } from './upload-store.js';
import { UPLOAD_LIMITS } from './upload-types.js';
import { webhookBody } from './views.js';
import { WebhookDeliverer } from './webhooks-delivery.js';

const HOST = '127.0.0.1';
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
  for (const model of options.models ?? []) {
    const [issue] = modelIdIssues(model?.model_id, 'models[].model_id');
    if (issue !== undefined) throw new TypeError(`${issue.path}: ${issue.message}`);
  }
  const catalog = buildCatalog(options.models ?? []);

  const apiServer = createServer();
  const storageServer = createServer();
  await Promise.all([listen(apiServer, options.port ?? 0), listen(storageServer, 0)]);
  const apiUrl = `http://${HOST}:${(apiServer.address() as AddressInfo).port}`;
  const storageUrl = `http://${HOST}:${(storageServer.address() as AddressInfo).port}`;

  const requests: SimRequest[] = [];
  const webhookLog: SimWebhookDelivery[] = [];
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
    media: new MediaCache(),
    uploadLimits: { ...UPLOAD_LIMITS, ...options.uploadLimits },
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
      app.media.clear();
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
