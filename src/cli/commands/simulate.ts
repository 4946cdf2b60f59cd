import { parsePositiveInt } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

/**
 * `wavespeed simulate`: a local WaveSpeed API for trying the CLI and SDK without a key or credits.
 */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Start a local WaveSpeed API simulator (no key, no credits) until Ctrl-C',
  usage: 'wavespeed simulate [--port <port>] [--speed <factor>] [--seed <n>] [--json]',
  description:
    'Prints the URL, a test key and an export line; paste the export line into another shell ' +
    'and every command (and the SDK) talks to the simulator.',
  options: {
    port: { type: 'string', value: 'port', description: 'Port on 127.0.0.1 (default: a free one)' },
    speed: {
      type: 'string',
      value: 'factor',
      description: 'Run jobs this many times faster than real (default 1)',
    },
    seed: { type: 'string', value: 'n', description: 'Seed for deterministic ids' },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed simulate',
    'wavespeed simulate --port 8787 --speed 10',
    '# in another shell, paste the printed export line, then:\nwavespeed run wavespeed-ai/flux-dev --prompt "A cat"',
  ],
  async run(ctx) {
    const rawPort = ctx.flags.string('port');
    const port = rawPort === undefined ? 0 : parsePort(rawPort);
    const rawSpeed = ctx.flags.string('speed');
    const speed = rawSpeed === undefined ? undefined : Number(rawSpeed);
    if (speed !== undefined && (!Number.isFinite(speed) || speed <= 0)) {
      throw new UsageError(`--speed must be a positive number, got "${rawSpeed}"`, 'simulate');
    }
    const rawSeed = ctx.flags.string('seed');
    const seed =
      rawSeed === undefined ? undefined : parsePositiveInt('--seed', rawSeed, 'simulate');
    // Loaded here: the simulator (and the catalog it unpacks) is no part of the other commands.
    const { createSimulator } = await import('../../testing/server.js');
    const sim = await createSimulator({
      port,
      ...(speed === undefined ? {} : { speed }),
      ...(seed === undefined ? {} : { seed }),
    });
    try {
      ctx.out.result({ url: sim.url, storageUrl: sim.storageUrl, apiKey: sim.apiKey }, [
        `WaveSpeed simulator listening on ${sim.url}`,
        `Test API key: ${sim.apiKey}`,
        '',
        'Use it from another shell:',
        `export WAVESPEED_BASE_URL=${sim.url} WAVESPEED_API_KEY=${sim.apiKey}`,
      ]);
      ctx.out.note('Press Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await sim.close();
    }
    ctx.out.note('Simulator stopped.');
    return undefined;
  },
};

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a port number (0-65535), got "${raw}"`, 'simulate');
  }
  return port;
}
