import type { ServerContext } from '@modelcontextprotocol/server';
import type { WaveSpeedClient } from '../../index.js';
import type { McpConfig } from './config.js';
import type { SpendingGuard } from './guard.js';

// What every tool works with.

/** The server's shared parts. */
export interface ToolDeps {
  /** The SDK client; throws an actionable error when no API key is set. */
  client(): WaveSpeedClient;
  config: McpConfig;
  guard: SpendingGuard;
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** A line on stderr (stdout is the protocol). */
  log(message: string): void;
}

/** The request a tool runs for: its cancel signal, and a way to report progress. */
export type ToolContext = ServerContext;

/** Sends a progress notification when the client asked for them (a progress token). */
export function progress(ctx: ToolContext, step: number, message: string): void {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return;
  ctx.mcpReq
    .notify({
      method: 'notifications/progress',
      params: { progressToken: token, progress: step, message },
    })
    .catch(() => undefined);
}
