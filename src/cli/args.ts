import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/**
 * One flag of a command, as parsed by `node:util` `parseArgs` and shown by `--help`.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help (`--timeout <seconds>`). */
  value?: string;
  description: string;
}

/**
 * A command's flags by long name.
 */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * Flags every command accepts.
 *
 * @example
 * ```ts
 * Object.keys(GLOBAL_OPTIONS); // ['json', 'base-url', 'verbose', 'help']
 * ```
 */
export const GLOBAL_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'Print only JSON on stdout (for scripts and jq)' },
  'base-url': {
    type: 'string',
    value: 'url',
    description: 'API origin (default: $WAVESPEED_BASE_URL or https://api.wavespeed.ai)',
  },
  verbose: { type: 'boolean', description: 'Log requests (never keys or input values) to stderr' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
};

type RawValue = string | boolean | (string | boolean)[] | undefined;

/**
 * Typed read access to parsed flag values.
 *
 * @example
 * ```ts
 * const flags = new Flags({ model: 'wavespeed-ai/flux-dev', sync: true });
 * flags.string('model'); // 'wavespeed-ai/flux-dev'
 * ```
 */
export class Flags {
  readonly #values: Readonly<Record<string, RawValue>>;

  constructor(values: Readonly<Record<string, RawValue>>) {
    this.#values = values;
  }

  /** The last value of a string flag (a repeated single flag keeps the last one). */
  string(name: string): string | undefined {
    const value = this.#values[name];
    if (Array.isArray(value)) {
      const last = value.at(-1);
      return typeof last === 'string' ? last : undefined;
    }
    return typeof value === 'string' ? value : undefined;
  }

  /** Every value of a repeatable string flag, in command-line order. */
  strings(name: string): string[] {
    const value = this.#values[name];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return typeof value === 'string' ? [value] : [];
  }

  /** Whether a boolean flag was given. */
  boolean(name: string): boolean {
    const value = this.#values[name];
    return Array.isArray(value) ? value.includes(true) : value === true;
  }
}

/**
 * The result of {@link parseCommandLine}.
 */
export interface ParsedCommandLine {
  flags: Flags;
  positionals: string[];
}

/**
 * Parses a command's arguments (everything after the command name) with the command's flags plus
 * {@link GLOBAL_OPTIONS}. Unknown flags and missing values become a {@link UsageError}.
 */
export function parseCommandLine(
  args: readonly string[],
  options: OptionSpecs,
  command: string,
): ParsedCommandLine {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> =
    {};
  for (const [name, spec] of Object.entries({ ...GLOBAL_OPTIONS, ...options })) {
    config[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: config,
      allowPositionals: true,
      strict: true,
    });
    return { flags: new Flags(values), positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1];
    if (flag) return `Unknown option ${flag}`;
  }
  // parseArgs messages mention its API ("To specify a positional argument …"); keep the first sentence.
  return message.split('. ')[0]?.replace(/\.$/, '') ?? message;
}

/**
 * Finds the command name in `argv`: the first token that is not a flag nor the value of a
 * global flag, so `wavespeed --json balance` and `wavespeed balance --json` both work.
 * Returns the name and the remaining arguments.
 *
 * @example
 * ```ts
 * splitCommand(['--base-url', 'http://127.0.0.1:8080', 'balance']);
 * // { command: 'balance', rest: ['--base-url', 'http://127.0.0.1:8080'] }
 * ```
 */
export function splitCommand(argv: readonly string[]): {
  command: string | undefined;
  rest: string[];
} {
  const takesValue = new Set(
    Object.entries(GLOBAL_OPTIONS)
      .filter(([, spec]) => spec.type === 'string')
      .map(([name]) => `--${name}`),
  );
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') break;
    if (takesValue.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith('-')) continue;
    return { command: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: [...argv] };
}

/**
 * Reads a duration given in seconds on the command line (`--timeout 600`) as milliseconds.
 *
 * @example
 * ```ts
 * parseSeconds('--timeout', '1.5', 'run'); // 1500
 * ```
 */
export function parseSeconds(flag: string, raw: string, command: string): number {
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`${flag} must be a positive number of seconds, got "${raw}"`, command);
  }
  return Math.round(seconds * 1000);
}

/**
 * Reads a positive whole number (`--limit 50`).
 *
 * @example
 * ```ts
 * parsePositiveInt('--limit', '50', 'history'); // 50
 * ```
 */
export function parsePositiveInt(flag: string, raw: string, command: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} must be a positive whole number, got "${raw}"`, command);
  }
  return value;
}

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Reads a point in time: an ISO date/time (`2026-01-05`, `2026-01-05T10:00:00Z`) or an age
 * relative to `now` (`30m`, `24h`, `7d`, `2w`).
 *
 * @example
 * ```ts
 * parseTime('--from', '7d', 'usage'); // a Date seven days ago
 * ```
 */
export function parseTime(flag: string, raw: string, command: string, now = Date.now()): Date {
  const relative = RELATIVE.exec(raw.trim());
  if (relative) {
    const unit = UNIT_MS[(relative[2] ?? '').toLowerCase()] ?? 0;
    return new Date(now - Number(relative[1]) * unit);
  }
  const time = Date.parse(raw);
  if (raw.trim() === '' || Number.isNaN(time)) {
    throw new UsageError(
      `${flag} must be a date (2026-01-05, 2026-01-05T10:00:00Z) or an age (30m, 24h, 7d), got "${raw}"`,
      command,
    );
  }
  return new Date(time);
}
