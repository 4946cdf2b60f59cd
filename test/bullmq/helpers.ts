import type { WaveSpeedQueue } from '../../src/bullmq/index.js';
import type { Simulator } from '../../src/testing/index.js';

/** Waits until `count` jobs of the queue have ended (completed or failed). */
export async function settled(queue: WaveSpeedQueue, count: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Predictions the simulator created per prompt: more than one for a prompt is a double bill. */
export function submissionsPerPrompt(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of sim.state.jobs) {
    const prompt = String(job.input.prompt);
    counts.set(prompt, (counts.get(prompt) ?? 0) + 1);
  }
  return counts;
}

/** The most predictions in flight (created, not yet ended) at any one time. */
export function peakInFlight(sim: Simulator): number {
  const edges: Array<[number, number]> = [];
  for (const job of sim.state.jobs) {
    edges.push([job.createdAt, 1]);
    edges.push([job.completedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // An end and a start at the same ms: the end first.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
