import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '../../src/testing/index.js';
import { submissionsPerPrompt } from '../bullmq/helpers.js';
import { runCli, simEnv, startCli } from '../cli/helpers.js';

// `wavespeed batch` killed with SIGKILL at chosen points and run again until it finishes: shared
// by the CLI test (a few kills, 30 jobs) and `npm run soak:batch` (500 jobs, 5 kills).

const MODEL = 'wavespeed-ai/flux-dev';

/** Where a run is killed. */
export type KillPoint = 'after-intents' | 'before-id' | 'mid-download';

/** What the runs left behind. */
export interface KillReport {
  /** Each run that was meant to be killed: where, and whether the kill came before it ended. */
  kills: Array<{ point: KillPoint; killed: boolean }>;
  /** The final run's exit code. */
  exitCode: number | null;
  stderr: string;
  /** Prompts of the file with no job in the simulator. */
  lost: number;
  /** Extra jobs: predictions beyond one per prompt (each one paid for twice). */
  duplicates: number;
  /** Saved outputs, and half-written files left behind. */
  outputs: number;
  partFiles: number;
  /** Journal keys whose latest state is not `completed`. */
  unfinished: number;
}

async function text(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/** Whether the run has reached `point`. */
function reached(
  point: KillPoint,
  sim: Simulator,
  journal: string,
  seen: { intents: number },
): () => Promise<boolean> {
  if (point === 'after-intents') {
    return async () => (await text(journal)).split('"state":"intent"').length - 1 > seen.intents;
  }
  if (point === 'before-id') {
    // A job on the server that the journal has no id for: killed between the POST and its record.
    return async () => {
      const ids = new Set(
        [...(await text(journal)).matchAll(/"predictionId":"(\w+)"/g)].map((m) => m[1]),
      );
      return sim.state.jobs.some((job) => !ids.has(job.id));
    };
  }
  return async () => sim.state.requests.some((r) => r.route === 'download' && r.status === 0);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Writes `count` prompts to `dir/jobs.jsonl`, runs `wavespeed batch` on them once per kill point
 * (SIGKILL when the point is reached), then once more to the end, and reports what the
 * simulator, the output folder and the journal hold.
 */
export async function runKilledBatch(options: {
  sim: Simulator;
  dir: string;
  count: number;
  points: readonly KillPoint[];
  concurrency: number;
  /** `--recovery-delay` in seconds: longer than the simulator's slowest submit answer. */
  recoveryDelay: number;
  /** Intents (beyond those already written) before an `after-intents` kill. */
  intents?: (run: number) => number;
}): Promise<KillReport> {
  const { sim, dir, count } = options;
  const file = join(dir, 'jobs.jsonl');
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ prompt: `shot ${i}` }));
  await writeFile(file, `${lines.join('\n')}\n`);
  const journal = `${file}.journal.jsonl`;
  const out = join(dir, 'out');
  const args = [
    'batch',
    file,
    '--model',
    MODEL,
    '--concurrency',
    String(options.concurrency),
    '--output-dir',
    out,
    '--recovery-delay',
    String(options.recoveryDelay),
  ];
  const kills: KillReport['kills'] = [];
  for (const [run, point] of options.points.entries()) {
    const seen = { intents: (await text(journal)).split('"state":"intent"').length - 1 };
    seen.intents += options.intents?.(run) ?? 5;
    const cli = startCli(args, { env: simEnv(sim) });
    let ended = false;
    const exited = cli.exited.then((result) => {
      ended = true;
      return result;
    });
    const check = reached(point, sim, journal, seen);
    await until(async () => ended || (await check()));
    cli.child.kill('SIGKILL');
    const result = await exited;
    kills.push({ point, killed: result.signal === 'SIGKILL' });
  }
  const final = await runCli(args, { env: simEnv(sim) });
  const perPrompt = submissionsPerPrompt(sim);
  const files = await readdir(out).catch(() => [] as string[]);
  const states = new Map<string, string>();
  for (const line of (await text(journal)).split('\n').slice(1)) {
    if (line === '') continue;
    const record = JSON.parse(line) as { key: string; state: string };
    states.set(record.key, record.state);
  }
  return {
    kills,
    exitCode: final.code,
    stderr: final.stderr,
    lost: count - perPrompt.size,
    duplicates: [...perPrompt.values()].reduce((sum, n) => sum + n - 1, 0),
    outputs: files.filter((name) => !name.endsWith('.part')).length,
    partFiles: files.filter((name) => name.endsWith('.part')).length,
    unfinished: [...states.values()].filter((state) => state !== 'completed').length,
  };
}
