import { readFileSync } from 'node:fs';

function cpuTimes(): { idle: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, v) => sum + v, 0) };
  } catch {
    return undefined;
  }
}

/** Share of all cores that sat idle over `ms` (Linux; `undefined` elsewhere). */
async function idleShare(ms: number): Promise<number | undefined> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  if (!before || !after || after.total === before.total) return undefined;
  return (after.idle - before.idle) / (after.total - before.total);
}

/**
 * Waits (up to `maxMs`) until the machine is mostly idle, so other work on a shared machine
 * does not land inside a measurement, and returns the idle share it saw last.
 *
 * @example
 * ```ts
 * const idle = await waitForQuiet(); // e.g. 0.97
 * ```
 */
export async function waitForQuiet(minIdle = 0.8, maxMs = 60_000): Promise<number | undefined> {
  const deadline = Date.now() + maxMs;
  let idle = await idleShare(1_000);
  while (idle !== undefined && idle < minIdle && Date.now() < deadline) {
    idle = await idleShare(2_000);
  }
  return idle;
}
