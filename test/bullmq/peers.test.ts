import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoPeersProject, type NoPeersProject } from '../helpers/no-peers.js';
import { runNode } from '../helpers/run-node.js';

// A project that installed wavespeed-sdk without its optional peers (bullmq, ioredis).

let noPeers: NoPeersProject;
let project: string;

beforeAll(async () => {
  noPeers = await createNoPeersProject();
  project = noPeers.dir;
});

afterAll(() => {
  noPeers?.remove();
});

const env = () => ({ PATH: process.env.PATH ?? '' });

describe('without bullmq and ioredis installed', () => {
  it('the main entry imports with no error and no warning', async () => {
    const run = await runNode(
      [
        '--input-type=module',
        '-e',
        "const m = await import('wavespeed-sdk'); console.log(typeof m.WaveSpeedClient);",
      ],
      { cwd: project, env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
  });

  it('importing wavespeed-sdk/bullmq fails at once with the install command', async () => {
    const run = await runNode(
      [
        '--input-type=module',
        '-e',
        "try { await import('wavespeed-sdk/bullmq'); } catch (e) { console.log(e.name + ': ' + e.message); }",
      ],
      { cwd: project, env: env() },
    );
    expect(run.stdout).toMatch(
      /^MissingPeerError: wavespeed-sdk\/bullmq needs the optional package bullmq/,
    );
    expect(run.stdout).toContain('npm i bullmq@6 ioredis@5');
  });

  it('require() of it says it is an ES module and how to load it', async () => {
    const run = await runNode(
      ['-e', "try { require('wavespeed-sdk/bullmq') } catch (e) { console.log(e.message) }"],
      { cwd: project, env: env() },
    );
    expect(run.stdout).toContain("await import('wavespeed-sdk/bullmq')");
  });

  it('wavespeed worker explains how to add them and exits 1', async () => {
    const run = await runNode(
      [
        join(project, 'node_modules', 'wavespeed-sdk', 'dist', 'cli', 'index.js'),
        'worker',
        '--redis',
        'redis://127.0.0.1:1',
      ],
      { cwd: project, env: { ...env(), WAVESPEED_API_KEY: 'wsk_test_no_peers' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npm i bullmq@6 ioredis@5');
    expect(run.stderr).not.toContain('wsk_test_no_peers');
  });
});
