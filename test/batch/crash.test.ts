import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src/batch/journal.js';
import type { Journal, JournalRecord } from '../../src/batch/records.js';
import type { BatchResult } from '../../src/batch/types.js';
import { WaveSpeedClient } from '../../src/client.js';
import { createSimulator } from '../../src/testing/index.js';
import { submissionsPerPrompt } from '../bullmq/helpers.js';

// A process killed at any instant, in process: the journal "dies" at its Nth write (that write and
// every later one are lost) and the run is torn down at once, requests in flight included (a
// submit may have created its job, its answer lost). A fresh client then runs the batch again.

const MODEL = 'wavespeed-ai/flux-dev';

/** A journal that stops persisting at its `crashAt`-th write, and kills the run. */
class DyingJournal implements Journal {
  #writes = 0;
  #dead = false;

  constructor(
    private readonly inner: Journal,
    private readonly crashAt: number,
    private readonly kill: () => void,
  ) {}

  get(key: string) {
    return this.inner.get(key);
  }

  list() {
    return this.inner.list();
  }

  async put(record: JournalRecord): Promise<void> {
    if (!this.#dead && this.#writes++ === this.crashAt) {
      this.#dead = true;
      this.kill();
    }
    if (this.#dead) throw new Error('the process is gone');
    await this.inner.put(record);
  }

  async close(): Promise<void> {}
}

describe('client.batch, killed at any journal write', () => {
  it('property: crashes at any points, then a re-run: every job once, every result completed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 1_000 }),
        async (crashPoints, seed) => {
          const sim = await createSimulator({ speed: 100, seed, jobDuration: 1_000 });
          try {
            sim.inject({ route: 'submit', afterCreate: true, delayMs: 20, probability: 0.4 });
            const jobs = Array.from({ length: 8 }, (_, i) => ({
              model: MODEL,
              input: { prompt: `p${i}` },
            }));
            const disk = new MemoryJournal();
            const client = () =>
              new WaveSpeedClient({
                apiKey: sim.apiKey,
                baseUrl: sim.url,
                logLevel: 'off',
                pollInterval: 20,
              });
            for (const crashAt of crashPoints) {
              const controller = new AbortController();
              const journal = new DyingJournal(disk, crashAt, () => controller.abort());
              const run = async () => {
                for await (const _ of client().batch(jobs, {
                  journal,
                  concurrency: 4,
                  signal: controller.signal,
                  recoveryDelay: 300,
                }));
              };
              await run().catch(() => undefined);
            }
            const results: BatchResult[] = [];
            for await (const result of client().batch(jobs, {
              journal: disk,
              concurrency: 4,
              recoveryDelay: 300,
            })) {
              results.push(result);
            }
            expect(results.map((r) => r.status)).toEqual(Array(8).fill('completed'));
            const perPrompt = submissionsPerPrompt(sim);
            expect(perPrompt.size).toBe(8);
            expect([...perPrompt.values()]).toEqual(Array(8).fill(1));
          } finally {
            await sim.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
