import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runNode } from './run-node.js';

/** The unprivileged user and group root's tests drop to (`nobody` on Debian). */
const NOBODY = 65534;

/**
 * Runs an ES module as an unprivileged user and returns what it printed. `entry` (a source file
 * of this checkout) is bundled into a world-readable temp dir first and imported there as
 * `./entry.mjs`: the checkout itself may sit in a directory only its owner can read (a
 * `mktemp -d` clone, `/root`), where another user could not load it. Run by a non-root user,
 * the module simply runs as that user.
 */
export async function runUnprivileged(entry: string, script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ws-unprivileged-'));
  try {
    await build({
      entryPoints: [entry],
      outfile: join(dir, 'entry.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    await writeFile(join(dir, 'main.mjs'), script);
    await chmod(dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    const {
      code,
      stdout: out,
      stderr: err,
    } = await runNode([join(dir, 'main.mjs')], {
      cwd: dir,
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    if (code !== 0) throw new Error(`the unprivileged child failed (exit ${code}): ${out}${err}`);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
