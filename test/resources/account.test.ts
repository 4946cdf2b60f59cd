import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { ValidationError } from '../../src/core/errors.js';
import type { Billing } from '../../src/resources/account-types.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;
let client: WaveSpeedClient;

beforeEach(async () => {
  sim = await createSimulator({ speed: 100, seed: 5, balance: 10 });
  client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
});

afterEach(async () => {
  await sim.close();
});

describe('account', () => {
  it('balance reflects what jobs cost', async () => {
    expect(await client.account.balance()).toEqual({ balance: 10, currency: 'USD' });
    await client.run('wavespeed-ai/flux-dev', { prompt: 'x' });
    const { balance } = await client.account.balance();
    expect(balance).toBeLessThan(10);
    expect(balance).toBe(sim.state.balance);
  });

  it('usage covers the last 7 days by default, in camelCase', async () => {
    await client.run('wavespeed-ai/flux-dev', { prompt: 'x' });
    const usage = await client.account.usage();
    expect(Date.parse(usage.to) - Date.parse(usage.from)).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(usage.summary.totalRequests).toBe(1);
    expect(usage.perModel[0]).toMatchObject({ model: 'wavespeed-ai/flux-dev', totalCount: 1 });
    expect(usage.daily.length).toBeGreaterThan(0);
    const body = sim.state.requests.find((r) => r.route === 'usage');
    expect(body).toBeDefined();
  });

  it('checks the usage window before sending', async () => {
    await expect(
      client.account.usage({ from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      client.account.usage({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(client.account.usage({ from: 'soon' })).rejects.toBeInstanceOf(ValidationError);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('billings paginate lazily through has_more', async () => {
    for (const prompt of ['a', 'b', 'c']) await client.run('wavespeed-ai/flux-dev', { prompt });
    const bills: Billing[] = [];
    for await (const bill of client.account.billings({ pageSize: 2 })) bills.push(bill);
    expect(bills).toHaveLength(3);
    expect(bills[0]).toMatchObject({ type: 'deduct', price: expect.any(Number) });
    expect(bills[0]?.prediction?.model).toBe('wavespeed-ai/flux-dev');
    expect(sim.state.requests.filter((r) => r.route === 'billings')).toHaveLength(2);
    const refunds: Billing[] = [];
    for await (const bill of client.account.billings({ type: 'refund' })) refunds.push(bill);
    expect(refunds).toEqual([]);
    expect(() => client.account.billings({ pageSize: 0 })).toThrow(ValidationError);
  });
});
