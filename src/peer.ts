import { ConfigurationError } from './core/errors.js';

// Optional peer dependencies (bullmq, @modelcontextprotocol/server, @ai-sdk/provider) load only
// through here, from the subpath or command that needs them; the main entry never does.

/**
 * An optional peer dependency: its package, the command that installs it, and what needs it
 * (the fields of a {@link MissingPeerError}).
 */
export interface PeerSpec {
  /** The package name, as `import()` resolves it. */
  name: string;
  /** The command that installs it (and what it needs beside it). */
  install: string;
  /** What needs it, for the message: a subpath or a command. */
  feature: string;
}

/**
 * An optional package a feature needs is not installed. The message names the command that
 * installs it.
 *
 * @example
 * ```ts
 * try {
 *   await import('wavespeed-sdk/bullmq');
 * } catch (error) {
 *   if (error instanceof MissingPeerError) console.error(`run: ${error.install}`);
 * }
 * ```
 */
export class MissingPeerError extends ConfigurationError {
  override name = 'MissingPeerError';
  /** The missing package. */
  readonly peer: string;
  /** The command that installs it. */
  readonly install: string;

  constructor(spec: PeerSpec, cause: unknown) {
    super(
      `${spec.feature} needs the optional package ${spec.name}, which is not installed. ` +
        `Install it with: ${spec.install}`,
      { cause },
    );
    this.peer = spec.name;
    this.install = spec.install;
  }
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
 * throws a {@link MissingPeerError} that names the install command when the peer is not
 * installed. A failed load is not remembered: installing the peer and calling again works.
 */
export async function loadPeer<T>(spec: PeerSpec, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, spec.name)) throw error;
    throw new MissingPeerError(spec, error);
  }
}
