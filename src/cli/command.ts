import type { ClientOptions, WaveSpeedClient } from '../index.js';
import type { Flags, OptionSpecs } from './args.js';
import type { ExitCodeValue } from './exit-codes.js';
import type { Output } from './output.js';

/**
 * What a command gets to work with.
 */
export interface CommandContext {
  /** Parsed flags (the command's and the global ones). */
  readonly flags: Flags;
  /** Positional arguments after the command name. */
  readonly positionals: readonly string[];
  /** The only way to write output. */
  readonly out: Output;
  /** Aborted (with an `InterruptedError`) on Ctrl-C; pass it to every SDK call. */
  readonly signal: AbortSignal;
  /** The process environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. */
  readonly cwd: string;
  /**
   * The SDK client, created on first use. Throws a usage error when `WAVESPEED_API_KEY` is
   * missing, before any request.
   */
  client(): WaveSpeedClient;
  /**
   * The options `client()` is made with (key, base URL, logger), for commands that make clients
   * of their own. Throws the same usage error when `WAVESPEED_API_KEY` is missing.
   */
  clientOptions(): ClientOptions;
}

/**
 * One `wavespeed` command: its flags, its help text and what it does.
 */
export interface Command {
  readonly name: string;
  /** Other names that run this command. */
  readonly aliases?: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line(s) shown by `--help`. */
  readonly usage: string | readonly string[];
  /** Longer explanation shown by `--help`. */
  readonly description?: string;
  readonly options: OptionSpecs;
  /** How many positional arguments it takes (`max` undefined = any number). */
  readonly args: { readonly min: number; readonly max?: number; readonly name?: string };
  readonly examples: readonly string[];
  /** Runs the command; resolves to the exit code (0 when nothing is returned). */
  run(ctx: CommandContext): Promise<ExitCodeValue | undefined>;
}
