#!/usr/bin/env node
// Runs every program in examples/ the way a user would: with tsx, importing `wavespeed-sdk` from
// node_modules, against the local simulator, each in its own working directory and within a time
// limit, then checks what it left behind. Exits non-zero if any example fails.
//
// The examples and the built package are copied into a scratch project first (examples/ next to
// node_modules/wavespeed-sdk holding package.json + dist/), so the run tests the package as it
// is installed — its `exports` map included — and a rebuild of dist/ meanwhile cannot pull files
// out from under a running example.
//
// Usage: node scripts/run-examples.mjs [--verbose] [name...]
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
/** The scratch project, set by main(): `<scratch>/examples/…`, `<scratch>/node_modules/…`. */
let scratch = '';
const verbose = process.argv.includes('--verbose');

/** Fails the example with a readable reason. */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function files(dir) {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The one folder examples write to (git-ignored), relative to where they run. */
const OUTPUT_DIR = 'wavespeed-output';

/** Run from a checkout, an example must leave nothing outside OUTPUT_DIR. */
function expectOnlyOutputDir(cwd) {
  const stray = files(cwd).filter((name) => name !== OUTPUT_DIR);
  expect(stray.length === 0, `left files outside ${OUTPUT_DIR}/: ${stray.join(', ')}`);
}

const examples = [
  {
    name: 'quickstart',
    run: [['examples/quickstart.ts', 'a lighthouse at dawn']],
    check: ({ cwd }) => {
      const saved = files(join(cwd, OUTPUT_DIR));
      expect(saved.length >= 1, 'no output file was saved');
      const size = statSync(join(cwd, OUTPUT_DIR, saved[0])).size;
      expect(size > 0, `${saved[0]} is empty`);
    },
  },
  {
    name: 'image-to-video',
    run: [['examples/image-to-video.ts']],
    check: ({ cwd }) => {
      const saved = files(join(cwd, OUTPUT_DIR));
      expect(
        saved.some((file) => file.endsWith('.mp4')),
        `no .mp4 saved (got ${saved.join(', ') || 'nothing'})`,
      );
    },
  },
  {
    name: 'batch-pipeline',
    speed: 200,
    timeoutMs: 120_000,
    // Twice in the same directory: the second run must only retry what did not complete.
    run: [['examples/batch-pipeline.ts'], ['examples/batch-pipeline.ts']],
    check: ({ cwd, outputs }) => {
      const lines = readJsonl(join(cwd, OUTPUT_DIR, 'batch-report.jsonl'));
      const first = lines.slice(0, 50);
      expect(first.length === 50, `the first run reported ${first.length} of 50 prompts`);
      const failed = first.filter((line) => line.status !== 'completed');
      expect(failed.length === 2, `expected the 2 simulated failures, got ${failed.length}`);
      expect(
        failed.every((line) => typeof line.predictionId === 'string' && line.error),
        'failures must be reported with their prediction id and error',
      );
      expect(
        /48 already done, 2 to run/.test(outputs[1]),
        'the re-run did not skip completed prompts',
      );
      expect(lines.length === 52, `expected 52 report lines after the re-run, got ${lines.length}`);
    },
  },
  {
    name: 'batch',
    speed: 200,
    timeoutMs: 120_000,
    // Twice in the same directory: the second run must take every result from the journal.
    run: [['examples/batch.ts'], ['examples/batch.ts']],
    check: ({ cwd, outputs }) => {
      const saved = files(join(cwd, OUTPUT_DIR, 'batch'));
      expect(saved.length === 48, `expected 48 saved images, got ${saved.length}`);
      expect(
        /^0 result\(s\) came from the journal/m.test(outputs[0]),
        'the first run used a journal',
      );
      expect(
        /^50 result\(s\) came from the journal/m.test(outputs[1]),
        'the re-run did not take its results from the journal',
      );
      expect((outputs[1].match(/: failed \(/g) ?? []).length === 2, 'the 2 failures were not kept');
    },
  },
  {
    name: 'bullmq-workers',
    speed: 100,
    setup: startRedis,
    run: [['examples/bullmq-workers.ts']],
    check: ({ outputs }) => {
      expect(/queued 20 job\(s\)/.test(outputs[0]), 'the 20 jobs were not queued');
      expect(/^20\/20 /m.test(outputs[0]), 'not every job was followed to its end');
      expect(/all 20 jobs finished/.test(outputs[0]), 'the example did not finish');
    },
  },
  {
    name: 'ai-sdk',
    run: [['examples/ai-sdk.ts', 'a paper boat']],
    check: ({ cwd, outputs }) => {
      expect(
        /saved .*ai-sdk\.(jpg|png) \(\d+ bytes, prediction \w+\)/.test(outputs[0]),
        'no image saved',
      );
      const saved = files(join(cwd, OUTPUT_DIR));
      expect(statSync(join(cwd, OUTPUT_DIR, saved[0])).size > 1000, 'the image is empty');
    },
  },
  {
    name: 'webhook-server',
    run: [['examples/webhook-server.ts']],
    check: ({ outputs }) => {
      expect(/webhook: \w+ completed/.test(outputs[0]), 'no verified webhook delivery was printed');
    },
  },
  {
    name: 'cancel-and-timeout',
    speed: 20,
    run: [['examples/cancel-and-timeout.ts']],
    check: ({ outputs }) => {
      for (const step of ['1.', '2.', '3.']) {
        expect(
          outputs[0].includes(`\n${step} `) || outputs[0].startsWith(`${step} `),
          `step ${step} did not run`,
        );
      }
      expect(/resumed by id: \w+ completed/.test(outputs[0]), 'the timed-out job was not resumed');
    },
  },
  {
    name: 'streaming',
    run: [['examples/streaming.ts']],
    check: ({ cwd, outputs }) => {
      expect(outputs[0].trim().length > 0, 'nothing was streamed');
      expect(statSync(join(cwd, OUTPUT_DIR, 'speech.mp3')).size > 0, 'no speech.mp3 was saved');
    },
  },
  {
    name: 'testing-with-the-simulator',
    command: () => [
      vitest,
      'run',
      '--root',
      join(scratch, 'examples', 'testing-with-the-simulator'),
    ],
  },
];

/** Copies examples/ and the built package into a fresh project, as if installed from npm. */
function createScratchProject() {
  const dir = mkdtempSync(join(tmpdir(), 'wavespeed-examples-'));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ type: 'module', private: true })}\n`,
  );
  cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
  const pkg = join(dir, 'node_modules', 'wavespeed-sdk');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  // The package's own dependencies (ky, p-queue …) resolve from its node_modules.
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  // What the examples import besides the SDK, as a user would have installed it.
  for (const name of ['vitest', 'ai', '@ai-sdk']) {
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  return dir;
}

/** Runs one process; resolves with its combined output, rejects on a non-zero exit or timeout. */
function runProcess(args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(Object.assign(new Error(`timed out after ${timeoutMs / 1000} s`), { output }));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(Object.assign(error, { output }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(Object.assign(new Error(`exited with ${signal ?? `code ${code}`}`), { output }));
    });
  });
}

function exampleEnv(speed) {
  const env = { ...process.env, NO_COLOR: '1', WAVESPEED_SIMULATOR_SPEED: String(speed) };
  // Always the simulator: never spend credits (or leak a key into logs) from CI.
  for (const name of [
    'WAVESPEED_API_KEY',
    'WAVESPEED_BASE_URL',
    'WEBHOOK_PUBLIC_URL',
    'OUTPUT_DIR',
  ]) {
    delete env[name];
  }
  return env;
}

/** A redis-server of its own on a free loopback port, for the examples that need one. */
async function startRedis() {
  const port = await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'wavespeed-example-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const failed = new Promise((_, reject) =>
    child.once('error', () =>
      reject(new Error('needs redis-server (Debian/Ubuntu: apt-get install -y redis-server)')),
    ),
  );
  const ready = (async () => {
    for (let i = 0; i < 200; i++) {
      const ok = await new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  })();
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    stop();
    throw error;
  }
  return { env: { REDIS_URL: `redis://127.0.0.1:${port}` }, stop };
}

async function runExample(example) {
  const cwd = mkdtempSync(join(tmpdir(), `wavespeed-example-${example.name}-`));
  let service;
  try {
    service = await example.setup?.();
  } catch (error) {
    return { ok: false, error, outputs: [] };
  }
  const env = { ...exampleEnv(example.speed ?? 50), ...service?.env };
  const timeoutMs = example.timeoutMs ?? 60_000;
  const outputs = [];
  try {
    const runs = example.command
      ? [example.command()]
      : example.run.map(([file, ...args]) => ['--import', tsxLoader, join(scratch, file), ...args]);
    for (const args of runs) outputs.push(await runProcess(args, { cwd, env, timeoutMs }));
    example.check?.({ cwd, outputs });
    expectOnlyOutputDir(cwd);
    return { ok: true, outputs };
  } catch (error) {
    return { ok: false, error, outputs: [...outputs, error.output ?? ''] };
  } finally {
    service?.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

async function runAll(selected) {
  let failures = 0;
  for (const example of selected) {
    const started = Date.now();
    const result = await runExample(example);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.ok) {
      console.log(`✓ ${example.name} (${seconds} s)`);
      if (verbose)
        console.log(result.outputs.join('\n--- next run ---\n').trimEnd().replace(/^/gm, '    '));
    } else {
      failures++;
      console.log(`✗ ${example.name} (${seconds} s): ${result.error.message}`);
      const output = result.outputs.join('\n--- next run ---\n').trimEnd();
      if (output) console.log(output.replace(/^/gm, '    '));
    }
  }
  return failures;
}

async function main() {
  const only = process.argv.slice(2).filter((arg) => arg !== '--verbose');
  const unknown = only.filter((name) => !examples.some((example) => example.name === name));
  if (unknown.length > 0) {
    console.error(`run-examples: unknown example(s) ${unknown.join(', ')}`);
    return 2;
  }
  const selected = only.length > 0 ? examples.filter((e) => only.includes(e.name)) : examples;
  ensureBuilt('run-examples');
  scratch = createScratchProject();
  try {
    const failures = await runAll(selected);
    console.log(`${selected.length - failures}/${selected.length} examples passed`);
    return failures === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
