import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { json, runCli, simEnv } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({ seed: 53, speed: 50 });
});

afterAll(async () => {
  await sim.close();
});

describe('wavespeed (global behaviour)', () => {
  it('--version prints the package version', async () => {
    const plain = await runCli(['--version']);
    expect(plain).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const short = await runCli(['-v', '--json']);
    expect(json(short)).toEqual({ version: pkg.version });
  });

  it('--help lists every command, the environment and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name} `);
    expect(result.stdout).toContain('WAVESPEED_API_KEY');
    for (const code of ['0', '1', '2', '3', '4', '130']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${code} +\\S`, 'm'));
    }
  });

  it('every command has --help with usage, options and examples', async () => {
    const results = await Promise.all(COMMANDS.map((command) => runCli([command.name, '--help'])));
    for (const [index, result] of results.entries()) {
      const command = COMMANDS[index];
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: wavespeed ${command?.name}`);
      expect(result.stdout).toContain('Examples:\n  wavespeed');
      expect(result.stdout).toContain('Exit codes:');
      expect(result.stdout).toContain('--json');
    }
    const viaHelp = await runCli(['help', 'run']);
    expect(viaHelp.stdout).toBe(results[0]?.stdout);
  });

  it('no command prints the help on stderr and exits 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: wavespeed <command>');
  });

  it('an unknown command or flag is a usage error with a suggestion', async () => {
    const command = await runCli(['rnu', 'x/y']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "rnu". Did you mean "run"?');
    const flag = await runCli(['balance', '--nope'], { env: simEnv(sim) });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Unknown option --nope');
    expect(flag.stderr).toContain('wavespeed balance --help');
  });

  it('takes the key from WAVESPEED_API_KEY only; a missing key is a clear usage error', async () => {
    const before = sim.state.requests.length;
    const missing = await runCli(['balance', '--json'], { env: { WAVESPEED_BASE_URL: sim.url } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('WAVESPEED_API_KEY is not set');
    expect(missing.stderr).toContain('wavespeed simulate');
    expect(json(missing)).toEqual({
      error: expect.objectContaining({ name: 'UsageError', exitCode: 2 }),
    });
    const blank = await runCli(['run', 'wavespeed-ai/flux-dev', '-p', 'x'], {
      env: { WAVESPEED_BASE_URL: sim.url, WAVESPEED_API_KEY: '  ' },
    });
    expect(blank.code).toBe(2);
    const flag = await runCli(['balance', '--api-key', sim.apiKey], {
      env: { WAVESPEED_BASE_URL: sim.url },
    });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Unknown option --api-key');
    expect(sim.state.requests.length).toBe(before);
  });

  it('--base-url wins over WAVESPEED_BASE_URL, anywhere on the line', async () => {
    const env = { WAVESPEED_API_KEY: sim.apiKey, WAVESPEED_BASE_URL: 'http://127.0.0.1:9' };
    const result = await runCli(['--base-url', sim.url, 'balance', '--json'], { env });
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ currency: 'USD' });
  });

  it('--verbose logs requests to stderr without the key or input values', async () => {
    const result = await runCli(
      ['run', 'wavespeed-ai/flux-dev', '-p', 'my private prompt', '--verbose'],
      {
        env: simEnv(sim),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('POST /api/v3/wavespeed-ai/flux-dev');
    expect(result.stderr).not.toContain(sim.apiKey);
    expect(result.stderr).not.toContain('my private prompt');
  });

  it('a connection failure is an API/network error (exit 1)', async () => {
    const result = await runCli(['balance'], {
      env: { WAVESPEED_API_KEY: sim.apiKey, WAVESPEED_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
  });
});
