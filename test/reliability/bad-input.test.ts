import { chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { WaveSpeedClient } from '../../src/client.js';
import {
  APIError,
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  ServerError,
  ValidationError,
  WaveSpeedError,
  WebhookVerificationError,
} from '../../src/core/errors.js';
import { computeWebhookSignature } from '../../src/core/signature.js';
import type { ClientOptions } from '../../src/index.js';
import { verifyWebhook } from '../../src/resources/webhooks.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runUnprivileged } from '../helpers/unprivileged.js';

/**
 * Bad input, table-driven: every case must fail with a typed error (or a CLI exit code) whose
 * message names the problem and the way out, without crashing the process or leaving an
 * unhandled rejection. Cases the SDK can judge locally must not send a request.
 */

const MODEL = 'wavespeed-ai/flux-dev';
const SECRET = 'whsec_test_reliability_secret';
type ErrorClass = abstract new (...args: never[]) => Error;

let sim: Simulator;
let odd: Server;
let oddUrl: string;
let dir: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const savedKey = process.env.WAVESPEED_API_KEY;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  delete process.env.WAVESPEED_API_KEY;
  sim = await createSimulator({ speed: 100, seed: 11 });
  dir = mkdtempSync(join(tmpdir(), 'wavespeed-bad-input-'));
  writeFileSync(join(dir, 'bad.json'), '{"prompt": "A cat",');
  writeFileSync(join(dir, 'list.json'), '["A cat"]');
  mkdirSync(join(dir, 'folder'));
  // Sparse: 25 MB on paper, nothing on disk; over the 20 MB image limit.
  writeFileSync(join(dir, 'huge.png'), '');
  truncateSync(join(dir, 'huge.png'), 300 * 1024 * 1024 + 1);
  odd = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/loop')) {
      res.writeHead(302, { location: `/loop/${Math.random().toString(36).slice(2)}` });
      res.end();
      return;
    }
    if (path.startsWith('/endless')) {
      // A body that never ends: the SDK must stop reading, not buffer it all.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let open = true;
      res.on('close', () => {
        open = false;
      });
      const pump = (): void => {
        while (open && res.write(chunk)) {
          // keep writing until the socket pushes back
        }
        if (open) res.once('drain', pump);
      };
      pump();
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"code":404,"message":"not here"}');
  });
  await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
  oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  if (savedKey !== undefined) process.env.WAVESPEED_API_KEY = savedKey;
  await sim.close();
  odd.closeAllConnections();
  await new Promise<void>((resolve) => odd.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  expect(unhandled).toEqual([]);
});

function client(options: ClientOptions = {}): WaveSpeedClient {
  return new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off', ...options });
}

/** A signed webhook delivery, with parts of it overridable. */
function delivery(
  overrides: {
    body?: string | Uint8Array;
    timestamp?: string;
    signedBody?: string | Uint8Array;
  } = {},
): { body: string | Uint8Array; headers: Record<string, string> } {
  const body =
    overrides.body ?? '{"id":"0123abcd","model":"m/x","status":"completed","outputs":[]}';
  const timestamp = overrides.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = computeWebhookSignature(
    SECRET,
    'evt_1',
    timestamp,
    overrides.signedBody ?? body,
  );
  return {
    body,
    headers: {
      'webhook-id': 'evt_1',
      'webhook-timestamp': timestamp,
      'webhook-signature': `v3,${signature}`,
    },
  };
}

interface SdkCase {
  name: string;
  call: () => unknown;
  error: ErrorClass;
  /** Names the problem. */
  problem: RegExp;
  /** Says what to do. */
  fix: RegExp;
  /** Whether the simulator may see a request (false: the SDK must refuse before sending). */
  sends?: boolean;
}

const sdkCases: SdkCase[] = [
  // API key
  {
    name: 'missing key',
    call: () =>
      new WaveSpeedClient({ baseUrl: sim.url, logLevel: 'off' }).run(MODEL, { prompt: 'x' }),
    error: AuthenticationError,
    problem: /No API key/,
    fix: /set WAVESPEED_API_KEY or pass apiKey/,
  },
  {
    name: 'empty key',
    call: () => client({ apiKey: '' }).run(MODEL, { prompt: 'x' }),
    error: AuthenticationError,
    problem: /No API key/,
    fix: /WAVESPEED_API_KEY/,
  },
  {
    name: 'whitespace key',
    call: () => client({ apiKey: ' \t ' }).account.balance(),
    error: AuthenticationError,
    problem: /No API key/,
    fix: /accesskey/,
  },
  {
    name: 'wrong key',
    call: () => client({ apiKey: 'wsk_test_not_a_key' }).account.balance(),
    error: AuthenticationError,
    problem: /invalid API key.*HTTP 401/,
    fix: /Check the API key/,
    sends: true,
  },
  // base URL
  {
    name: 'base URL without a scheme',
    call: () => client({ baseUrl: 'api.wavespeed.ai' }),
    error: ConfigurationError,
    problem: /Invalid baseUrl "api\.wavespeed\.ai"/,
    fix: /absolute http\(s\) URL such as https:\/\/api\.wavespeed\.ai/,
  },
  {
    name: 'base URL with another scheme',
    call: () => client({ baseUrl: 'ftp://api.wavespeed.ai' }),
    error: ConfigurationError,
    problem: /only http and https/,
    fix: /https:\/\/api\.wavespeed\.ai/,
  },
  {
    name: 'base URL with credentials',
    call: () => client({ baseUrl: 'https://user:pass@api.wavespeed.ai' }),
    error: ConfigurationError,
    problem: /Invalid baseUrl/,
    fix: /remove credentials/,
  },
  {
    name: 'empty base URL',
    call: () => client({ baseUrl: '' }),
    error: ConfigurationError,
    problem: /Invalid baseUrl ""/,
    fix: /absolute http\(s\) URL/,
  },
  // model id
  {
    name: 'empty model id',
    call: () => client().run('' as typeof MODEL, { prompt: 'x' }),
    error: ValidationError,
    problem: /model id is empty/,
    fix: /e\.g\. "wavespeed-ai\/flux-dev"/,
  },
  {
    name: 'model id without a slash',
    call: () => client().run('flux-dev' as typeof MODEL, { prompt: 'x' }),
    error: ValidationError,
    problem: /"flux-dev" is not a model id/,
    fix: /"owner\/model"/,
  },
  {
    name: 'model id with spaces',
    call: () => client().predictions.submit('wavespeed-ai/ flux' as typeof MODEL, { prompt: 'x' }),
    error: ValidationError,
    problem: /is not a model id/,
    fix: /e\.g\. "wavespeed-ai\/flux-dev"/,
  },
  {
    name: 'unknown model id',
    call: () => client().run('wavespeed-ai/flux-devv' as typeof MODEL, { prompt: 'x' }),
    error: NotFoundError,
    problem: /Model "wavespeed-ai\/flux-devv" was not found/,
    fix: /Did you mean "wavespeed-ai\/flux-dev"/,
    sends: true,
  },
  // input
  {
    name: 'input null',
    call: () => client().run(MODEL, null as never),
    error: ValidationError,
    problem: /input must be an object/,
    fix: /\{ prompt: "A cat" \}/,
  },
  {
    name: 'input an array',
    call: () => client().run(MODEL, ['A cat'] as never),
    error: ValidationError,
    problem: /input must be an object/,
    fix: /e\.g\./,
  },
  {
    name: 'input a string',
    call: () => client().run(MODEL, 'A cat' as never),
    error: ValidationError,
    problem: /input must be an object/,
    fix: /e\.g\./,
  },
  {
    name: 'unknown input key',
    call: () => client().run(MODEL, { promt: 'A cat' } as never),
    error: ValidationError,
    problem: /"promt"/,
    fix: /did you mean "prompt"/,
  },
  {
    name: 'wrong input type',
    call: () => client().run(MODEL, { prompt: 42 } as never),
    error: ValidationError,
    problem: /"prompt".*string/,
    fix: /Invalid input for wavespeed-ai\/flux-dev/,
  },
  {
    name: 'missing required input',
    call: () => client().run(MODEL, { seed: 1 } as never),
    error: ValidationError,
    problem: /"prompt"/,
    fix: /required/,
  },
  // timeouts, intervals, concurrency
  ...(
    [
      ['timeout', Number.NaN],
      ['timeout', -1],
      ['timeout', 0],
      ['pollInterval', 0],
      ['pollInterval', Number.NaN],
    ] as const
  ).map(
    ([option, value]): SdkCase => ({
      name: `client ${option} ${String(value)}`,
      call: () => client({ [option]: value }),
      error: ConfigurationError,
      problem: new RegExp(`Invalid option ${option}: ${String(value)}`),
      fix: /finite number > 0/,
    }),
  ),
  ...(
    [
      ['timeout', Number.NaN],
      ['timeout', -5],
      ['timeout', 0],
      ['timeout', Number.POSITIVE_INFINITY],
      ['pollInterval', -1],
    ] as const
  ).map(
    ([option, value]): SdkCase => ({
      name: `run ${option} ${String(value)}`,
      call: () => client().run(MODEL, { prompt: 'x' }, { [option]: value }),
      error: ValidationError,
      problem: new RegExp(`"${option}": .*got ${String(value)}`),
      fix: /number of milliseconds > 0/,
    }),
  ),
  {
    name: 'wait timeout 0',
    call: () => client().predictions.wait('0123456789abcdef', { timeout: 0 }),
    error: ValidationError,
    problem: /"timeout"/,
    fix: /milliseconds > 0/,
  },
  ...([0, -1, 1.5] as const).map(
    (value): SdkCase => ({
      name: `maxConcurrency ${value}`,
      call: () => client({ maxConcurrency: value }),
      error: ConfigurationError,
      problem: new RegExp(`Invalid option maxConcurrency: ${value}`),
      fix: /whole number ≥ 1/,
    }),
  ),
  {
    name: 'maxRetries -1',
    call: () => client({ maxRetries: -1 }),
    error: ConfigurationError,
    problem: /Invalid option maxRetries: -1/,
    fix: /whole number ≥ 0/,
  },
  {
    name: 'logLevel unknown',
    call: () => client({ logLevel: 'verbose' as never }),
    error: ConfigurationError,
    problem: /Invalid logLevel "verbose"/,
    fix: /Use one of: off, error, warn, info, debug/,
  },
  // files
  {
    name: 'file missing',
    call: () => client().files.upload(join(dir, 'nope.png')),
    error: ValidationError,
    problem: /File not found: .*nope\.png/,
    fix: /Check the path/,
  },
  {
    name: 'file is a directory',
    call: () => client().files.upload(join(dir, 'folder')),
    error: ValidationError,
    problem: /is a directory/,
    fix: /pass the path of a file/,
  },
  {
    name: 'file too large',
    call: () => client().files.upload(join(dir, 'huge.png')),
    error: ValidationError,
    problem: /300 MB \(314572801 bytes\)/,
    fix: /URL/,
  },
  {
    name: "file over the caller's own maxBytes",
    call: () => client().files.upload(join(dir, 'huge.png'), { maxBytes: 1024 }),
    error: ValidationError,
    problem: /over the maxBytes you set/,
    fix: /Raise maxBytes/,
  },
  {
    name: 'file: URL input that does not exist',
    call: () => client().run(MODEL, { prompt: 'x', image: new URL(`file://${dir}/gone.png`) }),
    error: ValidationError,
    problem: /not found|gone\.png/,
    fix: /Check the path/,
  },
  // what the server sends back
  {
    name: 'non-JSON response',
    call: () => {
      sim.inject({ route: 'balance', status: 200, body: 'hello', times: 3 });
      return client().account.balance();
    },
    error: ServerError,
    problem: /not valid JSON/,
    fix: /check baseUrl and any proxy/,
    sends: true,
  },
  {
    name: 'HTML response',
    call: () => {
      sim.inject({ route: 'balance', status: 502, body: 'html', times: 3 });
      return client().account.balance();
    },
    error: ServerError,
    problem: /502/,
    fix: /retry later|Retry/,
    sends: true,
  },
  {
    name: 'HTML page with HTTP 200',
    call: () => {
      sim.inject({ route: 'balance', status: 200, body: 'html', times: 3 });
      return client().account.balance();
    },
    error: ServerError,
    problem: /an HTML page \(a proxy or gateway answered\)/,
    fix: /check baseUrl and any proxy/,
    sends: true,
  },
  {
    name: 'empty body',
    call: () => {
      sim.inject({ route: 'balance', status: 200, body: 'empty', times: 3 });
      return client().account.balance();
    },
    error: ServerError,
    problem: /empty body/,
    fix: /Retry/,
    sends: true,
  },
  {
    name: 'truncated JSON',
    call: () => {
      sim.inject({ route: 'balance', body: 'truncated', times: 3 });
      return client().account.balance();
    },
    error: ServerError,
    problem: /not valid JSON \(maybe cut off\)/,
    fix: /Retry/,
    sends: true,
  },
  {
    name: 'huge (endless) body',
    call: () =>
      new WaveSpeedClient({
        apiKey: sim.apiKey,
        baseUrl: `${oddUrl}/endless`,
        maxRetries: 0,
        logLevel: 'off',
      }).account.balance(),
    error: ServerError,
    problem: /larger than 128 MiB/,
    fix: /Check that baseUrl points at the WaveSpeed API/,
  },
  {
    name: 'redirect loop',
    call: () =>
      new WaveSpeedClient({
        apiKey: sim.apiKey,
        baseUrl: `${oddUrl}/loop`,
        logLevel: 'off',
      }).account.balance(),
    error: APIError,
    problem: /redirected more than 5 times .*a redirect loop/,
    fix: /Check baseUrl/,
  },
  {
    name: 'unknown prediction id',
    call: () => client().predictions.get('ffffffffffffffffffffffffffffffff'),
    error: NotFoundError,
    problem: /not found/i,
    fix: /Check the model id or prediction id/,
    sends: true,
  },
  {
    name: 'empty prediction id',
    call: () => client().predictions.get(''),
    error: ValidationError,
    problem: /Invalid prediction id/,
    fix: /pass the id returned by submit/,
  },
  // webhooks
  {
    name: 'webhook without headers',
    call: () => verifyWebhook({ body: '{}', headers: {}, secret: SECRET }),
    error: WebhookVerificationError,
    problem: /Missing webhook header\(s\): webhook-id, webhook-timestamp, webhook-signature/,
    fix: /HTTP 400/,
  },
  {
    name: 'webhook with a bad signature',
    call: () => {
      const d = delivery();
      return verifyWebhook({
        ...d,
        headers: { ...d.headers, 'webhook-signature': `v3,${'0'.repeat(64)}` },
        secret: SECRET,
      });
    },
    error: WebhookVerificationError,
    problem: /signature does not match/,
    fix: /client\.webhooks\.secret\(\)/,
  },
  {
    name: 'webhook signed with another secret',
    call: () => verifyWebhook({ ...delivery(), secret: 'whsec_some_other_secret' }),
    error: WebhookVerificationError,
    problem: /signature does not match/,
    fix: /secret is wrong/,
  },
  {
    name: 'webhook with a tampered body',
    call: () =>
      verifyWebhook({
        ...delivery({ signedBody: '{"id":"0123abcd","status":"failed"}' }),
        secret: SECRET,
      }),
    error: WebhookVerificationError,
    problem: /the body was changed/,
    fix: /HTTP 400/,
  },
  {
    name: 'webhook with an old timestamp',
    call: () =>
      verifyWebhook({
        ...delivery({ timestamp: String(Math.floor(Date.now() / 1000) - 3600) }),
        secret: SECRET,
      }),
    error: WebhookVerificationError,
    problem: /timestamp is 3600 s away from now \(tolerance 300 s\)/,
    fix: /replayed delivery, or the server clock is wrong/,
  },
  {
    name: 'webhook with a future timestamp',
    call: () =>
      verifyWebhook({
        ...delivery({ timestamp: String(Math.floor(Date.now() / 1000) + 3600) }),
        secret: SECRET,
      }),
    error: WebhookVerificationError,
    problem: /away from now/,
    fix: /server clock is wrong/,
  },
  {
    name: 'webhook with a non-numeric timestamp',
    call: () => verifyWebhook({ ...delivery({ timestamp: 'yesterday' }), secret: SECRET }),
    error: WebhookVerificationError,
    problem: /Invalid webhook-timestamp "yesterday"/,
    fix: /unix seconds/,
  },
  {
    name: 'webhook with a non-UTF-8 body',
    call: () => {
      const bytes = Buffer.concat([
        Buffer.from('{"id":"0123abcd","status":"completed","error":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}'),
      ]);
      return verifyWebhook({ ...delivery({ body: bytes }), secret: SECRET });
    },
    error: WebhookVerificationError,
    problem: /not valid UTF-8/,
    fix: /raw request bytes/,
  },
  {
    name: 'webhook body that is not JSON',
    call: () => verifyWebhook({ ...delivery({ body: 'id=0123abcd' }), secret: SECRET }),
    error: WebhookVerificationError,
    problem: /not valid JSON/,
    fix: /HTTP 400/,
  },
  {
    name: 'webhook body already parsed',
    call: () => verifyWebhook({ ...delivery(), body: { id: '0123abcd' } as never, secret: SECRET }),
    error: WebhookVerificationError,
    problem: /not parsed JSON/,
    fix: /raw request body/,
  },
  {
    name: 'webhook without a secret',
    call: () => verifyWebhook({ ...delivery(), secret: '' }),
    error: WebhookVerificationError,
    problem: /No webhook secret/,
    fix: /client\.webhooks\.secret\(\)/,
  },
];

describe('bad input to the SDK', () => {
  it('has at least 40 SDK cases', () => {
    expect(sdkCases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of sdkCases) {
    it(`${c.name} → ${c.error.name}`, async () => {
      const before = sim.state.requests.length;
      let caught: unknown;
      try {
        await c.call();
      } catch (error) {
        caught = error;
      }
      expect(caught, 'it must fail').toBeInstanceOf(c.error);
      expect(caught).toBeInstanceOf(WaveSpeedError);
      const message = (caught as Error).message;
      expect(message).toMatch(c.problem);
      expect(message).toMatch(c.fix);
      if (!c.sends) expect(sim.state.requests.length - before, 'no request sent').toBe(0);
    });
  }

  it('an aborted signal rejects every call with its reason, before any request', async () => {
    const reason = new Error('caller gave up');
    const controller = new AbortController();
    controller.abort(reason);
    const { signal } = controller;
    const c = client();
    const before = sim.state.requests.length;
    const calls = [
      c.run(MODEL, { prompt: 'x' }, { signal }),
      c.predictions.submit(MODEL, { prompt: 'x' }, { signal }),
      c.predictions.get('0123456789abcdef', { signal }),
      c.predictions.wait('0123456789abcdef', { signal }),
      c.account.balance({ signal }),
      c.files.upload(new Uint8Array([1, 2, 3]), { signal }),
      c.models.list({ signal, refresh: true }),
    ];
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBe(reason);
    }
    expect(sim.state.requests.length).toBe(before);
  });

  it('an unreadable file is a ValidationError naming the permission problem', async () => {
    const file = join(dir, 'secret.png');
    writeFileSync(file, Buffer.from([137, 80, 78, 71]));
    chmodSync(file, 0o000);
    chmodSync(dir, 0o755);
    // Root reads anything: the upload runs as an unprivileged user, in a child.
    const shown = await unprivilegedUpload(file);
    expect(shown.name).toBe('ValidationError');
    expect(shown.message).toMatch(/permission denied/);
    expect(shown.message).toMatch(/Check the file's permissions/);
  });
});

async function unprivilegedUpload(file: string): Promise<{ name: string; message: string }> {
  const out = await runUnprivileged(
    fileURLToPath(new URL('../../src/index.ts', import.meta.url)),
    `import { WaveSpeedClient } from './entry.mjs';
    const client = new WaveSpeedClient({ apiKey: 'wsk_test_x', baseUrl: 'http://127.0.0.1:9', logLevel: 'off' });
    try { await client.files.upload(${JSON.stringify(file)}); console.log('{"name":"none","message":"uploaded"}'); }
    catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`,
  );
  return JSON.parse(out) as { name: string; message: string };
}

interface CliCase {
  name: string;
  argv: string[];
  env?: Record<string, string | undefined>;
  code: number;
  problem: RegExp;
  fix: RegExp;
}

const cliCases = (): CliCase[] => {
  const env = { WAVESPEED_API_KEY: sim.apiKey, WAVESPEED_BASE_URL: sim.url };
  const help = /wavespeed run --help/;
  return [
    {
      name: 'unknown flag',
      argv: ['run', MODEL, '-p', 'x', '--nope'],
      env,
      code: 2,
      problem: /Unknown option --nope/,
      fix: help,
    },
    {
      name: 'unknown command',
      argv: ['rnu', MODEL],
      env,
      code: 2,
      problem: /Unknown command "rnu"/,
      fix: /Did you mean "run"\?/,
    },
    {
      name: 'missing model',
      argv: ['run'],
      env,
      code: 2,
      problem: /Missing <model>/,
      fix: /Usage: wavespeed run <model>/,
    },
    {
      name: 'model without a slash',
      argv: ['run', 'flux-dev', '-p', 'x'],
      env,
      code: 2,
      problem: /"flux-dev" is not a model id/,
      fix: /e\.g\. "wavespeed-ai\/flux-dev"/,
    },
    {
      name: 'unknown model',
      argv: ['run', 'wavespeed-ai/flux-devv', '-p', 'x'],
      env,
      code: 2,
      problem: /Unknown model "wavespeed-ai\/flux-devv"/,
      fix: /Did you mean: wavespeed-ai\/flux-dev\b/,
    },
    {
      name: 'timeout not a number',
      argv: ['run', MODEL, '-p', 'x', '--timeout', 'soon'],
      env,
      code: 2,
      problem: /--timeout must be a positive number of seconds, got "soon"/,
      fix: help,
    },
    {
      name: 'timeout zero',
      argv: ['run', MODEL, '-p', 'x', '--timeout', '0'],
      env,
      code: 2,
      problem: /--timeout must be a positive number/,
      fix: help,
    },
    {
      name: 'input without =',
      argv: ['run', MODEL, '--input', 'seed'],
      env,
      code: 2,
      problem: /"--input seed": expected key=value/,
      fix: /e\.g\. --input seed=42/,
    },
    {
      name: 'input with an empty key',
      argv: ['run', MODEL, '--input', ' =1'],
      env,
      code: 2,
      problem: /expected key=value|not a valid input key/,
      fix: help,
    },
    {
      name: 'input file missing',
      argv: ['run', MODEL, '--input-file', 'nope.json'],
      env,
      code: 2,
      problem: /"--input-file nope\.json": no such file/,
      fix: help,
    },
    {
      name: 'input file not JSON',
      argv: ['run', MODEL, '--input-file', 'bad.json'],
      env,
      code: 2,
      problem: /not valid JSON/,
      fix: help,
    },
    {
      name: 'input file not an object',
      argv: ['run', MODEL, '--input-file', 'list.json'],
      env,
      code: 2,
      problem: /must hold a JSON object/,
      fix: /\{"prompt": "A cat"\}/,
    },
    {
      name: 'unknown input key',
      argv: ['run', MODEL, '-i', 'promt=A cat'],
      env,
      code: 2,
      problem: /"promt"/,
      fix: /did you mean "prompt"/,
    },
    {
      name: '@file missing',
      argv: ['run', MODEL, '-p', 'x', '-i', 'image=@gone.png'],
      env,
      code: 2,
      problem: /gone\.png/,
      fix: /no such file|not found|Check the path/i,
    },
    {
      name: 'missing key',
      argv: ['balance'],
      env: { WAVESPEED_BASE_URL: sim.url },
      code: 2,
      problem: /WAVESPEED_API_KEY is not set/,
      fix: /export WAVESPEED_API_KEY=/,
    },
    {
      name: 'blank key',
      argv: ['balance'],
      env: { ...env, WAVESPEED_API_KEY: '   ' },
      code: 2,
      problem: /WAVESPEED_API_KEY is not set/,
      fix: /wavespeed simulate/,
    },
    {
      name: 'wrong key',
      argv: ['balance'],
      env: { ...env, WAVESPEED_API_KEY: 'wsk_test_wrong' },
      code: 1,
      problem: /invalid API key/,
      fix: /Check WAVESPEED_API_KEY/,
    },
    {
      name: 'invalid base URL',
      argv: ['balance', '--base-url', 'not a url'],
      env,
      code: 2,
      problem: /Invalid baseUrl "not a url"/,
      fix: /absolute http\(s\) URL/,
    },
    {
      name: 'status without id',
      argv: ['status'],
      env,
      code: 2,
      problem: /Missing <id>|Missing </,
      fix: /Usage: wavespeed status/,
    },
    {
      name: 'upload of a missing file',
      argv: ['upload', 'gone.png'],
      env,
      code: 2,
      problem: /No such file: gone\.png/,
      fix: /wavespeed upload --help/,
    },
    {
      name: 'upload of a directory',
      argv: ['upload', 'folder'],
      env,
      code: 2,
      problem: /Not a file: folder/,
      fix: /wavespeed upload --help/,
    },
    {
      name: 'history limit not a number',
      argv: ['history', '--limit', 'ten'],
      env,
      code: 2,
      problem: /--limit must be a positive whole number, got "ten"/,
      fix: /wavespeed history --help/,
    },
    {
      name: 'extra argument',
      argv: ['run', MODEL, 'A', 'cat'],
      env,
      code: 2,
      problem: /Unexpected argument "A" "cat"/,
      fix: /quote a prompt that has spaces/,
    },
  ];
};

async function cli(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await main({
    argv,
    env: { NO_COLOR: '1', ...env },
    cwd: dir,
    stdout,
    stderr,
    signal: new AbortController().signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err };
}

describe('bad input to the CLI', () => {
  it('has at least 20 CLI cases', () => {
    expect(cliCases().length).toBeGreaterThanOrEqual(20);
  });

  it('every case exits with its code and says what is wrong and what to do', async () => {
    const failures: string[] = [];
    for (const c of cliCases()) {
      const result = await cli(c.argv, c.env ?? {});
      const problems = [
        result.code === c.code ? '' : `exit ${result.code}, expected ${c.code}`,
        c.problem.test(result.stderr) ? '' : `no ${c.problem}`,
        c.fix.test(result.stderr) ? '' : `no ${c.fix}`,
        result.stdout === '' ? '' : 'wrote to stdout',
        /\n\s+at /.test(result.stderr) ? 'printed a stack trace' : '',
      ].filter(Boolean);
      if (problems.length > 0) failures.push(`${c.name}: ${problems.join('; ')}\n${result.stderr}`);
    }
    expect(failures).toEqual([]);
  });

  it('with --json, a bad command line prints one JSON error document', async () => {
    const result = await cli(['run', MODEL, '-p', 'x', '--timeout', 'soon', '--json'], {
      WAVESPEED_API_KEY: sim.apiKey,
      WAVESPEED_BASE_URL: sim.url,
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: expect.objectContaining({ name: 'UsageError', exitCode: 2 }),
    });
  });
});
