import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src/batch/journal.js';
import type { JournalRecord } from '../../src/batch/records.js';
import type { BatchJob, BatchProgress, BatchResult } from '../../src/batch/types.js';
import { WaveSpeedClient } from '../../src/client.js';
import { InsufficientBalanceError, ValidationError } from '../../src/core/errors.js';
import { inputHash, jobKey } from '../../src/core/job-key.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';

const MODEL = 'wavespeed-ai/flux-dev';
let sim: Simulator;
let client: WaveSpeedClient;
let dir: string;

async function start(options: SimulatorOptions = {}, maxConcurrency = 4): Promise<void> {
  await sim?.close();
  sim = await createSimulator({ speed: 100, seed: 11, ...options });
  client = new WaveSpeedClient({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    logLevel: 'off',
    maxConcurrency,
  });
}

function jobs(count: number, prefix = 'shot'): BatchJob[] {
  return Array.from({ length: count }, (_, i) => ({
    model: MODEL,
    input: { prompt: `${prefix} ${i}` },
  }));
}

async function collect(iterable: AsyncIterable<BatchResult>): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for await (const result of iterable) out.push(result);
  return out;
}

function submits(): number {
  return sim.state.requests.filter((r) => r.route === 'submit').length;
}

function record(job: BatchJob, change: Record<string, unknown>): JournalRecord {
  return {
    key: jobKey(job.model, job.input),
    model: job.model,
    inputHash: inputHash(job.input),
    at: Date.now(),
    ...change,
  } as JournalRecord;
}

beforeEach(async () => {
  await start();
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-batch-'));
});

afterEach(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('client.batch', () => {
  it('runs every job once and yields each result with its key and place', async () => {
    const list = jobs(6);
    const progress: BatchProgress[] = [];
    const results = await collect(client.batch(list, { onProgress: (p) => progress.push(p) }));
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.status === 'completed' && r.outputs.length === 1)).toBe(true);
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.find((r) => r.index === 2)?.key).toBe(jobKey(MODEL, { prompt: 'shot 2' }));
    expect(submits()).toBe(6);
    expect(progress.at(-1)).toEqual({ done: 6, failed: 0, running: 0, queued: 0, total: 6 });
    expect(Math.max(...progress.map((p) => p.running + p.queued))).toBeLessThanOrEqual(4);
  });

  it('refuses duplicate keys and malformed jobs in an array before any request', async () => {
    const list = [...jobs(2), { model: MODEL, input: { prompt: 'shot 1' } }, { model: MODEL }];
    const error = await collect(client.batch(list as BatchJob[])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues.map((i) => i.path);
    expect(issues).toEqual(['jobs[2]', 'jobs[3].input']);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('reads an iterable only as slots free up, and fails a duplicate key without sending it', async () => {
    let pulled = 0;
    let maxAhead = 0;
    let yielded = 0;
    function* source() {
      for (const job of [...jobs(8), { model: MODEL, input: { prompt: 'shot 0' } }]) {
        pulled += 1;
        maxAhead = Math.max(maxAhead, pulled - yielded);
        yield job;
      }
    }
    const results: BatchResult[] = [];
    for await (const result of client.batch(source(), { concurrency: 2 })) {
      yielded += 1;
      results.push(result);
    }
    expect(maxAhead).toBeLessThanOrEqual(3);
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ index: 8, error: { name: 'ValidationError' } });
    expect(submits()).toBe(8);
  });

  it('resumes from the journal: completed → no request, submitted → waited on, intent → found in the history', async () => {
    const [done, running, lost, never, failedBefore] = jobs(5);
    const journal = new MemoryJournal();
    if (!done || !running || !lost || !never || !failedBefore) throw new Error('jobs');
    const live = await client.predictions.submit(MODEL, { prompt: 'shot 1' });
    const orphan = await client.predictions.submit(MODEL, { prompt: 'shot 2' });
    const base = submits();
    await journal.put(
      record(done, { state: 'completed', predictionId: 'p-done', outputs: ['https://cdn/x.png'] }),
    );
    await journal.put(record(running, { state: 'submitted', predictionId: live.id }));
    await journal.put(record(lost, { state: 'intent', at: Date.now() - 1_000 }));
    await journal.put(record(never, { state: 'intent', at: Date.now() }));
    await journal.put(
      record(failedBefore, {
        state: 'failed',
        predictionId: 'p-failed',
        error: { name: 'PredictionFailedError', message: 'NSFW', status: 'failed' },
      }),
    );
    const results = await collect(
      client.batch([done, running, lost, never, failedBefore], { journal, recoveryDelay: 100 }),
    );
    const byIndex = new Map(results.map((r) => [r.index, r]));
    expect(byIndex.get(0)).toMatchObject({
      status: 'completed',
      fromJournal: true,
      predictionId: 'p-done',
    });
    expect(byIndex.get(1)).toMatchObject({ status: 'completed', predictionId: live.id });
    expect(byIndex.get(2)).toMatchObject({ status: 'completed', predictionId: orphan.id });
    expect(byIndex.get(3)).toMatchObject({ status: 'completed', fromJournal: false });
    expect(byIndex.get(4)).toMatchObject({ status: 'failed', fromJournal: true, resumable: false });
    // Only the job whose intent never reached the API was submitted.
    expect(submits() - base).toBe(1);
    expect((await journal.get(jobKey(MODEL, { prompt: 'shot 1' })))?.state).toBe('completed');

    const again = await collect(client.batch([failedBefore], { journal, retryFailed: true }));
    expect(again[0]).toMatchObject({ status: 'completed', fromJournal: false });
    expect(submits() - base).toBe(2);
  });

  it('does not take a job another key of the journal owns when recovering', async () => {
    const a = { key: 'a', model: MODEL, input: { prompt: 'same' } };
    const b = { key: 'b', model: MODEL, input: { prompt: 'same' } };
    const journal = new MemoryJournal();
    const first = await client.predictions.submit(MODEL, { prompt: 'same' });
    const base = submits();
    await journal.put({ ...record(a, { state: 'submitted', predictionId: first.id }), key: 'a' });
    await journal.put({ ...record(b, { state: 'intent', at: Date.now() - 1_000 }), key: 'b' });
    const results = await collect(client.batch([a, b], { journal, recoveryDelay: 100 }));
    const ids = results.map((r) => (r.status === 'completed' ? r.predictionId : ''));
    expect(new Set(ids).size).toBe(2);
    expect(submits() - base).toBe(1);
  });

  it('records a failed prediction and goes on with the others', async () => {
    await start({
      failWhen: (job) => (job.input.prompt === 'shot 1' ? 'content flagged' : undefined),
    });
    const journal = new MemoryJournal();
    const results = await collect(client.batch(jobs(3), { journal }));
    const failed = results.find((r) => r.status === 'failed');
    expect(failed).toMatchObject({
      index: 1,
      resumable: false,
      error: { name: 'PredictionFailedError', status: 'failed' },
    });
    expect(failed?.predictionId).toMatch(/\w+/);
    expect(results.filter((r) => r.status === 'completed')).toHaveLength(2);
    const stored = await journal.get(jobKey(MODEL, { prompt: 'shot 1' }));
    expect(stored).toMatchObject({ state: 'failed', predictionId: failed?.predictionId });
  });

  it('saves outputs with download and keeps the paths in the journal', async () => {
    const journal = new MemoryJournal();
    const out = join(dir, 'out');
    const results = await collect(client.batch(jobs(2), { journal, download: { dir: out } }));
    const files = results.flatMap((r) => (r.status === 'completed' ? (r.files ?? []) : []));
    expect(files).toHaveLength(2);
    expect((await readdir(out)).sort()).toEqual(files.map((f) => f.slice(out.length + 1)).sort());
    expect(files.every((f) => /\.(png|jpg|webp)$/.test(f))).toBe(true);
    expect((await readFile(files[0] ?? '')).length).toBeGreaterThan(100);
    const again = await collect(client.batch(jobs(2), { journal, download: { dir: out } }));
    expect(again.every((r) => r.fromJournal)).toBe(true);
  });

  it('stops on an abort: rejects with the reason, and the next run finishes without paying twice', async () => {
    await start({ jobDuration: 400 }, 8);
    const journal = new MemoryJournal();
    const controller = new AbortController();
    const seen: BatchResult[] = [];
    let last: BatchProgress | undefined;
    const error = await (async () => {
      for await (const result of client.batch(jobs(6), {
        journal,
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          if (p.running === 6) controller.abort(new Error('stop'));
        },
      })) {
        seen.push(result);
      }
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe('stop');
    expect(seen).toHaveLength(0);
    expect(last?.running).toBe(6);
    expect(submits()).toBe(6);
    const results = await collect(client.batch(jobs(6), { journal }));
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(submits()).toBe(6);
  });

  it('stops the whole batch when the balance runs out, leaving unsent jobs for the next run', async () => {
    await start({ balance: 0.012 * 2 + 0.001 }, 1);
    const journal = new MemoryJournal();
    const results: BatchResult[] = [];
    const error = await (async () => {
      for await (const result of client.batch(jobs(5), { journal })) results.push(result);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed']);
    // The refused job is not recorded as failed: after a top-up, the next run sends it and the rest.
    const states = await Promise.all(jobs(5).map((j) => journal.get(jobKey(j.model, j.input))));
    expect(states.map((r) => r?.state)).toEqual([
      'completed',
      'completed',
      'intent',
      undefined,
      undefined,
    ]);
  });

  it('checks its options before anything is sent', async () => {
    const error = await collect(
      client.batch(jobs(1), { concurrency: 0, download: { dir: '' } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
      'concurrency',
      'download.dir',
    ]);
    expect(sim.state.requests).toHaveLength(0);
  });
});
