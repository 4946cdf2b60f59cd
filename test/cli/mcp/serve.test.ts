import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { type CliProcess, simEnv, startCli } from '../helpers.js';

// `wavespeed mcp --http`: Streamable HTTP at /mcp, behind a bearer token when one is set.

let sim: Simulator;
let server: CliProcess;
let url: URL;

beforeAll(async () => {
  sim = await createSimulator({ speed: 50 });
  server = startCli(['mcp', '--http', '127.0.0.1:0', '--token', 'wsk_test_mcp_token'], {
    env: simEnv(sim),
  });
  const [, address] = await server.waitFor(/on (http:\/\/\S+\/mcp)/);
  url = new URL(address as string);
});

afterAll(async () => {
  server?.child.kill('SIGINT');
  await server?.exited;
  await sim?.close();
});

describe('wavespeed mcp --http', () => {
  it('serves a real client that sends the token', async () => {
    const client = new Client({ name: 'wavespeed-tests', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: 'Bearer wsk_test_mcp_token' } },
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('run_model');
      const run = await client.callTool({
        name: 'run_model',
        arguments: { model: 'wavespeed-ai/flux-dev', input: { prompt: 'over http' } },
      });
      expect((run.structuredContent as { status: string }).status).toBe('completed');
    } finally {
      await client.close();
    }
  });

  it('refuses requests without the token, and paths other than /mcp', async () => {
    const denied = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(denied.status).toBe(401);
    const other = await fetch(new URL('/', url));
    expect(other.status).toBe(404);
  });

  it('stops on SIGINT', async () => {
    server.child.kill('SIGINT');
    const result = await server.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('wsk_test_mcp_token');
  });
});
