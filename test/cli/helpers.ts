import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../src/testing/index.js';

/** The built bin, as `npm install -g` would run it. */
export const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
}

/** The environment a spawned CLI gets: nothing from the parent but PATH and what is given. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Environment pointing the CLI at a simulator. */
export function simEnv(sim: Simulator): Record<string, string> {
  return { WAVESPEED_BASE_URL: sim.url, WAVESPEED_API_KEY: sim.apiKey };
}

/** A running CLI process with its output so far. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stderr (or stdout) as it arrives. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
}

/** Starts `node dist/cli/index.js ...args` without waiting for it. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: cliEnv(options.env),
    cwd: options.cwd ?? process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out.stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    out.stderr += chunk;
    for (const listener of listeners) listener();
  });
  child.stdin?.end(options.stdin ?? '');
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout: out.stdout, stderr: out.stderr });
    });
  });
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    waitFor(pattern, stream = 'stderr') {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = out[stream].match(pattern);
          if (match) {
            listeners.delete(check);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            reject(
              new Error(
                `CLI exited before ${pattern} appeared.\nstdout: ${out.stdout}\nstderr: ${out.stderr}`,
              ),
            );
          }
        };
        listeners.add(check);
        check();
      });
    },
    exited,
  };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** Parses stdout as the single JSON document `--json` promises. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\nstderr: ${result.stderr}`);
  }
}
