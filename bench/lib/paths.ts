import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt as buildIfStale } from '../../scripts/ensure-built.mjs';

/**
 * The repository root.
 *
 * @example
 * ```ts
 * join(ROOT, 'dist', 'index.js');
 * ```
 */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds dist/ when it is missing or older than src/: the benchmarks measure the shipped build.
 *
 * @example
 * ```ts
 * ensureBuilt();
 * ```
 */
export function ensureBuilt(): void {
  buildIfStale('bench');
}

/**
 * Where the cases load the build from: a private copy of dist/ taken by {@link snapshotDist},
 * so a rebuild of dist/ in the middle of a run cannot pull files from under it.
 *
 * @example
 * ```ts
 * join(DIST, 'index.js');
 * ```
 */
export const DIST = join(ROOT, 'bench', '.work', 'dist');

/**
 * Builds dist/ if needed and copies it to {@link DIST}. Imports of dependencies still resolve
 * from the repository's node_modules, as they would from dist/.
 *
 * @example
 * ```ts
 * snapshotDist();
 * ```
 */
export function snapshotDist(): void {
  for (let attempt = 1; ; attempt++) {
    ensureBuilt();
    rmSync(DIST, { recursive: true, force: true });
    try {
      cpSync(join(ROOT, 'dist'), DIST, { recursive: true });
      const complete = ['index.js', 'testing/index.js', 'cli/index.js'].every((f) =>
        existsSync(join(DIST, f)),
      );
      if (complete) return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
    if (attempt >= 3) throw new Error('dist/ is incomplete; run `npm run build`');
  }
}
