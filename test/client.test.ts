import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../src/client.js';
import { AuthenticationError, ConfigurationError } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import * as sdk from '../src/index.js';
import { createSimulator, type Simulator } from '../src/testing/index.js';
import { type NodeRun, runNode } from './helpers/run-node.js';

const MODEL = 'wavespeed-ai/flux-dev';
const DIST = new URL('../dist/index.js', import.meta.url).href;
let sim: Simulator;
const saved = { key: process.env.WAVESPEED_API_KEY, url: process.env.WAVESPEED_BASE_URL };
const dirs: string[] = [];

beforeEach(async () => {
  sim = await createSimulator({ speed: 100, seed: 9 });
});

afterEach(async () => {
  await sim.close();
  for (const [name, value] of [
    ['WAVESPEED_API_KEY', saved.key],
    ['WAVESPEED_BASE_URL', saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function recorder(): { logger: Logger; text: () => string } {
  const lines: unknown[] = [];
  const push = (message: string, fields?: Record<string, unknown>): void => {
    lines.push([message, fields]);
  };
  return {
    logger: { debug: push, info: push, warn: push, error: push },
    text: () => JSON.stringify(lines),
  };
}

describe('WaveSpeedClient construction', () => {
  it('reads the environment when constructed, not at import', async () => {
    process.env.WAVESPEED_API_KEY = sim.apiKey;
    process.env.WAVESPEED_BASE_URL = sim.url;
    const client = new WaveSpeedClient({ logLevel: 'off' });
    process.env.WAVESPEED_API_KEY = 'wsk_test_changed_later';
    expect(client.baseUrl).toBe(sim.url);
    expect((await client.account.balance()).balance).toBe(100);
  });

  it('without a key, the first call fails with AuthenticationError and sends nothing', async () => {
    delete process.env.WAVESPEED_API_KEY;
    const client = new WaveSpeedClient({ baseUrl: sim.url, logLevel: 'off' });
    const error = await client.run(MODEL, { prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('rejects invalid options at construction with the fix', () => {
    expect(() => new WaveSpeedClient({ timeout: 0 })).toThrow(ConfigurationError);
    expect(() => new WaveSpeedClient({ maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => new WaveSpeedClient({ baseUrl: 'api.wavespeed.ai' })).toThrow(/baseUrl/);
  });

  it('exports the public names of the contract', () => {
    for (const name of [
      'WaveSpeedClient',
      'WaveSpeedError',
      'isWaveSpeedError',
      'APIError',
      'AuthenticationError',
      'PermissionDeniedError',
      'NotFoundError',
      'ValidationError',
      'InsufficientBalanceError',
      'RateLimitError',
      'ServerError',
      'ConnectionError',
      'RequestTimeoutError',
      'PredictionFailedError',
      'PredictionTimeoutError',
      'SubmissionUnknownError',
      'WebhookVerificationError',
      'verifyWebhook',
    ]) {
      expect(sdk).toHaveProperty(name);
    }
    const client = new WaveSpeedClient({ apiKey: 'wsk_test_x' });
    for (const ns of ['predictions', 'files', 'models', 'account', 'webhooks'] as const) {
      expect(client[ns]).toBeDefined();
    }
    expect(typeof client.run).toBe('function');
    expect(typeof client.stream).toBe('function');
  });
});

describe('key redaction', () => {
  it('the key never shows in inspect, JSON, logs or errors', async () => {
    const { logger, text } = recorder();
    const client = new WaveSpeedClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      logger,
      logLevel: 'debug',
    });
    expect(inspect(client, { depth: 10 })).not.toContain(sim.apiKey);
    expect(inspect(client.predictions, { depth: 10, showHidden: true })).not.toContain(sim.apiKey);
    expect(JSON.stringify(client)).not.toContain(sim.apiKey);

    await client.run(MODEL, { prompt: 'my very private prompt' });
    sim.inject({ route: 'submit', status: 500 });
    const error = await client.run(MODEL, { prompt: 'second private prompt' }).catch((e) => e);
    sim.inject({
      route: 'balance',
      status: 401,
      body: { code: 401, message: `key ${sim.apiKey} rejected` },
    });
    const authError = await client.account.balance().catch((e: unknown) => e);
    for (const e of [error, authError]) {
      const shown = `${inspect(e, { depth: 10 })}${JSON.stringify(e)}${String(e)}${(e as Error).stack}`;
      expect(shown).not.toContain(sim.apiKey);
    }
    const logs = text();
    expect(logs).toContain('submitting to wavespeed-ai/flux-dev');
    expect(logs).toContain('prompt');
    expect(logs).not.toContain(sim.apiKey);
    expect(logs).not.toContain('private prompt');
  });
});

describe('process exit', () => {
  async function runChild(script: string): Promise<NodeRun> {
    const dir = mkdtempSync(join(tmpdir(), 'wavespeed-exit-'));
    dirs.push(dir);
    const file = join(dir, 'child.mjs');
    writeFileSync(file, script);
    return runNode([file], {
      env: { PATH: process.env.PATH ?? '', SIM_URL: sim.url, SIM_KEY: sim.apiKey },
    });
  }

  it('leaves nothing alive once run() rejects on its deadline or an abort', async () => {
    await sim.close();
    sim = await createSimulator({ speed: 1, seed: 9, jobDuration: 120_000 });
    const { stdout, stderr, code } = await runChild(`
      import { WaveSpeedClient } from ${JSON.stringify(DIST)};
      const client = new WaveSpeedClient({ apiKey: process.env.SIM_KEY, baseUrl: process.env.SIM_URL, logLevel: 'off' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('aborted')), 250).unref();
      const results = await Promise.allSettled([
        client.run('${MODEL}', { prompt: 'slow' }, { timeout: 250 }),
        client.run('${MODEL}', { prompt: 'slower' }, { signal: controller.signal }),
      ]);
      process.stdout.write(results.map((r) => r.status + ':' + r.reason?.name + ':' + r.reason?.message.slice(0, 12)).join(' ') + ' settled\\n');
      // What still keeps the event loop alive (Node's own list), once the settled calls' cleanup ran.
      setImmediate(() => process.stdout.write('active ' + JSON.stringify(process.getActiveResourcesInfo()) + '\\n'));
    `);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('rejected:PredictionTimeoutError');
    expect(stdout).toContain('rejected:Error:aborted');
    const active = JSON.parse(/^active (.*)$/m.exec(stdout)?.[1] ?? 'null') as string[] | null;
    // No timer is left (sockets of aborted requests may still be closing: the exit shows they go).
    expect(active).not.toBeNull();
    expect(active?.filter((resource) => resource === 'Timeout')).toEqual([]);
  });
});
