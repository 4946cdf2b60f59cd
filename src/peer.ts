import { ConfigurationError } from './core/errors.js';

// Optional peer dependencies (bullmq, @modelcontextprotocol/server, @ai-sdk/provider) load only
// through here, from the subpath or command that needs them; the main entry never does.

/**
 * What {@link loadPeer} needs to know about one optional peer dependency.
 */
export interface PeerSpec {
  /** The package name, as `import()` resolves it. */
  name: string;
  /** The command that installs it (and what it needs beside it). */
  install: string;
  /** What needs it, for the message: a subpath or a command. */
  feature: string;
}

function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = error instanceof Error ? error.message : '';
  // Only the peer itself being absent: a broken install of something it imports is another story.
  return message.includes(`'${name}'`) || message.includes(`"${name}"`);
}

/**
 * Runs `load` (a literal `import('<peer>')`, so bundlers see it) and returns the module, or
 * throws a {@link ConfigurationError} that names the install command when the peer is not
 * installed. A failed load is not remembered: installing the peer and calling again works.
 */
export async function loadPeer<T>(spec: PeerSpec, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, spec.name)) throw error;
    throw new ConfigurationError(
      `${spec.feature} needs the optional package ${spec.name}, which is not installed. ` +
        `Install it with: ${spec.install}`,
      { cause: error },
    );
  }
}
