import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { isWaveSpeedError } from '../../src/core/errors.js';

/**
 * Response parsing under arbitrary answers: whatever status and body the API (or anything in
 * between) sends, every call either resolves or rejects with a WaveSpeedError. The answers come
 * from a custom `fetch` returning `new Response(body, { status })`, so nothing is mocked inside
 * the SDK.
 */

const KEY = 'wsk_test_fuzz_0123456789abcdef';
const BASE = 'http://127.0.0.1:9';
/** Keys of every wire shape the SDK reads, so generated objects hit the parsers' branches. */
const WIRE_KEYS = [
  'id',
  'model',
  'status',
  'outputs',
  'error',
  'created_at',
  'timings',
  'has_nsfw_contents',
  'urls',
  'code',
  'message',
  'data',
  'items',
  'total',
  'has_more',
  'page',
  'balance',
  'currency',
  'per_model_usage',
  'daily_usage',
  'summary',
  'models',
  'secret',
  'model_id',
  'name',
  'type',
  'base_price',
  'api_schema',
  'api_schemas',
  'request_schema',
  'price',
  'unit_price',
  'discounted_price',
  'upload',
  'url',
  'download_url',
  'deleted_count',
  'uuid',
  'prediction',
  'order',
  'error_code',
] as const;

const json = fc.jsonValue({ maxDepth: 3 });
const scalar = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, '', 'x', true, false, [], {}),
  fc.string({ maxLength: 8 }),
  fc.double(),
);
const wireObject: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{
  obj: Record<string, unknown>;
  value: unknown;
}>((tie) => ({
  obj: fc.dictionary(fc.constantFrom(...WIRE_KEYS), tie('value'), { maxKeys: 6 }),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('obj'),
    fc.array(fc.oneof(scalar, tie('obj')), { maxLength: 3 }),
  ),
})).obj;
const data = fc.oneof(
  scalar,
  json,
  wireObject,
  wireObject,
  fc.array(fc.oneof(wireObject, scalar), { maxLength: 3 }),
);
const status = fc.oneof(
  fc.constantFrom(200, 200, 200, 302, 307, 400, 401, 403, 404, 408, 422, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
);
const text = fc.oneof(
  data.map((d) => JSON.stringify({ code: 200, message: 'success', data: d })),
  data.map((d) => JSON.stringify({ code: 200, message: 'success', data: d })),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', '[]', '{}', '<html><body>502 Bad Gateway</body></html>'),
  data.map((d) => JSON.stringify({ code: 200, message: 'success', data: d })),
  fc
    .record({ code: fc.oneof(fc.integer(), fc.string()), message: json, data })
    .map((b) => JSON.stringify(b)),
  json.map((v) => JSON.stringify(v)),
  data
    .chain((d) => {
      const whole = JSON.stringify({ code: 200, message: 'success', data: d });
      return fc.nat({ max: whole.length }).map((cut) => whole.slice(0, cut));
    })
    .filter((s) => s !== ''),
);
const headerArb = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain', ''),
    'retry-after': fc.constantFrom('0', '1', 'soon', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT'),
    'x-request-id': fc.string({ maxLength: 10 }),
    location: fc.constantFrom('/elsewhere', 'http://[', 'javascript:alert(1)', '//127.0.0.1:9/x'),
  },
  { requiredKeys: [] },
);
const answer = fc.record({ status, body: text, headers: headerArb });
type Answer = { status: number; body: string; headers: Record<string, string> };

function envelope(data: unknown): Answer {
  return {
    status: 200,
    body: JSON.stringify({ code: 200, message: 'success', data }),
    headers: { 'content-type': 'application/json' },
  };
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([204, 205, 304]);

function respond(a: Answer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(a.headers)) if (value !== '') headers.set(name, value);
  return new Response(NULL_BODY.has(a.status) ? null : a.body, { status: a.status, headers });
}

/** A client whose every request gets the next answer of `answers` (the last one repeats). */
function clientFor(answers: Answer[]): WaveSpeedClient {
  let next = 0;
  return new WaveSpeedClient({
    apiKey: KEY,
    baseUrl: BASE,
    maxRetries: 0,
    logLevel: 'off',
    validateInput: false,
    timeout: 2_000,
    fetch: async () => {
      const a = answers[Math.min(next, answers.length - 1)] as Answer;
      next += 1;
      return respond(a);
    },
  });
}

/** Every public call that reads a response, driven once. */
const CALLS: Record<string, (client: WaveSpeedClient) => Promise<unknown>> = {
  get: (c) => c.predictions.get('0123456789abcdef0123456789abcdef'),
  submit: (c) => c.predictions.submit('wavespeed-ai/flux-dev', { prompt: 'fuzz' }),
  run: (c) =>
    c.predictions.run(
      'wavespeed-ai/flux-dev',
      { prompt: 'fuzz' },
      { timeout: 60, pollInterval: 5 },
    ),
  wait: (c) => c.predictions.wait('0123456789abcdef', { timeout: 60, pollInterval: 5 }),
  list: async (c) => {
    const seen: unknown[] = [];
    for await (const p of c.predictions.list({ pageSize: 2 })) {
      seen.push(p);
      if (seen.length >= 4) break;
    }
    return seen;
  },
  delete: (c) => c.predictions.delete('0123456789abcdef'),
  balance: (c) => c.account.balance(),
  usage: (c) => c.account.usage(),
  billings: async (c) => {
    const seen: unknown[] = [];
    for await (const b of c.account.billings({ pageSize: 2 })) {
      seen.push(b);
      if (seen.length >= 4) break;
    }
    return seen;
  },
  models: (c) => c.models.list(),
  model: (c) => c.models.get('wavespeed-ai/flux-dev'),
  price: (c) => c.models.price('wavespeed-ai/flux-dev', { prompt: 'fuzz' }),
  secret: (c) => c.webhooks.secret(),
  upload: (c) => c.files.upload(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])),
};

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** What a call did: `ok`, or the name and message of what it threw. */
async function outcome(call: string, answers: Answer[]): Promise<string> {
  try {
    await (CALLS[call] as (c: WaveSpeedClient) => Promise<unknown>)(clientFor(answers));
    return 'ok';
  } catch (error) {
    if (isWaveSpeedError(error)) return 'typed';
    return `untyped ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

describe('response parsing under arbitrary answers', () => {
  it('never throws anything but a WaveSpeedError, for any status and body', async () => {
    // Each run drives a batch of calls at once: the submit recovery waits 1 s between two
    // history lookups, and the batch shares that wait.
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            call: fc.constantFrom(...Object.keys(CALLS)),
            answers: fc.array(answer, { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        async (batch) => {
          const results = await Promise.all(batch.map((b) => outcome(b.call, b.answers)));
          const untyped = results
            .map((r, i) => ({ r, call: batch[i]?.call }))
            .filter(({ r }) => r.startsWith('untyped'));
          expect(untyped).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 4242, endOnFailure: true },
    );
    expect(unhandled).toEqual([]);
  });

  it('a poll answered with a wrong-shaped prediction keeps the prediction id', async () => {
    const client = clientFor([envelope(null)]);
    const error = await client.predictions
      .wait('0123456789abcdef', { timeout: 50, pollInterval: 5 })
      .catch((e: unknown) => e);
    expect(isWaveSpeedError(error)).toBe(true);
    expect((error as { predictionId?: string }).predictionId).toBe('0123456789abcdef');
  });

  // Successful envelopes whose data has the wrong shape: each call resolves (skipping what it
  // cannot use) or throws a typed error. Found by the property above; kept as named cases.
  const shapes: Array<[call: string, data: unknown]> = [
    ['get', null],
    ['get', 'x'],
    ['get', []],
    ['wait', null],
    ['list', { items: [null, 'x', 5, { id: 'a1', outputs: 'x' }] }],
    ['billings', { items: [null, 'x', { prediction: null }, { prediction: 'x' }] }],
    ['usage', { per_model_usage: 'x', daily_usage: [null, { models: 'x' }], summary: 'x' }],
    ['usage', { per_model_usage: [null, 5], daily_usage: [{ models: [null] }], summary: null }],
    ['usage', null],
    ['models', [{ model_id: 5 }, { model_id: { a: 1 } }, null, 'x']],
    ['model', [{ model_id: 5 }, { model_id: ['x'] }, null]],
    ['price', null],
    ['price', 'x'],
    ['secret', null],
    ['upload', { upload: 'x' }],
    ['submit', []],
    ['balance', null],
  ];
  for (const [call, value] of shapes) {
    it(`${call} with data ${JSON.stringify(value)}`, async () => {
      expect(await outcome(call, [envelope(value)])).toMatch(/^(ok|typed)$/);
    });
  }

  it('a malformed Location on a redirect is reported as the 3xx, not thrown raw', async () => {
    for (const location of ['http://[', 'javascript:alert(1)']) {
      const answer = { status: 302, body: '', headers: { location } };
      expect(await outcome('balance', [answer])).toBe('typed');
    }
  });
});
