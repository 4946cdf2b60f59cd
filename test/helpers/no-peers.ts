import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A project that installed wavespeed-sdk (the built package) with its dependencies but none of
// its optional peers (bullmq, ioredis, @modelcontextprotocol/server, @ai-sdk/provider).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The project folder, the CLI in it, and how to remove it. */
export interface NoPeersProject {
  dir: string;
  cli: string;
  remove(): void;
}

/** Makes the project in a temporary folder. */
export async function createNoPeersProject(): Promise<NoPeersProject> {
  const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as {
    dependencies: Record<string, string>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'ws-no-peers-'));
  const sdk = join(dir, 'node_modules', 'wavespeed-sdk');
  mkdirSync(sdk, { recursive: true });
  for (const part of ['package.json', 'dist', 'stubs']) {
    cpSync(join(ROOT, part), join(sdk, part), { recursive: true });
  }
  for (const dep of Object.keys(pkg.dependencies)) {
    const target = join(dir, 'node_modules', dep);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), target, 'dir');
  }
  return {
    dir,
    cli: join(sdk, 'dist', 'cli', 'index.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
