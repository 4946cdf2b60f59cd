import { Client as OfficialClient } from 'wavespeed';
import { startSimProcess } from '../lib/child.js';
import { loadSdk } from '../lib/load.js';
import { type CaseResult, compare } from '../lib/results.js';
import { round } from '../lib/stats.js';

const JOBS = 200;
const CONCURRENCY = 20;
const ROUNDS = 3;
const MODEL = 'wavespeed-ai/flux-dev';

/** CPU time (user + system, µs) this process spends running `jobs` runs, `CONCURRENCY` at once. */
async function cpuFor(run: (prompt: string) => Promise<unknown>, tag: string): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < JOBS) await run(`cpu ${tag} ${next++}`);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / JOBS;
}

/**
 * CPU per `run()` job in the client's process: submit, wait (polling), result — the SDK against
 * the official SDK, on the same 300 ms jobs of a simulator in its own process.
 */
export async function cpuCase(): Promise<CaseResult> {
  const sim = await startSimProcess({ jobDuration: 300, balance: 1e9, seed: 3 });
  try {
    const { WaveSpeedClient } = await loadSdk();
    const ours = new WaveSpeedClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      logLevel: 'off',
      maxConcurrency: CONCURRENCY,
    });
    const official = new OfficialClient(sim.apiKey, { baseUrl: sim.url });
    const sides = {
      ours: (prompt: string) => ours.run(MODEL, { prompt }),
      official: (prompt: string) => official.run(MODEL, { prompt }),
    };
    // Warm-up: JIT and connections, measured by no round.
    await cpuFor(sides.ours, 'warm-ours');
    await cpuFor(sides.official, 'warm-official');
    const oursUs: number[] = [];
    const officialUs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        oursUs.push(await cpuFor(sides.ours, `ours-${r}`));
        officialUs.push(await cpuFor(sides.official, `official-${r}`));
      } else {
        officialUs.push(await cpuFor(sides.official, `official-${r}`));
        oursUs.push(await cpuFor(sides.ours, `ours-${r}`));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    const o = median(oursUs);
    const f = median(officialUs);
    return {
      name: 'cpu',
      title: 'CPU per job',
      details: { jobs: JOBS, concurrency: CONCURRENCY, rounds: ROUNDS, oursUs, officialUs },
      comparisons: [
        compare({
          id: 'cpu.run',
          group: 'CPU',
          label: `CPU per run() job (${JOBS} jobs of 300 ms, ${CONCURRENCY} at once), median of ${ROUNDS} rounds`,
          unit: 'µs',
          ours: o,
          baseline: f,
          baselineName: 'wavespeed@0.3.2',
          better: 'lower',
          target: { on: 'ratio', op: '<=', value: 1 },
          why: `Rounds: ${oursUs.map((v) => round(v, 0)).join(', ')} µs for the SDK; ${officialUs.map((v) => round(v, 0)).join(', ')} µs for the official SDK.`,
        }),
      ],
      method: [
        `${JOBS} \`run()\` jobs per round and side, ${CONCURRENCY} in flight, against a simulator in its own process (300 ms jobs); \`process.cpuUsage()\` of the client's process over the round, divided by the jobs. Rounds alternate which side goes first, after one untimed warm-up round per side.`,
      ],
      tables: [],
    };
  } finally {
    await sim.close();
  }
}
