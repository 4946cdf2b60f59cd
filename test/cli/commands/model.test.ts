import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 31 });
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed model', () => {
  it('shows the input schema as a table: field, type, default, required, description', async () => {
    const result = await runCli(['model', 'wavespeed-ai/flux-dev'], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^wavespeed-ai\/flux-dev/);
    expect(lines[1]).toContain('text-to-image');
    const header = lines.findIndex((line) =>
      /^FIELD\s+TYPE\s+DEFAULT\s+REQUIRED\s+DESCRIPTION$/.test(line),
    );
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1).filter(Boolean);
    expect(rows[0]).toMatch(/^prompt\s+string\s+yes\s+\S/);
    expect(rows.find((row) => row.startsWith('seed '))).toMatch(/^seed\s+integer \S+\s+-1\s/);
    expect(rows.find((row) => row.startsWith('output_format '))).toContain(
      'one of: jpeg, png, webp',
    );
  });

  it('--json prints the model with its inputSchema', async () => {
    const result = await runCli(['model', 'wavespeed-ai/flux-dev', '--json'], { env: simEnv(sim) });
    const model = json<{ id: string; inputSchema: { required: string[] } }>(result);
    expect(model.id).toBe('wavespeed-ai/flux-dev');
    expect(model.inputSchema.required).toContain('prompt');
  });

  it('suggests close ids for an unknown model (exit 2)', async () => {
    const result = await runCli(['model', 'wavespeed-ai/flux-schnel', '--json'], {
      env: simEnv(sim),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean: wavespeed-ai/flux-schnell');
    expect(json(result)).toEqual({
      error: expect.objectContaining({
        name: 'UnknownModelError',
        suggestions: expect.arrayContaining(['wavespeed-ai/flux-schnell']),
      }),
    });
  });
});
