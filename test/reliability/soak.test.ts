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
    // Only the proxy pages on submit may fail a call (the job was never created: it cannot be
    // found, and re-sending could bill twice), and each says so.
    expect(Object.keys(report.errors).filter((name) => name !== 'SubmissionUnknownError')).toEqual(
      [],
    );
    expect(report.rejected).toBeLessThanOrEqual(report.observed.html ?? 0);
  }, 90_000);

  it('creates no duplicate job and loses no id', () => {
    expect(report.jobs).toBeLessThanOrEqual(report.calls);
    expect(report.untraced).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.orphans).toBe(0);
    // Every created job is accounted for: returned, or carried by the error.
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
