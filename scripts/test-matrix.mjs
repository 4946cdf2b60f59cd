#!/usr/bin/env node
// Runtime matrix: packs the package as npm would publish it, installs the tarball into a throwaway
// project and runs the smoke suite in test/matrix/ on every supported runtime. The runtimes come
// from npm (`npx -y node@22`, `bun@1`, `deno@2`), so nothing but the npm registry is needed.
//
//   npm run test:matrix                  all runtimes
//   npm run test:matrix -- --only=deno   one runtime (matches by id)
//   npm run test:matrix -- --keep        keep the temp project for inspection
//
// Exits 1 when any check fails.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test', 'matrix');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Each runtime: the npm package that provides it, how to ask for its binary and how to run a file. */
const RUNTIMES = [
  nodeRuntime(22),
  nodeRuntime(24),
  nodeRuntime(26),
  {
    id: 'bun',
    label: 'Bun 1',
    pkg: 'bun@1',
    probe: ['-e', 'console.log(process.execPath + "\\n" + Bun.version)'],
    run: (bin) => [bin],
    typecheck: (bin) => [bin, 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
  },
  {
    id: 'deno',
    label: 'Deno 2',
    pkg: 'deno@2',
    probe: ['eval', 'console.log(Deno.execPath() + "\\n" + Deno.version.deno)'],
    run: (bin) => [bin, 'run', '--allow-all', '--quiet'],
    // The TypeScript compiler itself, run by Deno's Node compatibility layer.
    typecheck: (bin) => [
      bin,
      'run',
      '--allow-all',
      '--quiet',
      'node_modules/typescript/bin/tsc',
      '-p',
      'tsconfig.json',
    ],
  },
].filter((r) => !only || only.some((o) => r.id.includes(o)));

function nodeRuntime(major) {
  return {
    id: `node${major}`,
    label: `Node ${major}`,
    pkg: `node@${major}`,
    probe: ['-p', 'process.execPath + "\\n" + process.versions.node'],
    run: (bin) => [bin],
    typecheck: (bin) => [bin, 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
  };
}

/** The smoke checks, in table order. `argv` gets the runtime's command prefix and binary. */
const CHECKS = [
  { id: 'esm', label: 'ESM import', argv: (rt, bin) => [...rt.run(bin), 'esm.mjs'] },
  { id: 'cjs', label: 'CJS require', argv: (rt, bin) => [...rt.run(bin), 'cjs.cjs'] },
  { id: 'tsc', label: 'tsc', argv: (rt, bin) => rt.typecheck(bin), timeoutMs: 180_000 },
  { id: 'run', label: 'run()', argv: (rt, bin) => [...rt.run(bin), 'run.mjs'] },
  { id: 'upload', label: 'upload', argv: (rt, bin) => [...rt.run(bin), 'upload.mjs'] },
  { id: 'ai', label: 'AI SDK', argv: (rt, bin) => [...rt.run(bin), 'ai.mjs'] },
  {
    id: 'cli-version',
    label: 'CLI --version',
    argv: (rt, bin) => [...rt.run(bin), cliPath(), '--version'],
    expect: (stdout) =>
      stdout.includes(manifest().version) || `printed ${JSON.stringify(stdout.trim())}`,
  },
  {
    id: 'cli-run',
    label: 'CLI run',
    argv: (rt, bin) => [...rt.run(bin), 'cli-run.mjs'],
    env: (rt, bin) => ({ MATRIX_RUNTIME: JSON.stringify(rt.run(bin)) }),
  },
];

let projectDir = '';
const manifest = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cliPath = () => join('node_modules', 'wavespeed-sdk', manifest().bin.wavespeed);

/** Runs a command without a shell; never throws, resolves with its outcome. */
function exec(argv, { cwd = root, env = {}, timeoutMs = 120_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(argv[0], argv.slice(1), {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const done = (code, error) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (timedOut) stderr += `\ntimed out after ${timeoutMs / 1000} s`;
      if (error) stderr += `\n${error.message}`;
      resolve({ code: timedOut ? -1 : code, stdout, stderr, ms });
    };
    child.on('error', (error) => done(-1, error));
    child.on('close', (code) => done(code ?? -1));
  });
}

function fail(message, detail = '') {
  console.error(`test:matrix: ${message}`);
  if (detail) console.error(detail.trim().split('\n').slice(-30).join('\n'));
  process.exit(1);
}

/** What a published tarball may hold: the build output and the package's own documents. */
function checkPackedFiles(files) {
  // stubs/: what `require()` of the ESM-only subpaths (./bullmq, ./ai) gets instead.
  const allowed =
    /^(dist\/.+|stubs\/[a-z]+\.(cjs|d\.cts)|package\.json|README\.md|LICENSE(\.md)?|CHANGELOG\.md)$/;
  const extra = files.filter((f) => !allowed.test(f));
  const required = [
    'dist/index.js',
    'dist/index.cjs',
    'dist/index.d.ts',
    'dist/index.d.cts',
    'dist/testing/index.js',
    'dist/testing/index.cjs',
    'dist/testing/index.d.ts',
    'dist/testing/index.d.cts',
    'dist/bullmq/index.js',
    'dist/ai/index.js',
    'stubs/bullmq.cjs',
    'stubs/ai.cjs',
    manifest().bin.wavespeed.replace(/^\.\//, ''),
  ];
  const missing = required.filter((f) => !files.includes(f));
  const problems = [];
  if (extra.length > 0) problems.push(`unexpected files: ${extra.join(', ')}`);
  if (missing.length > 0) problems.push(`missing files: ${missing.join(', ')}`);
  return problems;
}

async function prepareProject(work) {
  if (!distIsFresh()) {
    console.log('building (dist/ is missing or older than src/) …');
    const build = await exec([npm, 'run', 'build'], { timeoutMs: 300_000 });
    if (build.code !== 0) fail('npm run build failed', build.stderr || build.stdout);
  }

  const pack = await exec([npm, 'pack', '--json', '--pack-destination', work]);
  if (pack.code !== 0) fail('npm pack failed', pack.stderr);
  const [packed] = JSON.parse(pack.stdout);
  const files = packed.files.map((f) => f.path);
  const problems = checkPackedFiles(files);
  console.log(
    `packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KiB` +
      ` (${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked)`,
  );

  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'wavespeed-matrix-smoke', private: true, type: 'module' }, null, 2)}\n`,
  );
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(project, file));

  const install = await exec(
    [npm, 'install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)],
    { cwd: project, timeoutMs: 300_000 },
  );
  if (install.code !== 0) fail('npm install of the tarball failed', install.stderr);
  // The compiler and Node's types come from the repository: linked, not installed, so the check
  // needs no registry and uses the exact versions the project is developed with.
  mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
  symlinkSync(
    join(root, 'node_modules', 'typescript'),
    join(project, 'node_modules', 'typescript'),
    'dir',
  );
  symlinkSync(
    join(root, 'node_modules', '@types', 'node'),
    join(project, 'node_modules', '@types', 'node'),
    'dir',
  );
  // The AI SDK (`ai` and its @ai-sdk/* packages, the optional peer among them), as a user of
  // wavespeed-sdk/ai installs it: linked from the repository like the compiler.
  for (const name of ['ai', '@ai-sdk']) {
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  }
  return { project, problems };
}

async function resolveRuntime(rt) {
  const probe = await exec([npx, '-y', rt.pkg, ...rt.probe], {
    cwd: projectDir,
    timeoutMs: 300_000,
  });
  const [bin, version] = probe.stdout.trim().split('\n');
  if (probe.code !== 0 || !bin || !version) {
    return {
      error: `could not start ${rt.pkg}: ${(probe.stderr || probe.stdout).trim().slice(-300)}`,
    };
  }
  return { bin: bin.trim(), version: version.trim() };
}

function lastLines(text, n = 6) {
  return text.trim().split('\n').filter(Boolean).slice(-n).join('\n    ');
}

function cell(result) {
  if (!result) return '·';
  const secs = `${(result.ms / 1000).toFixed(1)}s`;
  return result.ok ? `✓ ${secs}` : `✗ ${secs}`;
}

function printTable(rows) {
  const header = ['runtime', ...CHECKS.map((c) => c.label)];
  const body = rows.map((row) => [row.label, ...CHECKS.map((c) => cell(row.results[c.id]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) console.log(line(r));
  console.log('');
}

async function main() {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'wavespeed-matrix-'));
  let failed = false;
  try {
    const { project, problems } = await prepareProject(work);
    projectDir = project;
    if (problems.length > 0) {
      failed = true;
      console.error(`✗ package contents: ${problems.join('; ')}`);
    } else {
      console.log('✓ package contents: only dist/, stubs/, package.json and documents');
    }

    const rows = [];
    for (const rt of RUNTIMES) {
      const resolved = await resolveRuntime(rt);
      const row = { label: rt.label, results: {}, failures: [] };
      rows.push(row);
      if (resolved.error) {
        row.failures.push(`${rt.label}: ${resolved.error}`);
        for (const check of CHECKS) row.results[check.id] = { ok: false, ms: 0 };
        console.log(`✗ ${rt.label}: ${resolved.error}`);
        continue;
      }
      row.label = `${rt.label} (${resolved.version})`;
      for (const check of CHECKS) {
        const outcome = await exec(check.argv(rt, resolved.bin), {
          cwd: project,
          env: check.env?.(rt, resolved.bin) ?? {},
          timeoutMs: check.timeoutMs ?? 120_000,
        });
        let ok = outcome.code === 0;
        let reason = lastLines(outcome.stderr || outcome.stdout);
        if (ok && check.expect) {
          const verdict = check.expect(outcome.stdout);
          if (verdict !== true) {
            ok = false;
            reason = verdict;
          }
        }
        row.results[check.id] = { ok, ms: outcome.ms };
        console.log(
          `${ok ? '✓' : '✗'} ${row.label} · ${check.label} (${(outcome.ms / 1000).toFixed(1)} s)`,
        );
        if (!ok)
          row.failures.push(`${row.label} · ${check.label} (exit ${outcome.code}):\n    ${reason}`);
      }
    }

    printTable(rows);
    const failures = rows.flatMap((r) => r.failures);
    if (failures.length > 0) {
      failed = true;
      console.log(`${failures.length} check(s) failed:\n`);
      for (const f of failures) console.log(`- ${f}\n`);
    }
    const results = rows.flatMap((r) => Object.values(r.results));
    const passed = results.filter((r) => r.ok).length;
    console.log(`took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    console.log(`matrix: ${passed} passed, ${results.length - passed} failed`);
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

await main();
