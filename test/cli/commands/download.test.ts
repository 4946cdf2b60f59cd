import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv, startCli } from '../helpers.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await createSimulator({
    seed: 17,
    jobDuration: (job) => (String(job.input.prompt ?? '').includes('slow') ? 120_000 : 40),
  });
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-download-'));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function completed(model: string, inputs: string[]): Promise<string> {
  const result = await runCli(['run', model, ...inputs, '--json'], { env: simEnv(sim) });
  expect(result.code).toBe(0);
  return json<{ id: string }>(result).id;
}

describe('wavespeed download', () => {
  it('saves every output as <id>-<index>.<ext> with real bytes', async () => {
    const id = await completed('wavespeed-ai/flux-schnell', ['-p', 'A cat', '-i', 'num_images=2']);
    const out = join(dir, 'images');
    const result = await runCli(['download', id, '--output-dir', out], { env: simEnv(sim) });
    expect(result.code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual([`${id}-0.jpg`, `${id}-1.jpg`]);
    expect(result.stdout.trim().split('\n')).toEqual(files.map((f) => join(out, f)));
    const bytes = await readFile(join(out, `${id}-0.jpg`));
    expect(bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });

  it('uses the media type of the output: a video is saved as .mp4', async () => {
    const id = await completed('wavespeed-ai/wan-2.1/t2v-480p', ['-p', 'Waves']);
    const result = await runCli(['download', id, '--json'], { env: simEnv(sim), cwd: dir });
    expect(result.code).toBe(0);
    const prediction = json<{ id: string; files: string[] }>(result);
    expect(prediction.id).toBe(id);
    expect(prediction.files).toEqual([join(dir, `${id}-0.mp4`)]);
    const bytes = await readFile(join(dir, `${id}-0.mp4`));
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
  });

  it('explains how to wait when the prediction is still running', async () => {
    const cli = startCli(['run', 'wavespeed-ai/flux-dev', '-p', 'slow cat'], { env: simEnv(sim) });
    const [, id] = await cli.waitFor(/Prediction ([0-9a-f]{32}) /);
    cli.child.kill('SIGINT');
    await cli.exited;
    const result = await runCli(['download', id ?? ''], { env: simEnv(sim), cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`wavespeed wait ${id} --output-dir`);
  });
});
