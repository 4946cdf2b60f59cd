#!/usr/bin/env node
// Install footprint: what `npm pack` would publish, from `npm pack --dry-run --json`.
//
//   node scripts/pack-size.mjs            packed and unpacked bytes, file count, biggest files
//   node scripts/pack-size.mjs --top=20   more of the biggest files
//   node scripts/pack-size.mjs --json     the figures as JSON
//   node scripts/pack-size.mjs --max-unpacked=1500000   also exit 1 above that many bytes
//
// The benchmarks import `packSize()`. Both build dist/ first when it is missing or stale.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm pack --dry-run --json` in the repository and returns its one package entry. */
export async function packManifest() {
  ensureBuilt();
  const output = await new Promise((resolve, reject) => {
    const child = spawn(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`npm pack --dry-run failed (exit ${code}): ${stderr.trim()}`));
    });
  });
  const [entry] = JSON.parse(output);
  if (!entry || !Array.isArray(entry.files)) throw new Error('npm pack --json printed no package');
  return entry;
}

/** Packed (tarball) and unpacked bytes of the package, and how many files it holds. */
export async function packSize() {
  const entry = await packManifest();
  return { packed: entry.size, unpacked: entry.unpackedSize, files: entry.files.length };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function option(args, name) {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const args = process.argv.slice(2);
  const top = Number(option(args, 'top') ?? 10);
  const max = option(args, 'max-unpacked');
  const entry = await packManifest();
  const figures = { packed: entry.size, unpacked: entry.unpackedSize, files: entry.files.length };
  const over = max !== undefined && figures.unpacked > Number(max);
  if (over) {
    console.error(`pack-size: ${figures.unpacked} bytes unpacked, over the budget of ${max}`);
    process.exitCode = 1;
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify(figures));
    return;
  }
  console.log(`${entry.name}@${entry.version}: ${figures.files} files`);
  console.log(`packed   ${String(figures.packed).padStart(9)} bytes  (${kib(figures.packed)})`);
  console.log(`unpacked ${String(figures.unpacked).padStart(9)} bytes  (${kib(figures.unpacked)})`);
  const maps = entry.files.filter((f) => f.path.endsWith('.map'));
  const mapBytes = maps.reduce((sum, f) => sum + f.size, 0);
  console.log(`of which ${maps.length} source maps: ${mapBytes} bytes (${kib(mapBytes)})`);
  console.log(`\nbiggest files:`);
  for (const file of [...entry.files].sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`${String(file.size).padStart(9)}  ${file.path}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
