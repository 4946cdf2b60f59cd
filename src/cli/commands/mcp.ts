import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { type ClientOptions, WaveSpeedClient } from '../../index.js';
import { loadPeer } from '../../peer.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import {
  type GuardConfig,
  isLoopback,
  type McpConfig,
  type McpTransport,
  taskSettings,
} from '../mcp/config.js';

// `wavespeed mcp`: the MCP server. Its code and its peer load only when this command runs.

const INSTALL = 'npm i @modelcontextprotocol/server@2';

function usd(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/^\$/, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(`${flag} must be an amount in USD, like 5 or 0.50, got "${raw}"`, 'mcp');
  }
  return value;
}

function transportOf(raw: string | undefined): McpTransport {
  if (raw === undefined) return { kind: 'stdio' };
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(raw.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new UsageError(
      `--http takes [host:]port, e.g. 8080 or 127.0.0.1:8080, got "${raw}"`,
      'mcp',
    );
  }
  return { kind: 'http', host: match[1]?.replace(/^\[|\]$/g, '') ?? '127.0.0.1', port };
}

/** The server's configuration from the flags and the environment; usage errors before anything starts. */
export function mcpConfig(ctx: Pick<CommandContext, 'flags' | 'env' | 'cwd'>): McpConfig {
  const transport = transportOf(ctx.flags.string('http'));
  const token = ctx.flags.string('token') ?? ctx.env.WAVESPEED_MCP_TOKEN;
  if (transport.kind === 'http' && !isLoopback(transport.host) && token === undefined) {
    throw new UsageError(
      `--http on ${transport.host} is reachable from other machines: pass --token <secret> (or set WAVESPEED_MCP_TOKEN), which clients send as "Authorization: Bearer <secret>"`,
      'mcp',
    );
  }
  const models = ctx.flags.string('models');
  const guard: GuardConfig = {
    maxSpend: usd('--max-spend', ctx.flags.string('max-spend')),
    confirmOver: usd('--confirm-over', ctx.flags.string('confirm-over')),
    readOnly: ctx.flags.boolean('read-only'),
    models:
      models === undefined
        ? undefined
        : new Set(
            models
              .split(',')
              .map((m) => m.trim())
              .filter((m) => m !== ''),
          ),
  };
  const outputDir = ctx.flags.string('output-dir');
  return {
    transport,
    token,
    guard,
    outputDir: outputDir === undefined ? undefined : resolve(ctx.cwd, outputDir),
    tasks: taskSettings(ctx.env, homedir()),
  };
}

/**
 * `wavespeed mcp`: a Model Context Protocol server, so agents can find models, quote, run and
 * fetch results, within the limits the flags set.
 */
export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve WaveSpeed to AI agents over MCP (stdio, or Streamable HTTP)',
  usage:
    'wavespeed mcp [--http [host:]port [--token <secret>]] [--max-spend <usd>] [--confirm-over <usd>] [--read-only] [--models <a,b>] [--output-dir <dir>] [--simulate]',
  description:
    'Runs a Model Context Protocol server for Claude Desktop, Cursor, VS Code and any MCP client: ' +
    'list_models, get_model_schema, get_price, run_model, get_prediction, wait_prediction, ' +
    'list_predictions, delete_predictions, upload_file, get_balance, get_usage, and the task tools ' +
    'text_to_image, image_to_image, generate_video. Over stdio by default (logs on stderr). ' +
    `Needs the optional package @modelcontextprotocol/server (${INSTALL}). Starts without an API ` +
    'key too: the tools then say how to set one.',
  options: {
    http: {
      type: 'string',
      value: '[host:]port',
      description: 'Serve Streamable HTTP at /mcp instead of stdio (host default 127.0.0.1)',
    },
    token: {
      type: 'string',
      value: 'secret',
      description:
        'Bearer token HTTP clients must send (required off loopback; or WAVESPEED_MCP_TOKEN)',
    },
    'max-spend': {
      type: 'string',
      value: 'usd',
      description: 'Refuse runs once this server has spent this much (quoted before each run)',
    },
    'confirm-over': {
      type: 'string',
      value: 'usd',
      description: 'Runs quoted above this need the agent to call again with confirm: true',
    },
    'read-only': { type: 'boolean', description: 'List no tool that spends, uploads or deletes' },
    models: { type: 'string', value: 'a,b', description: 'Only these models may run' },
    'output-dir': { type: 'string', value: 'dir', description: 'Save run outputs here too' },
    simulate: {
      type: 'boolean',
      description: 'Run against a built-in simulator (no key, no credits)',
    },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed mcp --max-spend 5 --confirm-over 0.5',
    'wavespeed mcp --read-only',
    'wavespeed mcp --http 8080',
    'wavespeed mcp --simulate',
  ],
  async run(ctx) {
    const config = mcpConfig(ctx);
    await loadPeer(
      { name: '@modelcontextprotocol/server', install: INSTALL, feature: 'wavespeed mcp' },
      () => import('@modelcontextprotocol/server'),
    );
    const { serveHttp, serveStdio } = await import('../mcp/serve.js');
    const { SpendingGuard } = await import('../mcp/guard.js');
    const log = (message: string) => process.stderr.write(`[wavespeed mcp] ${message}\n`);
    let close = async () => {};
    let client: () => WaveSpeedClient = () => ctx.client();
    const host = ctx.env.WAVESPEED_API_HOST;
    if (host && ctx.flags.string('base-url') === undefined && !ctx.env.WAVESPEED_BASE_URL) {
      // The Python server's name for the API origin.
      let made: WaveSpeedClient | undefined;
      client = () => {
        made ??= new WaveSpeedClient({ ...ctx.clientOptions(), baseUrl: host });
        return made;
      };
    }
    if (ctx.flags.boolean('simulate')) {
      const { createSimulator } = await import('../../testing/server.js');
      const sim = await createSimulator({ speed: 10 });
      close = () => sim.close();
      const options: ClientOptions = { apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' };
      const simulated = new WaveSpeedClient(options);
      client = () => simulated;
      log(`using a built-in simulator at ${sim.url} (no credits are spent)`);
    }
    const deps = { client, config, guard: new SpendingGuard(config.guard), cwd: ctx.cwd, log };
    try {
      if (config.transport.kind === 'http') {
        await serveHttp(deps, { ...config.transport, token: config.token }, ctx.signal);
      } else {
        await serveStdio(deps, ctx.signal);
      }
    } finally {
      await close();
    }
    return undefined;
  },
};
