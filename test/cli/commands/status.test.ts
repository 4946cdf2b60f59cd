import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;
let id: string;

beforeAll(async () => {
  sim = await createSimulator({ seed: 11, speed: 50 });
  const result = await runCli(['run', 'wavespeed-ai/flux-dev', '-p', 'A cat', '--json'], {
    env: simEnv(sim),
  });
  id = json<{ id: string }>(result).id;
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed status', () => {
  it('shows status, model and outputs as key/value lines', async () => {
    const result = await runCli(['status', id], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`id        ${id}`);
    expect(lines).toContain('model     wavespeed-ai/flux-dev');
    expect(lines).toContain('status    completed');
    expect(lines).toContain('outputs');
    expect(lines.at(-1)).toMatch(new RegExp(`^  ${sim.storageUrl}/outputs/${id}/0\\.`));
  });

  it('--json prints the prediction', async () => {
    const result = await runCli(['status', id, '--json'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ id, status: 'completed', model: 'wavespeed-ai/flux-dev' });
  });

  it('an unknown id is an API error (exit 1) with a JSON error document', async () => {
    const missing = '0'.repeat(32);
    const result = await runCli(['status', missing, '--json'], { env: simEnv(sim) });
    expect(result.code).toBe(1);
    expect(json(result)).toEqual({
      error: expect.objectContaining({ name: 'NotFoundError', status: 404, exitCode: 1 }),
    });
    expect(result.stderr).toContain('Error:');
  });

  it('needs exactly one id', async () => {
    const none = await runCli(['status'], { env: simEnv(sim) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Missing <id>');
    const two = await runCli(['status', 'a', 'b'], { env: simEnv(sim) });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('Unexpected argument "b"');
  });
});
