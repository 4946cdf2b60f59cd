import { setFlagsFromString } from 'node:v8';

// How the V8 heap of a long `wavespeed batch` grows. Left to its defaults, V8 sizes the heap for
// throughput: the young generation grows to 2 × 16 MB, and after each full collection the old
// generation may grow to up to four times what survived. A batch allocates garbage at a steady
// rate for hours (every request, response and journal line) while what it keeps alive is small
// (about 30 MB, plus a few dozen bytes per job): with the defaults its resident memory climbs
// past 300 MB on a 100,000-line file, with a live heap of 30–45 MB.
//
// Both settings below change only how eagerly V8 collects, never how much it may hold: a batch
// that needs more memory still gets it (no --max-old-space-size, no out-of-memory crash). They
// are read by V8 at every collection, so setting them once the process runs takes effect.

/** The old generation grows to 1.2 × what survived the last full collection. */
const HEAP_GROWING = '--heap-growing-percent=20';
/**
 * The young generation stays at its starting size (V8 versions that allow no factor below 2
 * keep their own growth).
 */
const YOUNG_GROWTH = '--semi-space-growth-factor=1';

/** Flags of the user's that size the heap: given any of them, the heap is left as they set it. */
const USER_HEAP_FLAG =
  /--(max|min)[-_]semi[-_]space|--semi[-_]space[-_]growth|--heap[-_]growing|--max[-_]old[-_]space|--max[-_]heap[-_]size/;

/** The commands that run long enough for the heap's growth policy to matter. */
const LONG_RUNNING = new Set(['batch']);

/**
 * Makes V8 collect garbage sooner in a long-running command, unless the user sized the heap
 * (`NODE_OPTIONS` or node's own flags). Called once by the bin, never by the library: the flags
 * are the whole process's.
 */
export function tuneHeap(
  command: string | undefined,
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  if (command === undefined || !LONG_RUNNING.has(command)) return false;
  if ([...execArgv, nodeOptions ?? ''].some((flag) => USER_HEAP_FLAG.test(flag))) return false;
  setFlagsFromString(HEAP_GROWING);
  setFlagsFromString(YOUNG_GROWTH);
  return true;
}
