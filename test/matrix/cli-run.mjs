// The installed `wavespeed` CLI runs a model against the simulator, on the same runtime as this
// script: MATRIX_RUNTIME holds the command prefix (e.g. ["/path/deno", "run", "--allow-all"]).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSimulator } from 'wavespeed-sdk/testing';

const require = createRequire(import.meta.url);
const manifestPath = require.resolve('wavespeed-sdk/package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const cli = join(dirname(manifestPath), manifest.bin.wavespeed);
const [command, ...prefix] = JSON.parse(process.env.MATRIX_RUNTIME ?? '[]');
assert.ok(command, 'MATRIX_RUNTIME is not set');

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, cli, ...args], {
      env: { ...process.env, ...env },
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
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sim = await createSimulator({ speed: 50, seed: 7 });
try {
  const env = { WAVESPEED_API_KEY: sim.apiKey, WAVESPEED_BASE_URL: sim.url, NO_COLOR: '1' };
  const args = ['run', 'wavespeed-ai/flux-dev', '--prompt', 'a lighthouse at dawn', '--json'];
  const { code, stdout, stderr } = await runCli(args, env);
  assert.equal(code, 0, `wavespeed run exited ${code}: ${stderr.trim().slice(-400)}`);
  const printed = JSON.parse(stdout);
  assert.match(JSON.stringify(printed), /https?:\/\//, 'the JSON output holds no output URL');
  assert.ok(!stdout.includes(sim.apiKey) && !stderr.includes(sim.apiKey), 'the key was printed');
  assert.equal(sim.state.jobs.length, 1, 'expected exactly one job');
} finally {
  await sim.close();
}
console.log('ok');
