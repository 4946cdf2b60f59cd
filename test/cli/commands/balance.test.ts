import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 43, balance: 12.3 });
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed balance', () => {
  it('prints the balance in dollars', async () => {
    const result = await runCli(['balance'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Balance: $12.30\n');
  });

  it('--json prints { balance, currency }', async () => {
    const result = await runCli(['balance', '--json'], { env: simEnv(sim) });
    expect(json(result)).toEqual({ balance: 12.3, currency: 'USD' });
  });

  it('a wrong key is an API error that points at WAVESPEED_API_KEY, and the key is not printed', async () => {
    const key = 'wsk_test_0000000000000000000000000000dead';
    const result = await runCli(['balance'], {
      env: { WAVESPEED_BASE_URL: sim.url, WAVESPEED_API_KEY: key },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('WAVESPEED_API_KEY');
    expect(result.stderr).not.toContain(key);
    expect(result.stdout).not.toContain(key);
  });
});
