import { describe, expect, it } from 'vitest';
import { runSoak, type SoakReport } from './soak-harness.js';

/**
 * 500 predictions through `client.run` against the simulator with faults at fixed rates
 * (see soak-harness.ts); `npm run soak` runs the same with 5,000 and writes docs/reliability.md.
 */
describe('fault soak (500 predictions)', () => {
  let report: SoakReport;

  it('every call settles: outputs, or a typed error', async () => {
    report = await runSoak({ calls: 500, concurrency: 32, seed: 7 });
    expect(report.resolved + report.rejected).toBe(500);
    expect(report.untyped).toBe(0);
    expect(report.wrongResults).toBe(0);
    expect(report.unhandledRejections).toBe(0);
    // Calls fail only by design (a failing job, a deadline shorter than the job) or when a
    // proxy page answered the submit: then no job exists, and re-sending could bill twice.
    const expected = ['PredictionFailedError', 'PredictionTimeoutError', 'SubmissionUnknownError'];
    expect(Object.keys(report.errors).filter((name) => !expected.includes(name))).toEqual([]);
    expect(report.errors.PredictionFailedError).toBe(report.failingCalls);
    expect(report.errors.PredictionTimeoutError).toBe(report.deadlineCalls);
    expect(report.errors.SubmissionUnknownError ?? 0).toBeLessThanOrEqual(
      report.observed.html ?? 0,
    );
  }, 90_000);

  it('creates no duplicate job and loses no id', () => {
    expect(report.jobs).toBeLessThanOrEqual(report.calls);
    expect(report.untraced).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.orphans).toBe(0);
    // Every created job is accounted for: returned, or carried by the error.
    expect(report.rejectedWithJob).toBe(report.rejectedHavingJob);
    expect(report.rejectedWithJob).toBeGreaterThan(0);
    expect(report.resolved + report.rejectedWithJob).toBe(report.jobs);
  });

  it('really injected every kind of fault', () => {
    for (const id of ['slow', '5xx', '429', 'reset', 'truncated', 'html']) {
      expect(report.observed[id], id).toBeGreaterThan(0);
    }
    expect(report.syncTimeouts).toBeGreaterThan(0);
    expect(report.recovered).toBeGreaterThan(0);
  });
});
