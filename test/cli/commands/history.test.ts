import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;
const ids: string[] = [];

beforeAll(async () => {
  sim = await createSimulator({ seed: 19, speed: 50 });
  for (const prompt of ['one', 'two', '[[fail]] three']) {
    const result = await runCli(['run', 'wavespeed-ai/flux-dev', '-p', prompt, '--json'], {
      env: simEnv(sim),
    });
    ids.push(
      result.code === 0
        ? json<{ id: string }>(result).id
        : json<{ error: { predictionId: string } }>(result).error.predictionId,
    );
  }
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed history', () => {
  it('lists recent predictions newest first as a table', async () => {
    const result = await runCli(['history'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+MODEL\s+STATUS\s+CREATED$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([...ids].reverse());
    expect(rows[0]).toMatch(/wavespeed-ai\/flux-dev\s+failed\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('filters by status and limits the count; --json gives an array', async () => {
    const failed = await runCli(['history', '--status', 'failed', '--json'], { env: simEnv(sim) });
    expect(failed.code).toBe(0);
    expect(json<unknown[]>(failed)).toEqual([
      expect.objectContaining({ id: ids[2], status: 'failed' }),
    ]);
    const limited = await runCli(['history', '--limit', '2', '--json'], { env: simEnv(sim) });
    expect(json<{ id: string }[]>(limited).map((p) => p.id)).toEqual([ids[2], ids[1]]);
  });

  it('rejects bad --limit and --from values', async () => {
    const limit = await runCli(['history', '--limit', '0'], { env: simEnv(sim) });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit must be a positive whole number');
    const from = await runCli(['history', '--from', 'last tuesday'], { env: simEnv(sim) });
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from must be a date');
  });
});
