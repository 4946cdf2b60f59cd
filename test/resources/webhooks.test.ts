import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { WebhookVerificationError } from '../../src/core/errors.js';
import { computeWebhookSignature } from '../../src/core/signature.js';
import { verifyWebhook } from '../../src/resources/webhooks.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

const secret = 'whsec_testsecret0123';
const now = Date.parse('2026-01-01T12:00:00Z');
const ts = Math.floor(now / 1000);
const body = JSON.stringify({
  id: 'abc123',
  model: 'wavespeed-ai/flux-dev',
  status: 'completed',
  outputs: ['https://cdn.example/0.png'],
  has_nsfw_contents: [false],
  created_at: '2026-01-01T11:59:58Z',
  error: '',
  executionTime: 1234,
  input: { prompt: 'A cat' },
});

function signed(raw: string | Uint8Array, timestamp = ts, id = 'evt_1') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v3,${computeWebhookSignature(secret, id, timestamp, raw)}`,
  };
}

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as Error).message;
  }
  throw new Error('expected verification to fail');
}

describe('verifyWebhook', () => {
  it('returns the camelCase prediction of a valid delivery', () => {
    const prediction = verifyWebhook({ body, headers: signed(body), secret, now });
    expect(prediction).toMatchObject({
      id: 'abc123',
      status: 'completed',
      outputs: ['https://cdn.example/0.png'],
      hasNsfwContents: [false],
      executionTime: 1234,
      input: { prompt: 'A cat' },
    });
  });

  it('accepts byte bodies, Headers objects, the secret without whsec_, and several signatures', () => {
    const bytes = new TextEncoder().encode(body);
    const headers = new Headers(signed(bytes));
    headers.set('webhook-signature', `v3,${'0'.repeat(64)} ${headers.get('webhook-signature')}`);
    expect(verifyWebhook({ body: bytes, headers, secret: 'testsecret0123', now }).id).toBe(
      'abc123',
    );
  });

  it('names each problem', () => {
    expect(reason(() => verifyWebhook({ body, headers: {}, secret, now }))).toContain(
      'webhook-id, webhook-timestamp, webhook-signature',
    );
    expect(
      reason(() => verifyWebhook({ body: `${body} `, headers: signed(body), secret, now })),
    ).toContain('does not match');
    expect(
      reason(() => verifyWebhook({ body, headers: signed(body), secret: 'whsec_other', now })),
    ).toContain('does not match');
    expect(
      reason(() => verifyWebhook({ body, headers: signed(body, ts - 301), secret, now })),
    ).toContain('tolerance 300 s');
    expect(
      reason(() =>
        verifyWebhook({
          body,
          headers: { ...signed(body), 'webhook-timestamp': 'x' },
          secret,
          now,
        }),
      ),
    ).toContain('unix seconds');
    expect(
      reason(() => verifyWebhook({ body: 'not json', headers: signed('not json'), secret, now })),
    ).toContain('not valid JSON');
    expect(reason(() => verifyWebhook({ body, headers: signed(body), secret: '', now }))).toContain(
      'client.webhooks.secret()',
    );
  });

  it('honours a custom tolerance', () => {
    const headers = signed(body, ts - 500);
    expect(verifyWebhook({ body, headers, secret, now, toleranceSeconds: 600 }).id).toBe('abc123');
  });

  it('accepts exactly the untampered deliveries (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: -400, max: 400 }),
        fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        (id, skew, flip) => {
          const raw = JSON.stringify({ id: 'p', model: 'm/x', status: 'completed', note: id });
          const headers = signed(raw, ts + skew, id.replace(/\s/g, '_') || 'x');
          let sent = raw;
          if (flip !== undefined) {
            const at = flip % raw.length;
            sent = `${raw.slice(0, at)}${raw[at] === 'a' ? 'b' : 'a'}${raw.slice(at + 1)}`;
          }
          const ok = Math.abs(skew) <= 300 && sent === raw;
          let accepted = true;
          try {
            verifyWebhook({ body: sent, headers, secret, now });
          } catch (error) {
            expect(error).toBeInstanceOf(WebhookVerificationError);
            accepted = false;
          }
          expect(accepted).toBe(ok);
        },
      ),
    );
  });
});

describe('webhooks over the simulator', () => {
  let sim: Simulator | undefined;
  let receiver: Server | undefined;

  afterEach(async () => {
    await sim?.close();
    await new Promise<void>((resolve) => {
      if (receiver === undefined) return resolve();
      receiver.close(() => resolve());
      receiver.closeAllConnections();
    });
    sim = undefined;
    receiver = undefined;
  });

  it('client.webhooks.secret() verifies a real delivery of a run with a webhook', async () => {
    let deliver: (value: { body: Buffer; headers: IncomingHttpHeaders }) => void = () => {};
    const delivered = new Promise<{ body: Buffer; headers: IncomingHttpHeaders }>((resolve) => {
      deliver = resolve;
    });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.end('ok');
        deliver({ body: Buffer.concat(chunks), headers: req.headers });
      });
    });
    receiver = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    sim = await createSimulator({ speed: 100, seed: 4 });
    const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });

    const secret = await client.webhooks.secret();
    expect(secret).toBe(sim.webhookSecret);
    const done = await client.predictions.run(
      'wavespeed-ai/flux-dev',
      { prompt: 'A cat' },
      { webhook: hook },
    );
    const { body: raw, headers } = await delivered;
    const prediction = verifyWebhook({ body: new Uint8Array(raw), headers, secret });
    expect(prediction.id).toBe(done.id);
    expect(prediction.status).toBe('completed');
    expect(prediction.outputs).toEqual(done.outputs);
    expect(client.webhooks.verify({ body: raw.toString('utf8'), headers, secret }).id).toBe(
      done.id,
    );
  });
});
