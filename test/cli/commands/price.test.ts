import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 37 });
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed price', () => {
  it('quotes the base price without inputs and charges nothing', async () => {
    const balance = sim.state.balance;
    const result = await runCli(['price', 'wavespeed-ai/flux-dev'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('$0.012');
    expect(sim.state.balance).toBe(balance);
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('prices with the inputs given (--json)', async () => {
    const short = json<{ price: number }>(
      await runCli(
        ['price', 'wavespeed-ai/wan-2.1/t2v-480p', '-p', 'x', '-i', 'duration=5', '--json'],
        {
          env: simEnv(sim),
        },
      ),
    );
    const long = json<{ price: number; currency: string; model: string }>(
      await runCli(
        ['price', 'wavespeed-ai/wan-2.1/t2v-480p', '-p', 'x', '-i', 'duration=10', '--json'],
        {
          env: simEnv(sim),
        },
      ),
    );
    expect(long).toMatchObject({ currency: 'USD', model: 'wavespeed-ai/wan-2.1/t2v-480p' });
    expect(long.price).toBeGreaterThan(short.price);
  });

  it('suggests close ids for an unknown model', async () => {
    const result = await runCli(['price', 'wavespeed-ai/flux-deev'], { env: simEnv(sim) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean: wavespeed-ai/flux-dev');
  });
});
