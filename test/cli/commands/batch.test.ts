import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { runKilledBatch } from '../../helpers/batch-kills.js';
import { runCli, simEnv, startCli } from '../helpers.js';

const MODEL = 'wavespeed-ai/flux-dev';
let sim: Simulator;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-batch-'));
});

afterEach(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

async function jobsFile(count: number, name = 'jobs.jsonl', extra = ''): Promise<string> {
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ prompt: `shot ${i}` }));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n${extra}`);
  return path;
}

function submits(): number {
  return sim.state.requests.filter((r) => r.route === 'submit').length;
}

/** Every state of the journal file's latest records. */
async function journalStates(path: string): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  const text = await readFile(path, 'utf8');
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    try {
      const record = JSON.parse(line) as { key: string; state: string };
      states.set(record.key, record.state);
    } catch {
      // a torn last line
    }
  }
  return states;
}

describe('wavespeed batch', () => {
  it('runs a JSONL file, prints one JSON line per job, and resumes from the journal', async () => {
    sim = await createSimulator({ speed: 100, seed: 3 });
    const file = await jobsFile(5);
    const first = await runCli(['batch', file, '--model', MODEL, '--json', '--concurrency', '3'], {
      env: simEnv(sim),
    });
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(lines.every((l) => l.status === 'completed' && l.fromJournal === false)).toBe(true);
    expect(submits()).toBe(5);

    const again = await runCli(['batch', file, '--model', MODEL, '--json'], { env: simEnv(sim) });
    expect(again.code).toBe(0);
    const second = again.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(second.every((l) => l.fromJournal === true)).toBe(true);
    expect(submits()).toBe(5);
  });

  it('reads CSV with model and key columns, uploads @./files, and saves outputs', async () => {
    sim = await createSimulator({ speed: 100, seed: 4 });
    await writeFile(join(dir, 'face.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const csv = [
      'key,model,prompt,image',
      `a,${MODEL},"A cat, sitting",`,
      `b,wavespeed-ai/qwen-image/edit,"Make it ""blue""",@./face.png`,
    ].join('\n');
    await writeFile(join(dir, 'shots.csv'), `${csv}\n`);
    const out = join(dir, 'out');
    const result = await runCli(['batch', join(dir, 'shots.csv'), '--output-dir', out], {
      env: simEnv(sim),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Finished in .*: 2 completed, 0 failed/);
    expect((await readdir(out)).sort()).toEqual([
      expect.stringMatching(/^a-0\.\w+$/),
      expect.stringMatching(/^b-0\.\w+$/),
    ]);
    const inputs = sim.state.jobs.map((j) => j.input);
    expect(inputs).toContainEqual(expect.objectContaining({ prompt: 'A cat, sitting' }));
    expect(inputs).toContainEqual(
      expect.objectContaining({ prompt: 'Make it "blue"', image: expect.stringMatching(/^http/) }),
    );
  });

  it('refuses a file with bad lines before sending anything, naming each line', async () => {
    sim = await createSimulator({ speed: 100 });
    const file = await jobsFile(
      3,
      'bad.jsonl',
      ['{"prompt": 5}', 'not json', '{"prompt": "shot 0"}', '{"model":"nope/x","prompt":"a"}'].join(
        '\n',
      ),
    );
    const result = await runCli(['batch', file, '--model', MODEL], { env: simEnv(sim) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('4 invalid line(s); nothing was sent');
    expect(result.stderr).toMatch(/line 4: invalid input for wavespeed-ai\/flux-dev: prompt/);
    expect(result.stderr).toMatch(/line 5: not valid JSON/);
    expect(result.stderr).toMatch(/line 6: the same job as line 1/);
    expect(result.stderr).toMatch(/line 7: unknown model "nope\/x"/);
    expect(submits()).toBe(0);

    const skipping = await runCli(['batch', file, '--model', MODEL, '--skip-invalid'], {
      env: simEnv(sim),
    });
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(submits()).toBe(3);
  });

  it('refuses a journal of another batch and a journal in use', async () => {
    sim = await createSimulator({ speed: 100 });
    const a = await jobsFile(1, 'a.jsonl');
    const b = await jobsFile(1, 'b.jsonl');
    const journal = join(dir, 'shared.journal');
    const first = await runCli(['batch', a, '--model', MODEL, '--journal', journal], {
      env: simEnv(sim),
    });
    expect(first.code, first.stderr).toBe(0);
    const other = await runCli(['batch', b, '--model', MODEL, '--journal', journal], {
      env: simEnv(sim),
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('belongs to another batch (a.jsonl)');

    await writeFile(
      `${journal}.lock`,
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: '' }),
    );
    const locked = await runCli(['batch', a, '--model', MODEL, '--journal', journal], {
      env: simEnv(sim),
    });
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(`in use by process ${process.pid}`);
  });

  it('exits 3 when a job failed, and --retry-failed submits it again', async () => {
    let failing = true;
    sim = await createSimulator({
      speed: 100,
      failWhen: (job) => (failing && job.input.prompt === 'shot 1' ? 'flagged' : undefined),
    });
    const file = await jobsFile(3);
    const result = await runCli(['batch', file, '--model', MODEL], { env: simEnv(sim) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/line 2 failed \(prediction \w+\): PredictionFailedError/);
    expect(result.stderr).toContain('Add --retry-failed to submit the 1 failed job(s) again.');
    failing = false;
    const same = await runCli(['batch', file, '--model', MODEL], { env: simEnv(sim) });
    expect(same.code).toBe(3);
    expect(submits()).toBe(3);
    const retried = await runCli(['batch', file, '--model', MODEL, '--retry-failed'], {
      env: simEnv(sim),
    });
    expect(retried.code, retried.stderr).toBe(0);
    expect(submits()).toBe(4);
  });

  it('on Ctrl-C says how many jobs still run, and the next run finishes them without paying twice', async () => {
    sim = await createSimulator({ speed: 1, seed: 5, jobDuration: 3_000 });
    const file = await jobsFile(4);
    const journal = `${file}.journal.jsonl`;
    const cli = startCli(['batch', file, '--model', MODEL, '--concurrency', '4'], {
      env: simEnv(sim),
    });
    await waitUntil(async () => {
      const states = await journalStates(journal).catch(() => new Map<string, string>());
      return states.size === 4 && [...states.values()].every((s) => s === 'submitted');
    });
    cli.child.kill('SIGINT');
    const stopped = await cli.exited;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Stopped. 4 job(s) still run on the server');
    const resumed = await runCli(['batch', file, '--model', MODEL], { env: simEnv(sim) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(submits()).toBe(4);
    expect([...(await journalStates(journal)).values()]).toEqual(Array(4).fill('completed'));
  });

  it('SIGKILL at any point (after intents, between POST and id, mid-download): re-runs finish with 0 duplicates and every output', async () => {
    sim = await createSimulator({ speed: 20, seed: 9, jobDuration: 2_000 });
    // Submits that create their job and answer late, and slow downloads: the kill windows are real.
    sim.inject({ route: 'submit', afterCreate: true, delayMs: 300, probability: 0.3 });
    sim.inject({ route: 'download', delayMs: 150, probability: 0.3 });
    const report = await runKilledBatch({
      sim,
      dir,
      count: 30,
      points: ['after-intents', 'before-id', 'mid-download'],
      concurrency: 6,
      // A cut-off submit reaches the simulator within its 300 ms delay: 2 s is ample.
      recoveryDelay: 2,
    });
    expect(report.kills.every((kill) => kill.killed)).toBe(true);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report).toMatchObject({
      lost: 0,
      duplicates: 0,
      outputs: 30,
      partFiles: 0,
      unfinished: 0,
    });
  });
});

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
