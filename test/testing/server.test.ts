import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runNode } from '../helpers/run-node.js';
import { api, FIXTURE_MODELS } from './fixtures.js';

let sims: Simulator[] = [];

afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  const sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS, ...options });
  sims.push(sim);
  return sim;
}

describe('createSimulator', () => {
  it('binds two loopback origins and generates a test key and webhook secret', async () => {
    const sim = await start();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.storageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.storageUrl).not.toBe(sim.url);
    expect(sim.apiKey).toMatch(/^wsk_test_[0-9a-f]{32}$/);
    expect(sim.apiKeys).toEqual([sim.apiKey]);
    expect(sim.webhookSecret).toMatch(/^whsec_/);
  });

  it('uses the given keys and port', async () => {
    const probe = await start();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const sim = await start({ apiKeys: ['wsk_test_first', 'wsk_test_second'], port });
    expect(sim.url).toBe(`http://127.0.0.1:${port}`);
    expect(sim.apiKey).toBe('wsk_test_first');
    expect((await api(sim).get('/api/v3/balance', 'wsk_test_second')).status).toBe(200);
  });

  it('is deterministic with a seed: keys, secrets and prediction ids', async () => {
    const run = async (): Promise<string[]> => {
      const sim = await start({ seed: 42 });
      const a = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'a' });
      const b = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'b' });
      return [sim.apiKey, sim.webhookSecret, a.id, b.id];
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    expect(first[2]).toMatch(/^[0-9a-f]{32}$/);
    expect(first[2]).not.toBe(first[3]);
    const other = await start({ seed: 43 });
    expect(other.apiKey).not.toBe(first[0]);
  });

  it('rejects a non-positive speed', async () => {
    await expect(createSimulator({ speed: 0 })).rejects.toThrow(RangeError);
  });

  it('reset() drops jobs, requests, uploads and restores the balance; keys stay', async () => {
    const sim = await start({ balance: 5 });
    const { id } = await api(sim).data<{ id: string }>('/api/v3/test/image', { prompt: 'a' });
    await api(sim).waitDone(id);
    await api(sim).data('/api/v3/media/uploads', { filename: 'a.png', size: 1 });
    expect(sim.state.balance).toBeLessThan(5);
    sim.reset();
    expect(sim.state).toEqual({
      jobs: [],
      requests: [],
      uploads: [],
      webhooks: [],
      balance: 5,
      deletedIds: [],
    });
    expect((await api(sim).get(`/api/v3/predictions/${id}/result`)).status).toBe(404);
  });

  it('state is a snapshot: mutating it changes nothing', async () => {
    const sim = await start();
    await api(sim).data('/api/v3/test/image', { prompt: 'a' });
    const state = sim.state;
    state.jobs.length = 0;
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('close() releases every handle so the process exits promptly', async () => {
    const script = fileURLToPath(new URL('./fixtures/close-child.ts', import.meta.url));
    const { code, stdout, stderr } = await runNode(['--import', 'tsx', script], {
      env: { ...process.env },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^closed \d+$/m);
    const active = JSON.parse(/^active (.*)$/m.exec(stdout)?.[1] ?? 'null') as string[] | null;
    // No timer is left (sockets of aborted requests may still be closing: the exit shows they go).
    expect(active).not.toBeNull();
    expect(active?.filter((resource) => resource === 'Timeout')).toEqual([]);
  });
});

describe('logging', () => {
  it('is silent by default and reports requests and jobs to a given logger', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(() => {}),
    );
    try {
      const quiet = await start();
      await api(quiet).data('/api/v3/test/image', { prompt: 'x' });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const lines: string[] = [];
    const sim = await start({ logger: { debug: (message) => lines.push(message) } });
    await api(sim).data('/api/v3/test/image', { prompt: 'x' });
    await api(sim).get('/api/v3/balance');
    while (lines.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(lines.some((l) => l.includes('POST /api/v3/test/image → 200'))).toBe(true);
    expect(lines.some((l) => /created [0-9a-f]{32}/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain(sim.apiKey);
  });
});
