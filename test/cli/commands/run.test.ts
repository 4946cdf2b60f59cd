import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv, startCli } from '../helpers.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  // Quick jobs, except prompts that ask to be slow (time-out and Ctrl-C cases).
  sim = await createSimulator({
    seed: 5,
    jobDuration: (job) => (String(job.input.prompt ?? '').includes('slow') ? 120_000 : 40),
  });
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-run-'));
  await writeFile(join(dir, 'cat.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  await writeFile(join(dir, 'params.json'), JSON.stringify({ prompt: 'from file', seed: 3 }));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sim.reset();
});

const run = (args: string[]) => runCli(['run', ...args], { env: simEnv(sim), cwd: dir });

describe('wavespeed run', () => {
  it('prints the output URLs on stdout and progress on stderr', async () => {
    const result = await run(['wavespeed-ai/flux-dev', '--prompt', 'A cat']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${sim.storageUrl}/outputs/[0-9a-f]{32}/0\\.`));
    expect(result.stderr).toContain('Submitting to wavespeed-ai/flux-dev');
    expect(result.stderr).toMatch(/Completed [0-9a-f]{32} in /);
    expect(sim.state.jobs).toHaveLength(1);
    expect(sim.state.jobs[0]?.input).toMatchObject({ prompt: 'A cat' });
  });

  it('--json prints only the prediction as JSON', async () => {
    const result = await run(['wavespeed-ai/flux-dev', '-p', 'A cat', '--json']);
    expect(result.code).toBe(0);
    const prediction = json(result);
    expect(prediction).toMatchObject({
      id: sim.state.jobs[0]?.id,
      model: 'wavespeed-ai/flux-dev',
      status: 'completed',
    });
    expect(prediction.outputs).toEqual([expect.stringContaining(sim.storageUrl)]);
    expect(typeof prediction.createdAt).toBe('string');
    expect(result.stderr).toBe('');
  });

  it('uploads @path inputs first and sends their URLs', async () => {
    const result = await run([
      'wavespeed-ai/image-upscaler',
      '--input',
      'image=@cat.png',
      '--input',
      'output_format=png',
    ]);
    expect(result.code).toBe(0);
    expect(sim.state.uploads).toHaveLength(1);
    const upload = sim.state.uploads[0];
    expect(upload).toMatchObject({ filename: 'cat.png', status: 'uploaded', size: 16 });
    expect(sim.state.jobs[0]?.input).toEqual({
      image: upload?.downloadUrl,
      output_format: 'png',
    });
    expect(result.stderr).toContain('Uploaded cat.png');
  });

  it('merges --input-file, --prompt and typed --input values', async () => {
    const result = await run([
      'wavespeed-ai/flux-dev',
      '--input-file',
      'params.json',
      '-i',
      'seed=42',
      '-i',
      'enable_safety_checker=false',
      '-i',
      'size=1024*1024',
    ]);
    expect(result.code).toBe(0);
    expect(sim.state.jobs[0]?.input).toEqual({
      prompt: 'from file',
      seed: 42,
      enable_safety_checker: false,
      size: '1024*1024',
    });
  });

  it('--output-dir downloads real files named <id>-<index>.<ext>', async () => {
    const out = join(dir, 'out');
    const result = await run([
      'wavespeed-ai/flux-dev',
      '-p',
      'A cat',
      '-i',
      'output_format=png',
      '-o',
      out,
    ]);
    expect(result.code).toBe(0);
    const id = sim.state.jobs[0]?.id;
    expect(await readdir(out)).toEqual([`${id}-0.png`]);
    expect(result.stdout.trim()).toBe(join(out, `${id}-0.png`));
    const bytes = await readFile(join(out, `${id}-0.png`));
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // The storage origin rejects requests that carry a key; none did.
    const storage = sim.state.requests.filter((r) => r.origin === 'storage');
    expect(storage.length).toBeGreaterThan(0);
    expect(storage.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('rejects a bad --input as a usage error naming the flag, before any request', async () => {
    for (const bad of ['seed', 'loras=[{', 'image=@missing.png']) {
      const result = await run(['wavespeed-ai/flux-dev', '-p', 'x', '--input', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--input ${bad}`);
      expect(result.stderr).toContain('wavespeed run --help');
      expect(result.stdout).toBe('');
    }
    expect(sim.state.requests).toHaveLength(0);
  });

  it('suggests close ids for an unknown model (exit 2)', async () => {
    const result = await run(['wavespeed-ai/flux-dve', '-p', 'A cat']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown model "wavespeed-ai/flux-dve"');
    expect(result.stderr).toMatch(/Did you mean: wavespeed-ai\/flux-dev\b/);
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('rejects unknown input keys before submitting, with the likely key', async () => {
    const result = await run(['wavespeed-ai/flux-dev', '-i', 'promt=A cat']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"prompt"');
    expect(result.stderr).toContain('wavespeed model wavespeed-ai/flux-dev');
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('exits 3 with the id when the prediction fails', async () => {
    const result = await run(['wavespeed-ai/flux-dev', '-p', '[[fail]] A cat', '--json']);
    expect(result.code).toBe(3);
    const id = sim.state.jobs[0]?.id ?? '';
    expect(result.stderr).toContain(id);
    expect(json(result)).toEqual({
      error: expect.objectContaining({
        name: 'PredictionFailedError',
        predictionId: id,
        status: 'failed',
        exitCode: 3,
      }),
    });
  });

  it('exits 4 when --timeout passes first and says how to keep waiting', async () => {
    const result = await run(['wavespeed-ai/flux-dev', '-p', 'slow cat', '--timeout', '0.3']);
    expect(result.code).toBe(4);
    const id = sim.state.jobs[0]?.id ?? '';
    expect(result.stderr).toContain(`wavespeed wait ${id}`);
    expect(sim.state.jobs).toHaveLength(1);
  });

  it('Ctrl-C stops waiting, prints the id and the wait hint, exits 130', async () => {
    const cli = startCli(['run', 'wavespeed-ai/flux-dev', '-p', 'slow cat'], { env: simEnv(sim) });
    const [, id] = await cli.waitFor(/Prediction ([0-9a-f]{32}) /);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`Interrupted. Prediction ${id} keeps running`);
    expect(result.stderr).toContain(`wavespeed wait ${id}`);
    expect(result.stdout).toBe('');
    expect(sim.state.jobs.map((job) => job.id)).toEqual([id]);
  });

  it('needs a model id with a slash', async () => {
    const result = await run(['flux-dev', '-p', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ids look like "owner/model"');
  });
});
