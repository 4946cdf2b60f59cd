// `npm run soak:batch`: the crash soak of `wavespeed batch`. A 500-job file run by the CLI against
// the simulator, killed with SIGKILL 5 times at random points (after some intents, between a
// submit and its id, mid-download), then run to the end; prints what the simulator, the output
// folder and the journal hold. Exits 1 when a job was paid for twice or an output was lost.
//
// `--rss`: instead, one uninterrupted run of a 100,000-line file against a fast simulator,
// sampling the CLI's resident memory. `--heap <MiB>` caps the CLI's V8 heap
// (`--max-old-space-size`): a run that retained memory per job would then die of it.
//
// Usage: tsx scripts/soak-batch.ts [--jobs 500] [--kills 5] [--seed 1] [--concurrency 16]
//        tsx scripts/soak-batch.ts --rss [--jobs 100000] [--concurrency 64] [--heap 64]
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSimulator } from '../src/testing/index.js';
import { CLI, simEnv, startCli } from '../test/cli/helpers.js';
import { type KillPoint, runKilledBatch } from '../test/helpers/batch-kills.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string' },
    kills: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string' },
    rss: { type: 'boolean', default: false },
    heap: { type: 'string' },
  },
});

/** A small seeded generator (mulberry32), so a soak can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function kills(): Promise<number> {
  const seed = Number(values.seed);
  const next = random(seed);
  const points: KillPoint[] = ['after-intents', 'before-id', 'mid-download'];
  const plan = Array.from(
    { length: Number(values.kills) },
    () => points[Math.floor(next() * points.length)] as KillPoint,
  );
  const count = Number(values.jobs ?? 500);
  const sim = await createSimulator({ speed: 20, seed, jobDuration: 3_000 });
  sim.inject({ route: 'submit', afterCreate: true, delayMs: 300, probability: 0.2 });
  sim.inject({ route: 'download', delayMs: 150, probability: 0.2 });
  const dir = await mkdtemp(join(tmpdir(), 'wavespeed-soak-batch-'));
  const started = Date.now();
  try {
    const report = await runKilledBatch({
      sim,
      dir,
      count,
      points: plan,
      concurrency: Number(values.concurrency ?? 16),
      recoveryDelay: 2,
      intents: () => 1 + Math.floor(next() * count * 0.15),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`batch soak: ${count} jobs, seed ${seed}, ${seconds} s`);
    for (const kill of report.kills) {
      console.log(`  SIGKILL ${kill.point.padEnd(14)} ${kill.killed ? 'killed' : 'ended first'}`);
    }
    console.log(`  final run exit code      ${report.exitCode}`);
    console.log(`  jobs in the simulator    ${sim.state.jobs.length}`);
    console.log(`  duplicate jobs           ${report.duplicates}`);
    console.log(`  prompts without a job    ${report.lost}`);
    console.log(`  outputs on disk          ${report.outputs} (half-written: ${report.partFiles})`);
    console.log(`  journal not completed    ${report.unfinished}`);
    const broken =
      report.exitCode !== 0 ||
      report.duplicates > 0 ||
      report.lost > 0 ||
      report.outputs !== count ||
      report.partFiles > 0 ||
      report.unfinished > 0;
    if (broken) console.log(report.stderr);
    return broken ? 1 : 0;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Peak resident memory of a process, in MiB (Linux `/proc`). */
async function rssOf(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

async function rss(): Promise<number> {
  const count = Number(values.jobs ?? 100_000);
  const sim = await createSimulator({ speed: 1_000, jobDuration: 1_000, balance: count });
  const dir = await mkdtemp(join(tmpdir(), 'wavespeed-soak-rss-'));
  try {
    const file = join(dir, 'jobs.jsonl');
    const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ prompt: `shot ${i}` }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const started = Date.now();
    const cli = startCli(
      [
        'batch',
        file,
        '--model',
        'wavespeed-ai/flux-dev',
        '--concurrency',
        values.concurrency ?? '64',
      ],
      {
        env: {
          ...simEnv(sim),
          ...(values.heap === undefined
            ? {}
            : { NODE_OPTIONS: `--max-old-space-size=${Number(values.heap)}` }),
        },
      },
    );
    let peak = 0;
    const samples: number[] = [];
    const timer = setInterval(async () => {
      const mb = await rssOf(cli.child.pid ?? 0);
      if (mb !== undefined) {
        peak = Math.max(peak, mb);
        samples.push(mb);
      }
    }, 250);
    const result = await cli.exited;
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    const quarter = (i: number) => samples[Math.floor((samples.length - 1) * i)]?.toFixed(0);
    console.log(
      `batch RSS: ${count} jobs in ${seconds.toFixed(0)} s (${(count / seconds).toFixed(0)} jobs/s)`,
    );
    console.log(
      `  exit code ${result.code}; completed jobs in the simulator: ${sim.state.jobs.length}`,
    );
    console.log(
      `  CLI resident memory: peak ${peak.toFixed(0)} MiB; at 25/50/75/100 %: ${[0.25, 0.5, 0.75, 1].map(quarter).join(' / ')} MiB`,
    );
    if (values.heap !== undefined) console.log(`  V8 heap capped at ${values.heap} MiB`);
    console.log(
      `  node ${execFileSync(process.execPath, ['--version']).toString().trim()}, ${CLI}`,
    );
    if (result.code !== 0) console.log(result.stderr.slice(-2000));
    return result.code === 0 ? 0 : 1;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await (values.rss ? rss() : kills());
