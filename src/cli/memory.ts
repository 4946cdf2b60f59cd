import { setFlagsFromString } from 'node:v8';

// The resident memory of a long `wavespeed batch`. A batch allocates garbage at a steady rate for
// hours (every request, response and journal line) while what it keeps alive is small (about
// 15 MB of code and state, plus a few dozen bytes per job), and it waits on the network far more
// than it computes. Left to their defaults, two parts of V8 size the process for speed instead:
//
// - the heap: the young generation grows to 2 × 16 MB, and after each full collection the old
//   generation may grow to up to four times what survived — on a 100,000-line file the resident
//   memory climbed past 300 MB;
// - the optimizing compiler (TurboFan), which compiles hot functions on a background thread into
//   memory the C allocator keeps for that thread: 15–20 MB of a batch's resident memory on
//   Node 20 and 22 (not on Node 24, whose extra memory lies elsewhere), for code that saves
//   about 1.5 ms of CPU per job — when a job waits seconds for its model.
//
// The settings below change how eagerly V8 collects and which code it runs, never how much memory
// the batch may use (no --max-old-space-size, so no out-of-memory crash). V8 reads them at every
// collection and every compile, so setting them once the process runs takes effect.

/** The old generation grows to 1.2 × what survived the last full collection. */
const HEAP_GROWING = '--heap-growing-percent=20';
/**
 * The young generation stays at its starting size (V8 versions that allow no factor below 2
 * keep their own growth).
 */
const YOUNG_GROWTH = '--semi-space-growth-factor=1';
/** Bytecode and baseline code only (measured: −15 to −20 MB resident, ×1.7 CPU per job). */
const NO_OPTIMIZER = '--no-opt';

/**
 * Flags of the user's that size the heap or pick the compilers: given any of them, the process
 * is left as they set it.
 */
const USER_FLAG =
  /--(max|min)[-_]semi[-_]space|--semi[-_]space[-_]growth|--heap[-_]growing|--max[-_]old[-_]space|--max[-_]heap[-_]size|--(no[-_])?opt\b|--max[-_]opt|--(no[-_])?(turbofan|maglev|sparkplug)\b|--jitless/;

/** The commands that run long enough for these settings to matter. */
const LONG_RUNNING = new Set(['batch']);

/**
 * Keeps a long-running command's memory near what it holds: V8 collects garbage sooner and runs
 * no optimizing compiler — unless the user set heap or compiler flags of their own (node's flags
 * or `NODE_OPTIONS`). Called once by the bin, never by the library: the flags are the whole
 * process's.
 */
export function tuneMemory(
  command: string | undefined,
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean {
  if (command === undefined || !LONG_RUNNING.has(command)) return false;
  if ([...execArgv, nodeOptions ?? ''].some((flag) => USER_FLAG.test(flag))) return false;
  for (const flag of [HEAP_GROWING, YOUNG_GROWTH, NO_OPTIMIZER]) setFlagsFromString(flag);
  return true;
}
