import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { api, FIXTURE_MODELS } from './fixtures.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let sim: Simulator | undefined;
let receiver: Server | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  if (receiver) {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    receiver = undefined;
  }
});

/** A webhook receiver answering with `statuses` in turn (then 200); resolves after `count` hits. */
async function startReceiver(
  statuses: number[],
  count: number,
): Promise<{ url: string; received: Received[]; done: Promise<void> }> {
  const received: Received[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses[received.length - 1] ?? 200;
      res.end('ok');
      if (received.length === count) finish();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/wavespeed`, received, done };
}

/** Waits until the simulator has recorded `count` delivery attempts. */
async function recorded(count: number): Promise<void> {
  while ((sim?.state.webhooks.length ?? 0) < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function expectedSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = secret.replace(/^whsec_/, '');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('hex');
}

describe('webhook delivery', () => {
  it('POSTs the bare prediction with a verifiable v3 signature on completion', async () => {
    const hook = await startReceiver([], 1);
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS });
    const res = await api(sim).post(`/api/v3/test/image?webhook=${encodeURIComponent(hook.url)}`, {
      prompt: 'a cat',
    });
    const { data } = (await res.json()) as { data: { id: string } };
    await hook.done;
    await recorded(1);
    const [delivery] = hook.received;
    const id = String(delivery?.headers['webhook-id']);
    const timestamp = String(delivery?.headers['webhook-timestamp']);
    const signature = String(delivery?.headers['webhook-signature']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    expect(signature).toBe(
      `v3,${expectedSignature(sim.webhookSecret, id, timestamp, delivery?.body ?? '')}`,
    );
    const body = JSON.parse(delivery?.body ?? '{}') as Record<string, unknown>;
    expect(body.code).toBeUndefined();
    expect(body).toMatchObject({
      id: data.id,
      model: 'test/image',
      status: 'completed',
      input: { prompt: 'a cat' },
      has_nsfw_contents: [false],
      error: '',
    });
    expect(body.outputs).toHaveLength(1);
    expect(typeof body.executionTime).toBe('number');
    expect(sim.state.jobs[0]?.webhook).toBe(hook.url);
    expect(sim.state.webhooks).toHaveLength(1);
    expect(sim.state.webhooks[0]).toMatchObject({
      url: hook.url,
      status: 200,
      attempt: 1,
      predictionId: data.id,
    });
  });

  it('omits outputs for failed jobs and accepts webhook_url in the body', async () => {
    const hook = await startReceiver([], 1);
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS });
    await api(sim).post('/api/v3/test/image', { prompt: '[[fail]]', webhook_url: hook.url });
    await hook.done;
    const body = JSON.parse(hook.received[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body.status).toBe('failed');
    expect(body.error).not.toBe('');
    expect('outputs' in body).toBe(false);
  });

  it('retries non-2xx answers with the same event id and records every attempt', async () => {
    const hook = await startReceiver([500, 503], 3);
    sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS });
    await api(sim).post(`/api/v3/test/image?webhook=${encodeURIComponent(hook.url)}`, {
      prompt: 'x',
    });
    await hook.done;
    await recorded(3);
    expect(sim.state.webhooks.map((w) => [w.attempt, w.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    const ids = new Set(hook.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const r of hook.received) {
      const sig = expectedSignature(
        sim.webhookSecret,
        String(r.headers['webhook-id']),
        String(r.headers['webhook-timestamp']),
        r.body,
      );
      expect(r.headers['webhook-signature']).toBe(`v3,${sig}`);
    }
  });

  it('survives unreachable receivers without crashing anything', async () => {
    sim = await createSimulator({ speed: 1000, models: FIXTURE_MODELS });
    const dead = await startReceiver([], 1);
    await new Promise((resolve) => receiver?.close(resolve));
    receiver = undefined;
    const { id } = await api(sim).data<{ id: string }>(
      `/api/v3/test/image?webhook=${encodeURIComponent(dead.url)}`,
      { prompt: 'x' },
    );
    await api(sim).waitDone(id);
    await recorded(4);
    expect(sim.state.webhooks.every((w) => w.status === 0 && w.error)).toBe(true);
    expect(sim.state.webhooks.map((w) => w.attempt)).toEqual([1, 2, 3, 4]);
  });
});
