import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoPeersProject, type NoPeersProject } from '../helpers/no-peers.js';
import { runNode } from '../helpers/run-node.js';

// A project that installed wavespeed-sdk without @ai-sdk/provider.

let project: NoPeersProject;

beforeAll(async () => {
  project = await createNoPeersProject();
});

afterAll(() => {
  project?.remove();
});

describe('without @ai-sdk/provider installed', () => {
  it('importing wavespeed-sdk/ai fails at once with the install command', async () => {
    const run = await runNode(
      [
        '--input-type=module',
        '-e',
        "try { await import('wavespeed-sdk/ai'); } catch (e) { console.log(e.name + ': ' + e.message); }",
      ],
      { cwd: project.dir, env: { PATH: process.env.PATH ?? '' } },
    );
    expect(run.stdout).toMatch(
      /^MissingPeerError: wavespeed-sdk\/ai needs the optional package @ai-sdk\/provider/,
    );
    expect(run.stdout).toContain('npm i @ai-sdk/provider@4');
  });

  it('require() of it says it is an ES module and how to load it', async () => {
    const run = await runNode(
      ['-e', "try { require('wavespeed-sdk/ai') } catch (e) { console.log(e.message) }"],
      {
        cwd: project.dir,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(run.stdout).toContain("await import('wavespeed-sdk/ai')");
  });
});
