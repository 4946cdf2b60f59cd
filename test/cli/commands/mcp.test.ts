import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoPeersProject, type NoPeersProject } from '../../helpers/no-peers.js';
import { runNode } from '../../helpers/run-node.js';
import { runCli } from '../helpers.js';

// `wavespeed mcp` flags and its optional peer (the server itself: test/cli/mcp/).

let project: NoPeersProject;

beforeAll(async () => {
  project = await createNoPeersProject();
});

afterAll(() => {
  project?.remove();
});

describe('wavespeed mcp', () => {
  it('without @modelcontextprotocol/server: the install command, exit 1', async () => {
    const run = await runNode([project.cli, 'mcp'], {
      cwd: project.dir,
      env: { PATH: process.env.PATH ?? '', WAVESPEED_API_KEY: 'wsk_test_no_mcp_peer' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'wavespeed mcp needs the optional package @modelcontextprotocol/server',
    );
    expect(run.stderr).toContain('npm i @modelcontextprotocol/server@2');
    expect(run.stderr).not.toContain('wsk_test_no_mcp_peer');
    expect(run.stdout).toBe('');
  });

  it('refuses an HTTP bind off loopback without a token, and bad amounts, before starting', async () => {
    const open = await runCli(['mcp', '--http', '0.0.0.0:0']);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/reachable from other machines: pass --token/);
    const amount = await runCli(['mcp', '--max-spend', 'lots']);
    expect(amount.code).toBe(2);
    expect(amount.stderr).toMatch(/--max-spend must be an amount in USD/);
    const port = await runCli(['mcp', '--http', 'localhost:99999']);
    expect(port.code).toBe(2);
  });
});
