import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 47, speed: 50 });
  for (const prompt of ['a', 'b']) {
    const result = await runCli(['run', 'wavespeed-ai/flux-dev', '-p', prompt], {
      env: simEnv(sim),
    });
    expect(result.code).toBe(0);
  }
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed usage', () => {
  it('prints totals and a per-model table', async () => {
    const result = await runCli(['usage'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Total cost: $0.024');
    expect(result.stdout).toContain('Requests:   2 (2 succeeded)');
    expect(result.stdout).toMatch(/MODEL\s+TYPE\s+COUNT\s+COST\s+LAST USED/);
    expect(result.stdout).toMatch(/wavespeed-ai\/flux-dev\s+text-to-image\s+2\s+\$0\.024/);
  });

  it('--json prints the usage object for the window asked', async () => {
    const result = await runCli(['usage', '--from', '2d', '--json'], { env: simEnv(sim) });
    const usage = json<{
      from: string;
      summary: { totalRequests: number };
      perModel: { model: string; totalCount: number }[];
    }>(result);
    expect(usage.summary.totalRequests).toBe(2);
    expect(usage.perModel).toEqual([
      expect.objectContaining({ model: 'wavespeed-ai/flux-dev', totalCount: 2 }),
    ]);
    expect(Date.now() - Date.parse(usage.from)).toBeGreaterThan(47 * 3_600_000);
  });

  it('rejects a bad time and a window over 31 days', async () => {
    const bad = await runCli(['usage', '--to', 'tomorrow-ish'], { env: simEnv(sim) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--to must be a date');
    const wide = await runCli(['usage', '--from', '60d'], { env: simEnv(sim) });
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('31 days');
  });
});
