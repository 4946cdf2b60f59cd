import { ensureBuilt } from '../scripts/ensure-built.mjs';

/**
 * Tests that spawn the CLI or import the packed output need `dist/`: build it once when it is
 * missing or older than `src/`, so `npm test` works on a fresh clone.
 */
export function setup(): void {
  ensureBuilt();
}
