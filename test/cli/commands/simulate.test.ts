import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers.js';

describe('wavespeed simulate', () => {
  it('prints URL, key and an export line, serves the CLI, and stops cleanly on Ctrl-C', async () => {
    const sim = startCli(['simulate', '--speed', '50', '--seed', '3']);
    try {
      const [, url, key] = await sim.waitFor(
        /export WAVESPEED_BASE_URL=(http:\/\/127\.0\.0\.1:\d+) WAVESPEED_API_KEY=(wsk_test_\w+)/,
        'stdout',
      );
      expect(sim.stdout()).toContain(`listening on ${url}`);
      expect(sim.stdout()).toContain(`Test API key: ${key}`);
      const env = { WAVESPEED_BASE_URL: url, WAVESPEED_API_KEY: key };
      const balance = await runCli(['balance'], { env });
      expect(balance.code).toBe(0);
      const run = await runCli(['generate', 'A cat', '--model', 'wavespeed-ai/flux-dev'], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/outputs\//);
    } finally {
      sim.child.kill('SIGINT');
    }
    const result = await sim.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Simulator stopped.');
  });

  it('--json prints { url, storageUrl, apiKey } and needs no API key', async () => {
    const sim = startCli(['simulate', '--json']);
    try {
      await sim.waitFor(/\}\n/, 'stdout');
      const info = JSON.parse(sim.stdout()) as { url: string; apiKey: string; storageUrl: string };
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.apiKey).toMatch(/^wsk_test_/);
      expect(info.storageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect((await sim.exited).code).toBe(0);
  });

  it('rejects a bad --port', async () => {
    const result = await runCli(['simulate', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a port number');
  });
});
