import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { runCli, simEnv, startCli } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    seed: 7,
    // The server's sync wait gives up after 100 ms; "long" jobs outlast it, "slow" ones run on.
    syncTimeoutMs: 100,
    jobDuration: (job) => {
      const prompt = String(job.input.prompt ?? '');
      if (prompt.includes('slow')) return 120_000;
      return prompt.includes('long') ? 500 : 40;
    },
  });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.reset();
});

describe('wavespeed generate (the curl helper syntax)', () => {
  it('runs the helper line `generate "<prompt>" --model m --sync` in one sync request', async () => {
    const result = await runCli(
      ['generate', 'A cat', '--model', 'wavespeed-ai/flux-schnell', '--sync'],
      { env: simEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(
      new RegExp(`^${sim.storageUrl}/outputs/[0-9a-f]{32}/0\\.\\w+$`),
    );
    expect(sim.state.jobs).toHaveLength(1);
    expect(sim.state.jobs[0]).toMatchObject({ sync: true, model: 'wavespeed-ai/flux-schnell' });
    expect(sim.state.jobs[0]?.input).toEqual({ prompt: 'A cat' });
    const submits = sim.state.requests.filter((r) => r.route.endsWith('submit'));
    expect(submits.map((r) => r.route)).toEqual(['sync-submit']);
  });

  it('runs `generate "<prompt>" --model m --timeout 600` asynchronously', async () => {
    const result = await runCli(
      ['generate', 'A cyberpunk city', '--model', 'wavespeed-ai/flux-dev', '--timeout', '600'],
      { env: simEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(sim.state.jobs[0]).toMatchObject({ sync: false });
    expect(sim.state.jobs[0]?.input).toEqual({ prompt: 'A cyberpunk city' });
  });

  it('accepts the gen alias, flags before the prompt and extra inputs', async () => {
    const result = await runCli(
      ['gen', '-m', 'wavespeed-ai/flux-dev', '-i', 'seed=9', 'A dog', '--json'],
      { env: simEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed' });
    expect(sim.state.jobs[0]?.input).toEqual({ prompt: 'A dog', seed: 9 });
  });

  it('--sync falls back to polling the same job when the server sync wait runs out', async () => {
    const result = await runCli(
      ['generate', 'A long film', '--model', 'wavespeed-ai/flux-dev', '--sync', '--json'],
      { env: simEnv(sim) },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed' });
    expect(sim.state.jobs).toHaveLength(1);
    expect(sim.state.requests.filter((r) => r.route === 'result').length).toBeGreaterThan(0);
  });

  it('Ctrl-C during a sync submit says the job may exist and how to find it', async () => {
    const cli = startCli(['generate', 'A slow cat', '--model', 'wavespeed-ai/flux-dev', '--sync'], {
      env: simEnv(sim),
    });
    await cli.waitFor(/Submitting to wavespeed-ai\/flux-dev/);
    // Interrupt while the blocking request is in flight.
    while (sim.state.jobs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(
      /Interrupted\. Prediction [0-9a-f]{32} keeps running|Interrupted while submitting to wavespeed-ai\/flux-dev/,
    );
    expect(result.stderr).toMatch(
      /wavespeed (wait [0-9a-f]{32}|history --model wavespeed-ai\/flux-dev)/,
    );
  });

  it('needs --model, and a quoted prompt', async () => {
    const missing = await runCli(['generate', 'A cat'], { env: simEnv(sim) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--model is required');
    const unquoted = await runCli(['generate', 'A', 'cat', '--model', 'wavespeed-ai/flux-dev'], {
      env: simEnv(sim),
    });
    expect(unquoted.code).toBe(2);
    expect(unquoted.stderr).toContain('quote a prompt');
    expect(sim.state.requests).toHaveLength(0);
  });
});
