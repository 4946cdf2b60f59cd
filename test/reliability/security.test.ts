import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import type { Logger, LogLevel } from '../../src/core/logger.js';
import { computeWebhookSignature } from '../../src/core/signature.js';
import { verifyWebhook } from '../../src/resources/webhooks.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runCli, simEnv } from '../cli/helpers.js';

/**
 * Security properties: the key never leaks (logs at every level, errors in every rendering, CLI
 * output), the Authorization header stays on the API origin, webhook signatures are compared in
 * constant time, production dependencies are the reviewed set, and nothing evaluates code.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = 'wavespeed-ai/flux-dev';
let sim: Simulator;
let dir: string;
const servers: Server[] = [];

beforeAll(async () => {
  sim = await createSimulator({ speed: 100, seed: 21 });
  dir = mkdtempSync(join(tmpdir(), 'wavespeed-security-'));
});

afterEach(() => {
  sim.clearFaults();
});

afterAll(async () => {
  await sim.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Every string reachable from `value`: own properties (hidden ones too), causes, arrays. */
function strings(value: unknown, seen = new Set<unknown>(), out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return out;
  if (seen.has(value)) return out;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    out.push(key);
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) strings(descriptor.value, seen, out);
  }
  if (value instanceof Headers) {
    value.forEach((v) => {
      out.push(v);
    });
  }
  return out;
}

/** Every way an error gets shown: message, stack, String, JSON, inspect, and all its fields. */
function renderings(error: unknown): string {
  return [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    ...strings(error),
  ].join('\n');
}

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${inspect(fields, { depth: Number.POSITIVE_INFINITY })}`);
    };
  return {
    logger: { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
    lines,
  };
}

interface Recorded {
  url: string;
  seen: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
}

async function server(
  handle: (
    req: { method: string; path: string; headers: IncomingHttpHeaders },
    res: import('node:http').ServerResponse,
  ) => void,
): Promise<Recorded> {
  const seen: Recorded['seen'] = [];
  const s = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    seen.push(entry);
    req.resume();
    req.on('end', () => handle(entry, res));
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

/** Success, retries, a recovered submit, an upload and failures of every kind, at `level`. */
async function exercise(
  level: LogLevel,
  echoUrl: string,
): Promise<{ key: string; lines: string[]; errors: unknown[]; clients: WaveSpeedClient[] }> {
  const own = await createSimulator({ speed: 100, seed: 22 });
  try {
    const key = own.apiKey;
    const { logger, lines } = recorder();
    const options = { apiKey: key, logger, logLevel: level, maxRetries: 1 };
    const client = new WaveSpeedClient({ ...options, baseUrl: own.url });
    const errors: unknown[] = [];
    const failed = (promise: Promise<unknown>): Promise<void> =>
      promise.then(
        () => {
          errors.push(new Error('expected a failure'));
        },
        (error: unknown) => {
          errors.push(error);
        },
      );
    await client.run(MODEL, { prompt: 'private prompt one' });
    own.inject({ route: 'result', status: 503, times: 2 });
    own.inject({ route: 'submit', reset: 'after-create' });
    await client.run(MODEL, { prompt: 'private prompt two' });
    await client.files.upload(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0]));
    await client.webhooks.secret();
    own.inject({ route: 'submit', status: 500 });
    await failed(client.run(MODEL, { prompt: 'private prompt three' }));
    own.inject({
      route: 'balance',
      status: 401,
      body: { code: 401, message: `key ${key} is not valid` },
    });
    await failed(client.account.balance());
    own.inject({ route: 'result', status: 404 });
    await failed(client.predictions.get('0123456789abcdef'));
    own.inject({ route: 'submit', body: 'truncated' });
    await client.run(MODEL, { prompt: 'private prompt four' });
    await failed(client.run(MODEL, { prompt: 'x' }, { timeout: 1 }));
    await failed(client.run(MODEL, { prompt: '[[fail]] private prompt five' }));
    const proxied = new WaveSpeedClient({ ...options, baseUrl: echoUrl });
    await failed(proxied.account.balance());
    const unreachable = new WaveSpeedClient({ ...options, baseUrl: 'http://127.0.0.1:9' });
    await failed(unreachable.account.balance());
    return { key, lines, errors, clients: [client, proxied, unreachable] };
  } finally {
    await own.close();
  }
}

describe('the API key never leaks', () => {
  it('not in logs at any level, nor in any error, through success, retries, recovery and failures', async () => {
    // A proxy in front of the API that echoes the Authorization header back, in a header and in
    // the body of an error.
    const echo = await server((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      res.writeHead(500, { 'content-type': 'application/json', 'x-echo-authorization': auth });
      res.end(JSON.stringify({ code: 500, message: `upstream rejected ${auth}` }));
    });
    // Every level at once, each with its own simulator (faults are per simulator).
    const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];
    const results = await Promise.all(levels.map((level) => exercise(level, echo.url)));
    expect(echo.seen.length).toBeGreaterThan(0);
    const debug = results[0]?.lines ?? [];
    expect(debug.some((line) => line.startsWith('debug '))).toBe(true);
    expect(debug.some((line) => line.includes('retrying'))).toBe(true);
    for (const { key, lines, errors, clients } of results) {
      const logs = lines.join('\n');
      expect(logs).not.toContain(key);
      expect(logs).not.toContain('private prompt');
      expect(errors).toHaveLength(7);
      for (const error of errors) {
        expect(error).toBeInstanceOf(Error);
        expect(renderings(error)).not.toContain(key);
      }
      for (const client of clients) {
        const shown = inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true });
        expect(shown).not.toContain(key);
        expect(JSON.stringify(client)).not.toContain(key);
        expect(strings(client).join('\n')).not.toContain(key);
      }
    }
  });

  it('not in CLI output, plain or --json, verbose or not, success or failure', async () => {
    const env = simEnv(sim);
    writeFileSync(join(dir, 'cat.png'), Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 1, 2]));
    sim.inject({
      route: 'balance',
      status: 401,
      body: { code: 401, message: `key ${sim.apiKey} is not valid` },
      times: 2,
    });
    const runs = await Promise.all([
      runCli(['run', MODEL, '-p', 'A cat', '--verbose'], { env }),
      runCli(['run', MODEL, '-p', 'A cat', '--verbose', '--json'], { env }),
      runCli(['upload', join(dir, 'cat.png'), '--verbose', '--json'], { env }),
      runCli(['balance', '--verbose'], { env }),
      runCli(['balance', '--verbose', '--json'], { env }),
      runCli(['run', 'wavespeed-ai/nope', '-p', 'x', '--verbose', '--json'], { env }),
      runCli(['run', MODEL, '-p', 'x', '--base-url', 'http://127.0.0.1:9', '--verbose'], { env }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 1, 1, 2, 1]);
    for (const result of runs) {
      expect(result.stdout + result.stderr).not.toContain(sim.apiKey);
    }
    // --verbose did log requests, so there was something to leak.
    expect(runs[0]?.stderr).toMatch(/debug|→/);
  });
});

describe('the Authorization header stays on the API origin', () => {
  it('presigned upload: the bytes go to storage without it', async () => {
    const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
    const before = sim.state.requests.length;
    const file = await client.files.upload(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 7]));
    expect(file.url.startsWith(sim.storageUrl)).toBe(true);
    const requests = sim.state.requests.slice(before);
    const put = requests.filter((r) => r.origin === 'storage');
    expect(put.map((r) => r.method)).toEqual(['PUT']);
    expect(put[0]?.headers.authorization).toBeUndefined();
    expect(requests.find((r) => r.origin === 'api')?.headers.authorization).toBe(
      `Bearer ${sim.apiKey}`,
    );
  });

  it('output download by the CLI: files are fetched without it', async () => {
    const out = join(dir, 'out');
    const before = sim.state.requests.length;
    const result = await runCli(['run', MODEL, '-p', 'A cat', '--output-dir', out], {
      env: simEnv(sim),
    });
    expect(result.code).toBe(0);
    expect(readdirSync(out).length).toBeGreaterThan(0);
    const downloads = sim.state.requests.slice(before).filter((r) => r.origin === 'storage');
    expect(downloads.length).toBeGreaterThan(0);
    for (const request of downloads) expect(request.headers.authorization).toBeUndefined();
  });

  it('cross-origin redirect (GET 302, POST 307): the second server never sees it', async () => {
    const other = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const data = req.path.includes('balance')
        ? { balance: 7 }
        : { id: 'a1b2c3d4e5f6', model: MODEL, status: 'completed', outputs: ['https://x/y.png'] };
      res.end(JSON.stringify({ code: 200, message: 'success', data }));
    });
    const api = await server((req, res) => {
      res.writeHead(req.method === 'POST' ? 307 : 302, { location: `${other.url}${req.path}` });
      res.end();
    });
    const client = new WaveSpeedClient({
      apiKey: sim.apiKey,
      baseUrl: api.url,
      logLevel: 'off',
      validateInput: false,
    });
    expect((await client.account.balance()).balance).toBe(7);
    const submitted = await client.predictions.submit(MODEL, { prompt: 'x' });
    expect(submitted.id).toBe('a1b2c3d4e5f6');
    expect(api.seen.map((s) => s.headers.authorization)).toEqual([
      `Bearer ${sim.apiKey}`,
      `Bearer ${sim.apiKey}`,
    ]);
    expect(other.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v3/balance',
      `POST /api/v3/${MODEL}`,
    ]);
    for (const seen of other.seen) expect(seen.headers.authorization).toBeUndefined();
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_constant_time_check';
  const body = '{"id":"0123abcd","model":"m/x","status":"completed","outputs":[]}';

  it('are compared with timingSafeEqual, never with ===', () => {
    const webhooks = readFileSync(join(ROOT, 'src/resources/webhooks.ts'), 'utf8');
    const signature = readFileSync(join(ROOT, 'src/core/signature.ts'), 'utf8');
    expect(webhooks).toMatch(/constantTimeEqualHex\(/);
    expect(signature).toMatch(/from 'node:crypto'/);
    expect(signature).toMatch(/timingSafeEqual\(left, right\)/);
    // No direct comparison of the computed digest anywhere.
    expect(webhooks).not.toMatch(/expected\s*[!=]==?|[!=]==?\s*expected/);
    expect(webhooks).not.toMatch(/\.localeCompare\(|\.startsWith\(expected|\.includes\(expected/);
  });

  it('accept the exact signature only: every one-character change is refused', () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const good = computeWebhookSignature(secret, 'evt_1', timestamp, body);
    const headers = (signature: string): Record<string, string> => ({
      'webhook-id': 'evt_1',
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    });
    expect(verifyWebhook({ body, headers: headers(`v3,${good}`), secret }).id).toBe('0123abcd');
    // Another, wrong, signature beside the right one is fine (key rotation).
    expect(
      verifyWebhook({ body, headers: headers(`v3,${'0'.repeat(64)} v3,${good}`), secret }).id,
    ).toBe('0123abcd');
    const refused = (signature: string): boolean => {
      try {
        verifyWebhook({ body, headers: headers(signature), secret });
        return false;
      } catch {
        return true;
      }
    };
    for (let i = 0; i < good.length; i += 1) {
      const flipped = `${good.slice(0, i)}${good[i] === '0' ? '1' : '0'}${good.slice(i + 1)}`;
      expect(refused(`v3,${flipped}`), `position ${i}`).toBe(true);
    }
    expect(refused(`v3,${good.slice(0, -1)}`)).toBe(true);
    expect(refused(`v3,${good}0`)).toBe(true);
    expect(refused(`v1,${good}`)).toBe(true);
    expect(refused(good)).toBe(true);
    expect(refused('v3,')).toBe(true);
  });
});

describe('supply chain and code evaluation', () => {
  it('production dependencies are the reviewed set, each pinned by an sha512 integrity', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { dev?: boolean; resolved?: string; integrity?: string; version?: string }
      >;
    };
    const production = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.dev !== true && !entry.dev)
      .map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), ...entry }));
    expect(production.map((p) => p.name).sort()).toEqual([
      'is-network-error',
      'ky',
      'p-queue',
      'p-retry',
      'yocto-spinner',
      'yoctocolors',
      'zod',
    ]);
    for (const entry of production) {
      expect(entry.resolved ?? 'https://registry.npmjs.org/', entry.name).toMatch(
        /^https:\/\/registry\.npmjs\.org\//,
      );
      expect(entry.integrity, entry.name).toMatch(/^sha512-/);
    }
  });

  it('no eval, new Function or vm in src/ or dist/', () => {
    const files: string[] = [];
    const walk = (path: string): void => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        const full = join(path, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|js|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
          files.push(full);
      }
    };
    walk(join(ROOT, 'src'));
    const dist = join(ROOT, 'dist');
    expect(existsSync(dist) && statSync(dist).isDirectory()).toBe(true);
    for (const sub of ['', 'cli', 'testing']) {
      for (const name of readdirSync(join(dist, sub))) {
        if (/\.(js|cjs)$/.test(name)) files.push(join(dist, sub, name));
      }
    }
    expect(files.some((f) => f.endsWith(join('dist', 'index.cjs')))).toBe(true);
    const offenders: string[] = [];
    const patterns = [
      /(^|[^\w$.])eval\s*\(/,
      /\bnew\s+Function\s*\(/,
      /(^|[^\w$.])Function\s*\(\s*["'`]/,
      /\bfrom\s+['"](node:)?vm['"]|require\(\s*['"](node:)?vm['"]\s*\)/,
      /\bset(Timeout|Interval)\s*\(\s*["'`]/,
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) {
        if (pattern.test(text)) offenders.push(`${file.slice(ROOT.length)}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
