// One answer to "is dist/ up to date?" for the test setup, the scripts and the benchmarks:
// build it once when it is missing or older than src/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Written last by the build (the CLI entry), so its time stamps the whole dist/. */
const MARKER = join(root, 'dist', 'cli', 'index.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Whether dist/ exists and is at least as new as every file under src/. */
export function distIsFresh() {
  try {
    return statSync(MARKER).mtimeMs >= newestMtime(join(root, 'src'));
  } catch {
    return false;
  }
}

/**
 * Builds dist/ with tsup unless it is fresh. `label` names the caller in the one line it prints
 * (nothing is printed when `label` is empty); a failed build throws with tsup's output.
 */
export function ensureBuilt(label = '') {
  if (distIsFresh()) return;
  if (label !== '') console.log(`${label}: building dist/ first`);
  const tsup = join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js');
  const build = spawnSync(process.execPath, [tsup], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`${label || 'build'}: the build failed\n${build.stdout}${build.stderr}`);
  }
}
