import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { json, runCli, simEnv } from '../helpers.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await createSimulator({ seed: 41 });
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-upload-'));
  await writeFile(join(dir, 'photo.png'), Buffer.alloc(64 * 1024, 7));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('wavespeed upload', () => {
  it('uploads a file and prints its URL; the file is served back byte for byte', async () => {
    const result = await runCli(['upload', 'photo.png'], { env: simEnv(sim), cwd: dir });
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(sim.state.uploads).toHaveLength(1);
    expect(url).toBe(sim.state.uploads[0]?.downloadUrl);
    expect(sim.state.uploads[0]).toMatchObject({ filename: 'photo.png', size: 64 * 1024 });
    expect(result.stderr).toContain('Uploaded photo.png');
    const served = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(served.equals(Buffer.alloc(64 * 1024, 7))).toBe(true);
  });

  it('--json prints the uploaded file', async () => {
    const result = await runCli(['upload', join(dir, 'photo.png'), '--json'], { env: simEnv(sim) });
    expect(json(result)).toMatchObject({
      url: expect.stringContaining(sim.storageUrl),
      filename: 'photo.png',
      size: 64 * 1024,
      contentType: 'image/png',
    });
  });

  it('a missing file or a directory is a usage error, before any request', async () => {
    const before = sim.state.requests.length;
    const missing = await runCli(['upload', 'nope.png'], { env: simEnv(sim), cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file: nope.png');
    const directory = await runCli(['upload', '.'], { env: simEnv(sim), cwd: dir });
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('Not a file');
    expect(sim.state.requests.length).toBe(before);
  });
});
