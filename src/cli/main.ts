import { type ClientOptions, type Logger, WaveSpeedClient } from '../index.js';
import { closest } from '../models/suggest.js';
import { type Flags, parseCommandLine, splitCommand } from './args.js';
import type { Command, CommandContext } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { UsageError } from './errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { commandHelp, mainHelp } from './help.js';
import { Output, type OutputStream } from './output.js';
import { reportError } from './report.js';
import { VERSION } from './version.js';

/**
 * Everything the CLI reads from its process, injectable for tests.
 */
export interface MainOptions {
  /** Arguments after `wavespeed`. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted with an `InterruptedError` on Ctrl-C. */
  signal: AbortSignal;
}

/**
 * The message for a missing `WAVESPEED_API_KEY` (a usage error, exit code 2).
 */
export const MISSING_KEY_MESSAGE = [
  'WAVESPEED_API_KEY is not set.',
  'Create a key at https://wavespeed.ai/accesskey, then: export WAVESPEED_API_KEY=<your key>',
  '(The key is read from the environment only, never from a flag, so it stays out of shell history.)',
  'To try the CLI without a key, run `wavespeed simulate` and paste the export line it prints.',
].join('\n');

function stderrLogger(out: Output): Logger {
  const write =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      out.warn(`${level} ${message}${extra}`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function checkArity(command: Command, positionals: readonly string[]): void {
  const { min, max, name = 'argument' } = command.args;
  if (positionals.length < min) {
    throw new UsageError(`Missing <${name}>. Usage: ${[command.usage].flat()[0]}`, command.name);
  }
  if (max !== undefined && positionals.length > max) {
    const extra = positionals
      .slice(max)
      .map((p) => `"${p}"`)
      .join(' ');
    const hint =
      command.name === 'generate' || command.name === 'run'
        ? ' (quote a prompt that has spaces)'
        : '';
    throw new UsageError(`Unexpected argument ${extra}${hint}`, command.name);
  }
}

function createContext(
  options: MainOptions,
  flags: Flags,
  positionals: string[],
  out: Output,
): CommandContext {
  let client: WaveSpeedClient | undefined;
  const clientOptions = (): ClientOptions => {
    const apiKey = options.env.WAVESPEED_API_KEY?.trim();
    if (!apiKey) throw new UsageError(MISSING_KEY_MESSAGE);
    const baseUrl = flags.string('base-url') ?? options.env.WAVESPEED_BASE_URL?.trim();
    return {
      apiKey,
      ...(baseUrl ? { baseUrl } : {}),
      logger: stderrLogger(out),
      logLevel: flags.boolean('verbose') ? 'debug' : 'warn',
    };
  };
  return {
    flags,
    positionals,
    out,
    signal: options.signal,
    env: options.env,
    cwd: options.cwd,
    clientOptions,
    client() {
      client ??= new WaveSpeedClient(clientOptions());
      return client;
    },
  };
}

/**
 * Runs one `wavespeed` invocation and resolves to its exit code. Never throws: every error is
 * reported on stderr (and as JSON on stdout with `--json`).
 */
export async function main(options: MainOptions): Promise<ExitCodeValue> {
  const { command: name, rest } = splitCommand(options.argv);
  const json = rest.includes('--json');
  const out = new Output({
    json,
    stdout: options.stdout,
    stderr: options.stderr,
    env: options.env,
  });
  let verbose = false;
  try {
    if (name === undefined) return topLevel(rest, out);
    if (name === 'help') return help(rest, out);
    const command = findCommand(name);
    if (!command) {
      const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
      const [suggestion] = closest(name, names, 1);
      throw new UsageError(
        `Unknown command "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} ` +
          'Run `wavespeed --help` for the list.',
      );
    }
    const { flags, positionals } = parseCommandLine(rest, command.options, command.name);
    verbose = flags.boolean('verbose');
    if (flags.boolean('help')) {
      out.text(commandHelp(command));
      return ExitCode.Ok;
    }
    checkArity(command, positionals);
    const ctx = createContext(options, flags, positionals, out);
    return (await command.run(ctx)) ?? ExitCode.Ok;
  } catch (error) {
    const report = reportError(error, { verbose });
    for (const line of report.lines) out.warn(line);
    if (json) out.stdout.write(`${JSON.stringify(report.json, null, 2)}\n`);
    return report.exitCode;
  }
}

function topLevel(rest: string[], out: Output): ExitCodeValue {
  const { flags } = parseCommandLine(
    rest,
    { version: { type: 'boolean', short: 'v', description: '' } },
    '',
  );
  if (flags.boolean('version')) {
    out.result({ version: VERSION }, VERSION);
    return ExitCode.Ok;
  }
  if (flags.boolean('help')) {
    out.text(mainHelp(COMMANDS, VERSION));
    return ExitCode.Ok;
  }
  out.warn(mainHelp(COMMANDS, VERSION));
  return ExitCode.Usage;
}

function help(rest: string[], out: Output): ExitCodeValue {
  const { positionals } = parseCommandLine(rest, {}, 'help');
  const topic = positionals[0];
  if (topic === undefined) {
    out.text(mainHelp(COMMANDS, VERSION));
    return ExitCode.Ok;
  }
  const command = findCommand(topic);
  if (!command) throw new UsageError(`Unknown command "${topic}". Run \`wavespeed --help\`.`);
  out.text(commandHelp(command));
  return ExitCode.Ok;
}
