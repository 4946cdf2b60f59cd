import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onAbort } from '../../src/core/abort.js';
import { RecentIds } from '../../src/core/recent-ids.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { type NodeRun, runNode } from '../helpers/run-node.js';

/**
 * Process hygiene: once a call settles nothing of the SDK keeps the process alive (a child
 * process exits on its own within 100 ms), and a long run keeps memory flat. The children import
 * the built package, as users do.
 */

const EXIT_CHILD = fileURLToPath(new URL('./fixtures/exit-child.mjs', import.meta.url));
const MEMORY_CHILD = fileURLToPath(new URL('./fixtures/memory-child.mjs', import.meta.url));

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator({
    speed: 50,
    seed: 31,
    jobDuration: (job) => (String(job.input.prompt ?? '').includes('slow') ? 600_000 : 1_000),
  });
});

afterAll(async () => {
  await sim.close();
});

function runChild(
  file: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<NodeRun> {
  return runNode([...nodeArgs, file], {
    env: { PATH: process.env.PATH ?? '', SIM_URL: sim.url, SIM_KEY: sim.apiKey, ...env },
  });
}

describe('after a call settles, the process exits on its own', () => {
  const modes: Array<[mode: string, outcome: RegExp, prepare?: () => void]> = [
    ['resolve', /^resolved$/],
    ['resolve-sync', /^resolved$/],
    ['resolve-upload', /^resolved$/],
    [
      'resolve-retried',
      /^resolved$/,
      () => {
        sim.inject({ route: 'result', status: 503, times: 2 });
        sim.inject({ route: 'result', status: 429, retryAfter: 0, times: 1 });
      },
    ],
    ['reject-failed', /^rejected:PredictionFailedError$/],
    ['reject-deadline', /^rejected:PredictionTimeoutError$/],
    ['reject-abort', /^rejected:Error$/],
    ['reject-connection', /^rejected:ConnectionError$/],
    ['reject-validation', /^rejected:ValidationError$/],
  ];

  it('for every way a call can settle: nothing of the SDK keeps the event loop alive', async () => {
    for (const [mode, outcome, prepare] of modes) {
      sim.clearFaults();
      prepare?.();
      const run = await runChild(EXIT_CHILD, { MODE: mode });
      const settled = /^settled (\d+) (\S+)$/m.exec(run.stdout);
      const active = JSON.parse(/^active (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as
        | string[]
        | null;
      expect(run.code, `${mode}: ${run.stderr}`).toBe(0);
      expect(run.stderr, mode).toBe('');
      expect(settled?.[2], mode).toMatch(outcome);
      // No timer of the SDK's is left. (A socket of an aborted request may still be closing at
      // that instant; that the process then exits on its own shows nothing holds it.)
      expect(active, mode).not.toBeNull();
      expect(
        active?.filter((resource) => resource === 'Timeout'),
        `${mode}: ${JSON.stringify(active)}`,
      ).toEqual([]);
      expect(run.stdout, mode).toMatch(/^exit \d+$/m);
    }
    sim.clearFaults();
  }, 60_000);
});

describe('memory over a long run', () => {
  it('stays flat: heap after GC at a quarter of the run vs at the end', async () => {
    sim.clearFaults();
    // Transient faults, so the retry and poll-retry paths run too.
    sim.inject({ route: 'result', status: 503, probability: 0.03 });
    sim.inject({
      route: 'result',
      status: 429,
      retryAfter: 0,
      probability: 0.02,
      headers: { 'retry-after-ms': '5' },
    });
    const calls = 6_000;
    const run = await runChild(MEMORY_CHILD, { SOAK_CALLS: String(calls), SOAK_CHECKPOINTS: '4' }, [
      '--expose-gc',
    ]);
    sim.clearFaults();
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      samples: Array<{ done: number; heap: number }>;
      failed: number;
      listeners: number;
      warnings: string[];
    };
    expect(result.failed).toBe(0);
    expect(result.samples.map((s) => s.done)).toEqual([1_500, 3_000, 4_500, 6_000]);
    const quarter = result.samples[0]?.heap ?? 0;
    const end = result.samples.at(-1)?.heap ?? 0;
    // 4,500 more calls may not grow the heap by more than 3 MB (under 700 bytes a call: a
    // request, a signal or a response kept per call would be more).
    expect(end - quarter, JSON.stringify(result.samples)).toBeLessThan(3 * 1024 * 1024);
    // The one signal every call shared (32 at a time) holds no listener afterwards, and Node saw
    // nothing to warn about (such as "Possible EventTarget memory leak detected").
    expect(result.listeners).toBe(0);
    expect(result.warnings).toEqual([]);
  }, 60_000);

  it('calls sharing one signal put one abort listener on it, and none once done', () => {
    const controller = new AbortController();
    const ran: number[] = [];
    const detachers = Array.from({ length: 50 }, (_, i) =>
      onAbort(controller.signal, () => ran.push(i)),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const detach of detachers.slice(0, 49)) detach();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    detachers[49]?.();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const again = [
      onAbort(controller.signal, () => ran.push(100)),
      onAbort(controller.signal, () => ran.push(101)),
    ];
    again[0]?.();
    controller.abort();
    expect(ran).toEqual([101]);
  });

  it('a client remembers a bounded number of prediction ids', () => {
    const ids = new RecentIds(1_000);
    for (let i = 0; i < 5_000; i += 1) ids.add(`id-${i}`);
    expect(ids.size).toBe(1_000);
    expect(ids.has('id-3999')).toBe(false);
    expect(ids.has('id-4000')).toBe(true);
    expect(ids.has('id-4999')).toBe(true);
    // Adding an id again refreshes it: it is dropped last.
    ids.add('id-4000');
    ids.add('id-new');
    expect(ids.has('id-4000')).toBe(true);
    expect(ids.has('id-4001')).toBe(false);
  });
});
