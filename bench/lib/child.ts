import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ROOT } from './paths.js';

/**
 * Runs a bench script (TypeScript, through tsx) in its own Node process and returns the JSON it
 * prints last on stdout. Children keep measurements such as RSS free of the parent's state.
 *
 * @example
 * ```ts
 * const out = await runChild<{ ms: number }>('bench/children/upload.ts', ['ours', path]);
 * ```
 */
export function runChild<T>(
  script: string,
  args: readonly string[],
  options: { timeoutMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, script), ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(
          new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(-800)}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${stdout.slice(-400)} ${stderr.slice(-400)}`));
      }
    });
  });
}

/**
 * Counts a simulator process reports: jobs by status and requests by route.
 *
 * @example
 * ```ts
 * const { requests } = await sim.stats(); // { submit: 1000, result: 2400, … }
 * ```
 */
export interface SimStats {
  jobs: number;
  completed: number;
  requests: Record<string, number>;
  /** Mean time from a job's creation to the first `/result` request for it (ms). */
  firstPollMs: number | null;
}

/**
 * A simulator running in a child process, so the server's work runs on its own core and does not
 * share an event loop with the client under test.
 *
 * @example
 * ```ts
 * const sim = await startSimProcess({ jobDuration: 5 });
 * await sim.close();
 * ```
 */
export interface SimProcess {
  url: string;
  apiKey: string;
  stats(): Promise<SimStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts bench/children/sim-server.ts with JSON-serialisable simulator options.
 *
 * @example
 * ```ts
 * const sim = await startSimProcess({ jobDuration: 1, seed: 1 });
 * ```
 */
export async function startSimProcess(options: Record<string, unknown>): Promise<SimProcess> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'children', 'sim-server.ts'), JSON.stringify(options)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`simulator process exited ${code}`));
  });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
    });
  const ask = async (command: string): Promise<string> => {
    const reply = next();
    child.stdin.write(`${command}\n`);
    return reply;
  };
  const hello = JSON.parse(await next()) as { url: string; apiKey: string };
  return {
    url: hello.url,
    apiKey: hello.apiKey,
    stats: async () => JSON.parse(await ask('stats')) as SimStats,
    reset: async () => {
      await ask('reset');
    },
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
