import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 23, speed: 50 });
});

afterAll(async () => {
  await sim.close();
});

async function newId(): Promise<string> {
  const result = await runCli(['run', 'wavespeed-ai/flux-dev', '-p', 'A cat', '--json'], {
    env: simEnv(sim),
  });
  return json<{ id: string }>(result).id;
}

describe('wavespeed delete', () => {
  it('deletes several predictions in one call', async () => {
    const a = await newId();
    const b = await newId();
    const result = await runCli(['delete', a, b, a], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([a, b]);
    expect(result.stderr).toContain('Deleted 2 prediction(s)');
    expect(sim.state.deletedIds).toEqual(expect.arrayContaining([a, b]));
    const deletes = sim.state.requests.filter((r) => r.route === 'delete');
    expect(deletes).toHaveLength(1);
    const gone = await runCli(['status', a], { env: simEnv(sim) });
    expect(gone.code).toBe(1);
  });

  it('--json prints the ids', async () => {
    const id = await newId();
    const result = await runCli(['delete', id, '--json'], { env: simEnv(sim) });
    expect(json(result)).toEqual({ deleted: [id] });
  });

  it('needs at least one id', async () => {
    const result = await runCli(['delete'], { env: simEnv(sim) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing <id>');
  });
});
