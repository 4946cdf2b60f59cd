import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientOptions, resolveConfig } from '../../src/core/config.js';
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from '../../src/core/errors.js';
import { HttpClient } from '../../src/core/http.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;
const servers: Server[] = [];

function http(options: ClientOptions = {}): HttpClient {
  const { config, apiKey } = resolveConfig({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    logLevel: 'off',
    ...options,
  });
  return new HttpClient(config, apiKey);
}

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  method: string;
}

/** A plain local server (a second origin): records requests, answers with `reply`. */
async function server(
  reply: (url: string, res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers, method: req.method ?? '' });
    req.resume();
    req.on('end', () => reply(req.url ?? '', res));
  });
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

beforeEach(async () => {
  sim = await createSimulator({ speed: 100, seed: 3 });
});

afterEach(async () => {
  await sim.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
});

describe('HttpClient envelope', () => {
  it('unwraps data and sends the client headers', async () => {
    const data = await http().request<{ balance: number }>({
      method: 'GET',
      path: '/api/v3/balance',
    });
    expect(data.balance).toBe(100);
    const headers = sim.state.requests[0]?.headers ?? {};
    expect(headers['x-client-name']).toBe('wavespeed-sdk');
    expect(headers['x-client-version']).toMatch(/^\d+\.\d+\.\d+/);
    const os = process.platform === 'win32' ? 'windows' : process.platform;
    expect(headers['user-agent']).toBe(
      `wavespeed-sdk/${headers['x-client-version']} (node/${process.versions.node}; ${os})`,
    );
    expect(headers['x-client-os']).toBe(os);
    expect(headers.authorization).toBe(`Bearer ${sim.apiKey}`);
  });

  it('treats HTTP 200 with an error code in the body as an error', async () => {
    sim.inject({
      route: 'balance',
      status: 200,
      body: { code: 500, message: 'Upload failed: invalid file type' },
    });
    const error = await failure(
      http({ maxRetries: 0 }).request({ method: 'GET', path: '/api/v3/balance' }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toContain('Upload failed: invalid file type');
  });

  it('reads {"error": "..."} bodies', async () => {
    const error = await failure(
      http().request({
        method: 'POST',
        path: '/api/v3/wavespeed-ai/flux-dev',
        query: { webhook: 'https://example.com/h' },
        json: { prompt: 'x', enable_base64_output: true },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('webhook callback does not support base64 output');
  });

  it.each([
    ['html', /non-JSON body: "<html>/],
    ['empty', /empty body/],
  ] as const)('maps a %s error page to ServerError with a short snippet', async (body, pattern) => {
    sim.inject({ route: 'balance', body, times: 5 });
    const error = await failure(
      http({ maxRetries: 0 }).request({ method: 'GET', path: '/api/v3/balance' }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(502);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message.length).toBeLessThan(600);
  });

  it('maps a truncated success body to ServerError, and retries it for GETs', async () => {
    sim.inject({ route: 'balance', body: 'truncated' });
    const error = await failure(
      http({ maxRetries: 0 }).request({ method: 'GET', path: '/api/v3/balance' }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toContain('not valid JSON');
    sim.inject({ route: 'balance', body: 'truncated' });
    const data = await http().request<{ balance: number }>({
      method: 'GET',
      path: '/api/v3/balance',
    });
    expect(data.balance).toBe(100);
  });

  it('keeps the request id, and never shows the key even when the server echoes it', async () => {
    sim.inject({
      route: 'balance',
      status: 401,
      headers: { 'x-request-id': 'req_abc' },
      body: { code: 401, message: `Invalid key ${sim.apiKey}` },
    });
    const error = (await failure(
      http().request({ method: 'GET', path: '/api/v3/balance' }),
    )) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.requestId).toBe('req_abc');
    expect(error.message).toContain('request id req_abc');
    const everything = `${error.message}${error.stack}${JSON.stringify(error)}${JSON.stringify(error.body)}`;
    expect(everything).not.toContain(sim.apiKey);
    expect(everything).toContain('[redacted]');
  });
});

describe('HttpClient error classes from real answers', () => {
  it('401 for a wrong key', async () => {
    const error = await failure(
      http({ apiKey: 'wsk_test_wrong' }).request({ method: 'GET', path: '/api/v3/balance' }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('WAVESPEED_API_KEY');
  });

  it('a missing key fails before any request', async () => {
    const saved = process.env.WAVESPEED_API_KEY;
    delete process.env.WAVESPEED_API_KEY;
    try {
      const error = await failure(
        http({ apiKey: undefined }).request({ method: 'GET', path: '/api/v3/balance' }),
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toContain('set WAVESPEED_API_KEY or pass apiKey');
      expect(sim.state.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.WAVESPEED_API_KEY = saved;
    }
  });

  it('403 insufficient balance vs other 403s', async () => {
    sim.setBalance(0);
    const poor = await failure(
      http().request({
        method: 'POST',
        path: '/api/v3/wavespeed-ai/flux-dev',
        json: { prompt: 'x' },
      }),
    );
    expect(poor).toBeInstanceOf(InsufficientBalanceError);
    expect((poor as Error).message).toContain('Top up');
    sim.inject({
      route: 'balance',
      status: 403,
      body: { code: 403, message: 'Forbidden: role viewer' },
    });
    const denied = await failure(http().request({ method: 'GET', path: '/api/v3/balance' }));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
  });

  it('404, 400 and 429 beyond the Retry-After cap', async () => {
    const missing = await failure(
      http().request({ method: 'GET', path: `/api/v3/predictions/${'0'.repeat(32)}/result` }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    const invalid = await failure(
      http().request({
        method: 'POST',
        path: '/api/v3/wavespeed-ai/flux-dev',
        json: { prompt: 3 },
      }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    sim.inject({ route: 'balance', status: 429, retryAfter: 120 });
    const limited = (await failure(
      http().request({ method: 'GET', path: '/api/v3/balance' }),
    )) as RateLimitError;
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.retryAfter).toBe(120_000);
    expect(sim.state.requests.filter((r) => r.route === 'balance')).toHaveLength(1);
  });

  it('other statuses become a plain APIError', async () => {
    sim.inject({ route: 'balance', status: 409, body: { code: 409, message: 'Conflict' } });
    const error = await failure(http().request({ method: 'GET', path: '/api/v3/balance' }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(409);
  });
});

describe('HttpClient retries and transport', () => {
  it('retries GETs on 5xx and 429 honouring Retry-After', async () => {
    sim.inject({ route: 'balance', status: 503, body: { code: 503, message: 'busy' } });
    sim.inject({ route: 'balance', status: 429, headers: { 'retry-after-ms': '120' } });
    const started = Date.now();
    await http().request({ method: 'GET', path: '/api/v3/balance' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(sim.state.requests.filter((r) => r.route === 'balance')).toHaveLength(3);
  });

  it('tells onRateLimit of every 429, retried or final, with the wait asked for', async () => {
    const waits: number[] = [];
    const hooked = (maxRetries: number) => {
      const { config, apiKey } = resolveConfig({
        apiKey: sim.apiKey,
        baseUrl: sim.url,
        maxRetries,
        onRateLimit: (ms) => waits.push(ms),
      });
      return new HttpClient(config, apiKey);
    };
    sim.inject({ route: 'balance', status: 429, headers: { 'retry-after-ms': '30' }, times: 2 });
    await hooked(2).request({ method: 'GET', path: '/api/v3/balance' });
    expect(waits).toEqual([30, 30]);
    sim.inject({ route: 'balance', status: 429, times: 1 });
    await expect(
      hooked(0).request({ method: 'GET', path: '/api/v3/balance' }),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(waits).toEqual([30, 30, 1_000]);
  });

  it('does not retry POSTs by default', async () => {
    sim.inject({ route: 'history', status: 502, body: { code: 502, message: 'bad gateway' } });
    await failure(
      http().request({
        method: 'POST',
        path: '/api/v3/predictions',
        json: { page: 1, page_size: 1 },
      }),
    );
    expect(sim.state.requests.filter((r) => r.route === 'history')).toHaveLength(1);
  });

  it('times out each attempt with RequestTimeoutError', async () => {
    // The answer would take a minute: only the 100 ms timeout can end the attempt this soon.
    sim.inject({ route: 'balance', delayMs: 60_000, times: 3 });
    const started = Date.now();
    const error = await failure(
      http({ timeout: 100, maxRetries: 0 }).request({ method: 'GET', path: '/api/v3/balance' }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toContain('100 ms');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a deadline cuts each attempt short and starts no retry after it', async () => {
    sim.inject({ route: 'balance', delayMs: 60_000, times: 5 });
    const started = Date.now();
    const error = await failure(
      http({ timeout: 30_000, maxRetries: 3 }).request({
        method: 'GET',
        path: '/api/v3/balance',
        deadline: started + 150,
      }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    // One attempt of at most 150 ms (not 30 s), and nothing after the deadline.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sim.state.requests.filter((r) => r.route === 'balance').length).toBeLessThanOrEqual(2);
  });

  it('the deadline covers the body too: a body that stalls after the headers times out', async () => {
    const stalling = await server((_url, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":200,"data":{"balance":');
      // …and nothing more: the rest never comes.
    });
    const error = await failure(
      http({ baseUrl: stalling.url, timeout: 200, maxRetries: 0 }).request({
        method: 'GET',
        path: '/api/v3/balance',
      }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toContain('200 ms');
  });

  it('reports a refused connection as not sent', async () => {
    const closed = await server(() => undefined);
    const url = closed.url;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = (await failure(
      http({ baseUrl: url, maxRetries: 1 }).request({ method: 'GET', path: '/api/v3/balance' }),
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.errorCode).toBe('ECONNREFUSED');
    expect(error.maybeSent).toBe(false);
    expect(JSON.stringify(error)).not.toContain(sim.apiKey);
  });

  it('rejects with the caller’s abort reason', async () => {
    sim.inject({ route: 'balance', delayMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const pending = http().request({
      method: 'GET',
      path: '/api/v3/balance',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 30);
    await expect(pending).rejects.toBe(reason);
  });

  it('uses the custom fetch', async () => {
    let calls = 0;
    const client = http({
      fetch: (input, init) => {
        calls += 1;
        return fetch(input, init);
      },
    });
    await client.request({ method: 'GET', path: '/api/v3/balance' });
    expect(calls).toBe(1);
  });

  it('resolves the raw Response when asked', async () => {
    const response = await http().request<Response>({
      method: 'GET',
      path: '/api/v3/balance',
      raw: true,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 200 });
  });
});

describe('HttpClient Authorization scope', () => {
  it('never sends the key to another origin', async () => {
    const other = await server((_url, res) => res.end('{"code":200,"data":{"ok":true}}'));
    const data = await http().request<{ ok: boolean }>({
      method: 'GET',
      path: `${other.url}/file`,
    });
    expect(data.ok).toBe(true);
    const seen = other.seen[0]?.headers ?? {};
    expect(seen.authorization).toBeUndefined();
    // Identification is for the API: presigned storage URLs and downloads get none of it.
    expect(seen['x-client-name']).toBeUndefined();
    expect(seen['x-client-version']).toBeUndefined();
    expect(seen['x-client-os']).toBeUndefined();
    expect(seen['user-agent'] ?? '').not.toContain('wavespeed-sdk');
  });

  it('drops the key on a redirect to another origin, keeps it on the same origin', async () => {
    const storage = await server((_url, res) => res.end('{"code":200,"data":{"where":"storage"}}'));
    const api = await server((url, res) => {
      if (url === '/api/v3/moved') {
        res.writeHead(302, { location: '/api/v3/here' }).end();
      } else if (url === '/api/v3/here') {
        res.writeHead(307, { location: `${storage.url}/bucket/x` }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    const data = await http({ baseUrl: api.url }).request<{ where: string }>({
      method: 'GET',
      path: '/api/v3/moved',
    });
    expect(data.where).toBe('storage');
    expect(api.seen.map((s) => s.headers.authorization)).toEqual([
      `Bearer ${sim.apiKey}`,
      `Bearer ${sim.apiKey}`,
    ]);
    expect(storage.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('ignores a caller-supplied Authorization header', async () => {
    const other = await server((_url, res) => res.end('{"code":200,"data":{}}'));
    await http().request({
      method: 'GET',
      path: other.url,
      headers: { Authorization: 'Bearer leaked' },
    });
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });
});
