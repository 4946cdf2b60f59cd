import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv, startCli } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    seed: 13,
    jobDuration: (job) => {
      const prompt = String(job.input.prompt ?? '');
      if (prompt.includes('slow')) return 120_000;
      return prompt.includes('medium') ? 800 : 40;
    },
  });
});

afterAll(async () => {
  await sim.close();
});

/** Starts a job with `run` and interrupts it once it has an id. */
async function startedJob(prompt: string): Promise<string> {
  const cli = startCli(['run', 'wavespeed-ai/flux-dev', '-p', prompt], { env: simEnv(sim) });
  const [, id = ''] = await cli.waitFor(/Prediction ([0-9a-f]{32}) /);
  cli.child.kill('SIGINT');
  expect((await cli.exited).code).toBe(130);
  return id;
}

describe('wavespeed wait', () => {
  it('waits for a running prediction and prints its outputs', async () => {
    const id = await startedJob('medium cat');
    const result = await runCli(['wait', id], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(new RegExp(`/outputs/${id}/0\\.`));
    expect(result.stderr).toContain(`Completed ${id}`);
  });

  it('exits 3 for a failed prediction', async () => {
    const id = await startedJob('medium [[fail]] cat');
    const result = await runCli(['wait', id, '--json'], { env: simEnv(sim) });
    expect(result.code).toBe(3);
    expect(json(result)).toEqual({
      error: expect.objectContaining({ name: 'PredictionFailedError', predictionId: id }),
    });
  });

  it('exits 4 when --timeout passes and the job is still running', async () => {
    const id = await startedJob('slow cat');
    const result = await runCli(['wait', id, '--timeout', '0.3'], { env: simEnv(sim) });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`wavespeed wait ${id}`);
  });

  it('rejects a bad --timeout before any request', async () => {
    const before = sim.state.requests.length;
    const result = await runCli(['wait', 'abc', '--timeout', 'soon'], { env: simEnv(sim) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout must be a positive number of seconds');
    expect(sim.state.requests.length).toBe(before);
  });
});
