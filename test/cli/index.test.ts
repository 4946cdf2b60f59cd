import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { simEnv, startCli } from './helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    seed: 59,
    jobDuration: (job) => (String(job.input.prompt ?? '').includes('slow') ? 120_000 : 40),
  });
});

afterAll(async () => {
  await sim.close();
});

describe('the wavespeed bin', () => {
  it('exits quietly when stdout is closed early (| head)', async () => {
    const cli = startCli(['models'], { env: simEnv(sim) });
    cli.child.stdout?.destroy();
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('SIGTERM behaves like Ctrl-C: the id and the wait hint, exit 130', async () => {
    const cli = startCli(['run', 'wavespeed-ai/flux-dev', '-p', 'slow'], { env: simEnv(sim) });
    const [, id] = await cli.waitFor(/Prediction ([0-9a-f]{32}) /);
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`wavespeed wait ${id}`);
  });
});
