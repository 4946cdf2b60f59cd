import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 29 });
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed models', () => {
  it('lists every model as id, type and price, sorted', async () => {
    const result = await runCli(['models'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+TYPE\s+PRICE$/);
    expect(rows.length).toBeGreaterThan(40);
    const ids = rows.map((row) => row.split(/\s+/)[0] ?? '');
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    expect(rows.find((row) => row.startsWith('wavespeed-ai/flux-dev '))).toMatch(
      /text-to-image\s+\$0\.012$/,
    );
  });

  it('filters with --search and --type', async () => {
    const flux = await runCli(['models', '--search', 'flux', '--json'], { env: simEnv(sim) });
    const fluxIds = json<{ id: string }[]>(flux).map((m) => m.id);
    expect(fluxIds).toContain('wavespeed-ai/flux-dev');
    expect(fluxIds.every((id) => id.includes('flux'))).toBe(true);

    const videos = await runCli(['models', '--type', 'text-to-video', '--json'], {
      env: simEnv(sim),
    });
    const models = json<{ id: string; type: string; basePrice: number }[]>(videos);
    expect(models.length).toBeGreaterThan(3);
    expect(models.every((m) => m.type === 'text-to-video' && typeof m.basePrice === 'number')).toBe(
      true,
    );
  });

  it('says so when nothing matches', async () => {
    const result = await runCli(['models', '--search', 'no such model words'], {
      env: simEnv(sim),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No model matches');
  });
});
