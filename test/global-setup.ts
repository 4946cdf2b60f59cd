import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(join(root, 'dist', 'cli', 'index.js')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Tests that spawn the CLI or import the packed output need `dist/`: build it once when it is
 * missing or older than `src/`, so `npm test` works on a fresh clone.
 */
export function setup(): void {
  if (builtAt() >= newestMtime(join(root, 'src'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
    cwd: root,
    stdio: 'ignore',
  });
}
