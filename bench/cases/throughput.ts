import { startSimProcess } from '../lib/child.js';
import { loadSdk } from '../lib/load.js';
import { kyApi, type RawApi, rawApi, sleep } from '../lib/raw.js';
import { type CaseResult, compare } from '../lib/results.js';
import { round } from '../lib/stats.js';

const JOBS = 1000;
const CONCURRENCY = 64;
const JOB_MS = 5;
const ROUNDS = 4;
/** Untimed jobs per side first, so JIT warm-up in both processes lands in no measured round. */
const WARMUP_JOBS = 300;
const MODEL = 'wavespeed-ai/z-image/turbo';

interface Run {
  side: 'ours' | 'raw' | 'ky';
  seconds: number;
  jobsPerSecond: number;
  getsPerJob: number;
  firstPollMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * 1,000 runs of 5 ms jobs at `maxConcurrency` 64 against a hand-written `fetch` loop with 64
 * workers (submit, then poll every 5 ms), alternating sides over several rounds; the same loop through a bare ky instance
 * shows what ky alone allows.
 *
 * @example
 * ```ts
 * const result = await throughputCase();
 * ```
 */
export async function throughputCase(): Promise<CaseResult> {
  const sim = await startSimProcess({ jobDuration: JOB_MS, balance: 1e9 });
  try {
    const { WaveSpeedClient } = await loadSdk();
    const raw = rawApi(sim.url, sim.apiKey);
    const bare = kyApi(sim.url, sim.apiKey);

    const ours = async (jobs = JOBS) => {
      const client = new WaveSpeedClient({
        apiKey: sim.apiKey,
        baseUrl: sim.url,
        maxConcurrency: CONCURRENCY,
        logLevel: 'off',
      });
      await Promise.all(
        Array.from({ length: jobs }, (_, i) => client.run(MODEL, { prompt: `throughput ${i}` })),
      );
    };
    const loop = async (jobs = JOBS, api: RawApi = raw) => {
      let next = 0;
      const worker = async () => {
        while (next < jobs) {
          const i = next++;
          let prediction = await api.submit(MODEL, { prompt: `throughput ${i}` });
          while (prediction.status !== 'completed') {
            if (prediction.status === 'failed') throw new Error(prediction.error);
            await sleep(JOB_MS);
            prediction = await api.result(prediction.id);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    await ours(WARMUP_JOBS);
    await loop(WARMUP_JOBS);
    await loop(WARMUP_JOBS, bare);
    const runs: Run[] = [];
    // Each side goes first, second and third in turn.
    const ORDER = [
      ['ours', 'raw', 'ky'],
      ['raw', 'ky', 'ours'],
      ['ky', 'ours', 'raw'],
      ['ours', 'ky', 'raw'],
    ] as const;
    for (let r = 0; r < ROUNDS * 3; r++) {
      const side = ORDER[Math.floor(r / 3) % ORDER.length]?.[r % 3] ?? 'ours';
      await sim.reset();
      const start = performance.now();
      await (side === 'ours' ? ours() : side === 'raw' ? loop() : loop(JOBS, bare));
      const seconds = (performance.now() - start) / 1000;
      const stats = await sim.stats();
      if (stats.completed !== JOBS)
        throw new Error(`${side}: ${stats.completed} of ${JOBS} jobs completed`);
      runs.push({
        side,
        seconds: round(seconds, 3),
        jobsPerSecond: round(JOBS / seconds, 1),
        getsPerJob: round((stats.requests.result ?? 0) / JOBS, 2),
        firstPollMs: round(stats.firstPollMs ?? Number.NaN, 1),
      });
    }
    const of = (side: Run['side']) => runs.filter((run) => run.side === side);
    const oursRate = median(of('ours').map((run) => run.jobsPerSecond));
    const rawRate = median(of('raw').map((run) => run.jobsPerSecond));
    const kyRate = median(of('ky').map((run) => run.jobsPerSecond));
    const oursGets = median(of('ours').map((run) => run.getsPerJob));
    const rawGets = median(of('raw').map((run) => run.getsPerJob));
    const oursFirst = median(of('ours').map((run) => run.firstPollMs));
    const rawFirst = median(of('raw').map((run) => run.firstPollMs));
    const oursSeconds = round(median(of('ours').map((run) => run.seconds)), 3);
    const why =
      `Each of the ${CONCURRENCY} slots held a job for ${round((CONCURRENCY * oursSeconds * 1000) / JOBS, 1)} ms ` +
      `on average (${CONCURRENCY} × ${oursSeconds} s ÷ ${JOBS} jobs) for jobs that take ${JOB_MS} ms: the SDK first ` +
      `looked at a job ${round(oursFirst, 1)} ms after submitting it (the fetch loop: ${round(rawFirst, 1)} ms) and ` +
      `sent ${oursGets} GET per job (the fetch loop: ${rawGets}). Rounds: ` +
      `${of('ours')
        .map((run) => run.jobsPerSecond)
        .join(', ')} jobs/s for the SDK and ` +
      `${of('raw')
        .map((run) => run.jobsPerSecond)
        .join(', ')} for the fetch loop.`;
    return {
      name: 'throughput',
      title: 'Throughput',
      details: { jobs: JOBS, concurrency: CONCURRENCY, jobMs: JOB_MS, runs },
      comparisons: [
        compare({
          id: 'throughput.rate',
          group: 'Throughput',
          label: `${JOBS} runs of ${JOB_MS} ms jobs, concurrency ${CONCURRENCY}`,
          unit: 'jobs/s',
          ours: oursRate,
          baseline: rawRate,
          baselineName: 'fetch loop',
          better: 'higher',
          target: { on: 'ratio', op: '>=', value: 0.8 },
          why,
        }),
        compare({
          id: 'throughput.ky',
          group: 'Throughput',
          label: `${JOBS} runs of ${JOB_MS} ms jobs, concurrency ${CONCURRENCY}, against the same loop through ky alone`,
          unit: 'jobs/s',
          ours: oursRate,
          baseline: kyRate,
          baselineName: 'ky loop',
          better: 'higher',
          note: `informational: the fetch loop through one bare ky instance makes ${round(kyRate / rawRate, 2)}× the fetch loop's rate — the ceiling of any client built on ky`,
        }),
      ],
      method: [
        `${JOBS} jobs of ${JOB_MS} ms each (simulator at speed 1, in its own process). Ours: one \`WaveSpeedClient({ maxConcurrency: ${CONCURRENCY} })\` per round and \`Promise.all\` of ${JOBS} \`client.run()\` calls. Baseline: ${CONCURRENCY} workers, each submitting a job with \`fetch\` and polling \`/result\` every ${JOB_MS} ms until it completes — a loop that already knows how long its jobs take. A third side runs the same loop through one bare ky instance (\`ky.create\` with the auth header, no retries): the ceiling of any client built on ky.`,
        `${WARMUP_JOBS} untimed jobs per side first, then ${ROUNDS} rounds per side, each side going first, second and third in turn; the figure is the median round. The simulator is reset between rounds.`,
      ],
      tables: [
        {
          caption: 'Rounds',
          head: [
            'round',
            'side',
            'seconds',
            'jobs/s',
            'GET /result per job',
            'first GET after submit',
          ],
          rows: runs.map((run, i) => [
            String(i + 1),
            run.side === 'ours' ? 'wavespeed-sdk' : run.side === 'raw' ? 'fetch loop' : 'ky loop',
            String(run.seconds),
            String(run.jobsPerSecond),
            String(run.getsPerJob),
            `${run.firstPollMs} ms`,
          ]),
        },
        {
          caption: 'Median round',
          head: ['client', 'jobs/s', 'GET /result per job'],
          rows: [
            ['wavespeed-sdk `run()`', String(oursRate), String(oursGets)],
            ['fetch loop', String(rawRate), String(rawGets)],
            ['the same loop through ky alone', String(kyRate), '—'],
          ],
        },
      ],
    };
  } finally {
    await sim.close();
  }
}
