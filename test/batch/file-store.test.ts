import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalFile } from '../../src/batch/file-store.js';
import { FileJournal } from '../../src/batch/journal.js';
import type { JournalRecord } from '../../src/batch/records.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { runUnprivileged } from '../helpers/unprivileged.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-journal-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function intent(key: string, at = 1): JournalRecord {
  return { key, state: 'intent', model: 'wavespeed-ai/flux-dev', inputHash: 'h', at };
}

function submitted(key: string, id: string): JournalRecord {
  return {
    key,
    state: 'submitted',
    model: 'wavespeed-ai/flux-dev',
    inputHash: 'h',
    predictionId: id,
    at: 2,
  };
}

async function all(journal: FileJournal): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const record of journal.list()) out.push(record);
  return out;
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

function completed(key: string, id: string): JournalRecord {
  const outputs = [`https://cdn.example/outputs/${id}/ü-${key}.png`];
  return { ...submitted(key, id), state: 'completed', outputs } as JournalRecord;
}

describe('FileJournal', () => {
  it('reads finished records back from the file, before and after a reopen', async () => {
    // Finished records are kept on disk only (by offset): many keys, multi-byte text, a record
    // replaced after it finished, and records written while others are read.
    const path = join(dir, 'many.journal.jsonl');
    const journal = new FileJournal(path);
    const keys = Array.from({ length: 300 }, (_, i) => `key-${i}-${'x'.repeat(i % 7)}`);
    await Promise.all(keys.map((key, i) => journal.put(completed(key, `p${i}`))));
    await journal.put(intent('key-3-xxx', 9));
    for (const [i, key] of keys.entries()) {
      const expected = key === 'key-3-xxx' ? intent(key, 9) : completed(key, `p${i}`);
      expect(await journal.get(key)).toEqual(expected);
    }
    await journal.put(completed('late', 'p-late'));
    expect(await journal.get('late')).toEqual(completed('late', 'p-late'));
    await journal.close();

    const reopened = new FileJournal(path);
    expect(await reopened.get('key-299-xxxxx')).toEqual(completed('key-299-xxxxx', 'p299'));
    expect(await reopened.get('key-3-xxx')).toEqual(intent('key-3-xxx', 9));
    expect(await reopened.get('late')).toEqual(completed('late', 'p-late'));
    expect(await all(reopened)).toHaveLength(301);
    await reopened.close();
  });

  it('keeps the latest record per key across reopen, compacted to one line each', async () => {
    const path = join(dir, 'jobs.journal.jsonl');
    const journal = new FileJournal(path, { batch: 'jobs.jsonl' });
    await journal.put(intent('a'));
    await journal.put(intent('b'));
    await journal.put(submitted('a', 'p1'));
    await journal.close();
    expect(await lines(path)).toHaveLength(4); // header + 3 appends

    const again = new FileJournal(path, { batch: 'jobs.jsonl' });
    expect(await again.get('a')).toEqual(submitted('a', 'p1'));
    expect((await all(again)).map((r) => r.key).sort()).toEqual(['a', 'b']);
    const compacted = await lines(path);
    expect(compacted).toHaveLength(3);
    expect(JSON.parse(compacted[0] ?? '')).toEqual({
      journal: 'wavespeed-batch-journal',
      version: 1,
      batch: 'jobs.jsonl',
    });
    await again.close();
  });

  it('drops a line cut off by a crash, and refuses damage anywhere else with its line number', async () => {
    const path = join(dir, 'torn.jsonl');
    const journal = new FileJournal(path);
    await journal.put(intent('a'));
    await journal.put(submitted('a', 'p1'));
    await journal.close();
    const size = (await stat(path)).size;
    await truncate(path, size - 7);
    const reopened = new FileJournal(path);
    expect(await reopened.get('a')).toEqual(intent('a'));
    await reopened.close();

    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"state":"intent"', '"state":"intent",,'));
    await writeFile(path, `${await readFile(path, 'utf8')}${JSON.stringify(intent('z'))}\n`);
    const damaged = new FileJournal(path);
    const error = await damaged.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/damaged at line 2/);
    await expect(stat(`${path}.lock`)).rejects.toThrow();
  });

  it('lets one process at a time use a journal, and takes over the lock of a process that is gone', async () => {
    const path = join(dir, 'locked.jsonl');
    const first = new FileJournal(path);
    await first.open();
    const second = new FileJournal(path);
    const error = await second.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`in use by process ${process.pid}`);
    await first.close();

    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ pid: child.pid, host: hostname(), at: new Date().toISOString() }),
    );
    const third = new FileJournal(path);
    await third.open();
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    await third.close();
    await expect(stat(`${path}.lock`)).rejects.toThrow();
  });

  it('refuses the journal of another batch, and a place it cannot write', async () => {
    const path = join(dir, 'mine.jsonl');
    const journal = new FileJournal(path, { batch: 'a.jsonl' });
    await journal.put(intent('a'));
    await journal.close();
    const other = new FileJournal(path, { batch: 'b.jsonl' });
    await expect(other.open()).rejects.toThrow(/belongs to another batch \(a\.jsonl\)/);

    await writeFile(join(dir, 'file'), 'not a folder');
    const nowhere = new FileJournal(join(dir, 'file', 'journal.jsonl'));
    const error = await nowhere.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/Cannot write the journal .* \(ENOTDIR\)/);
  });

  it('groups concurrent puts into few writes and loses none', async () => {
    const path = join(dir, 'many.jsonl');
    const journal = new FileJournal(path);
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.put(intent(`k${i}`, i))));
    await journal.close();
    const reopened = new FileJournal(path);
    expect(await all(reopened)).toHaveLength(200);
    await reopened.close();
  });

  it('property: a crash cutting the file anywhere loses at most the record being written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.nat(),
        async (changes, cutSeed) => {
          const path = join(dir, `prop-${Math.random().toString(36).slice(2)}.jsonl`);
          const journal = new FileJournal(path);
          await journal.open();
          const header = (await readFile(path)).length;
          const ends: number[] = [];
          const written: JournalRecord[] = [];
          for (const [n, done] of changes) {
            const record = done ? submitted(`k${n}`, `p${written.length}`) : intent(`k${n}`);
            await journal.put(record);
            written.push(record);
            ends.push((await stat(path)).size);
          }
          await journal.close();
          const size = (await stat(path)).size;
          const cut = header + (cutSeed % (size - header + 1));
          await truncate(path, cut);
          // What survives: every record written whole before the cut (its newline may be gone).
          const expected = new Map<string, JournalRecord>();
          written.forEach((record, i) => {
            if ((ends[i] ?? 0) - 1 <= cut) expected.set(record.key, record);
          });
          const reopened = new FileJournal(path);
          const got = new Map((await all(reopened)).map((r) => [r.key, r]));
          await reopened.close();
          await rm(path, { force: true });
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('JournalFile with keys whose hashes collide', () => {
  /** One hash for every key: each finished record is found by reading the candidates. */
  const weak = () => 0;

  function failed(key: string, at: number): JournalRecord {
    const error = { name: 'PredictionFailedError', message: 'nope' };
    return { key, state: 'failed', model: 'm', inputHash: 'h', at, error };
  }

  async function listed(file: JournalFile): Promise<Map<string, JournalRecord>> {
    const out = new Map<string, JournalRecord>();
    for await (const record of file.records()) {
      expect(out.has(record.key)).toBe(false);
      out.set(record.key, record);
    }
    return out;
  }

  it('property: get and records give each key its latest record, across reopens', async () => {
    const keys = ['a', 'b', 'shot-1', '0123456789abcdef0123456789abcdef', 'ü'];
    const step = fc.record({
      keys: fc.uniqueArray(fc.nat(keys.length - 1), { minLength: 1, maxLength: 3 }),
      state: fc.constantFrom('intent', 'submitted', 'completed', 'failed'),
      reopen: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { maxLength: 25 }), async (isWeak, steps) => {
        const path = join(dir, `weak-${Math.random().toString(36).slice(2)}.jsonl`);
        const hash = isWeak ? weak : undefined;
        let file = await JournalFile.open(path, undefined, hash);
        const model = new Map<string, JournalRecord>();
        try {
          for (const [at, { keys: picked, state, reopen }] of steps.entries()) {
            const records = picked.map((n) => {
              const key = keys[n] as string;
              if (state === 'intent') return intent(key, at);
              if (state === 'submitted') return submitted(key, `p${at}`);
              if (state === 'completed') return completed(key, `p${at}`);
              return failed(key, at);
            });
            // Put together: one write, settled while other keys are read.
            await Promise.all([
              ...records.map((record) => file.put(record)),
              ...keys.map((key) => file.get(key)),
            ]);
            for (const record of records) model.set(record.key, record);
            if (reopen) {
              await file.close();
              file = await JournalFile.open(path, undefined, hash);
            }
            for (const key of keys) expect(await file.get(key)).toEqual(model.get(key));
          }
          expect(await listed(file)).toEqual(model);
        } finally {
          await file.close();
          await rm(path, { force: true });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps 400 records apart on one hash, and finds each after a reopen', async () => {
    const path = join(dir, 'collide.jsonl');
    const keys = Array.from({ length: 400 }, (_, i) => `k${i}`);
    const file = await JournalFile.open(path, undefined, weak);
    await Promise.all(keys.slice(0, 200).map((key, i) => file.put(completed(key, `p${i}`))));
    await file.put(failed('k7', 1));
    await file.close();
    const again = await JournalFile.open(path, undefined, weak);
    await Promise.all(keys.slice(200).map((key, i) => again.put(intent(key, i))));
    expect(await again.get('k7')).toEqual(failed('k7', 1));
    expect(await again.get('k199')).toEqual(completed('k199', 'p199'));
    expect(await again.get('k399')).toEqual(intent('k399', 199));
    expect(await again.get('k400')).toBeUndefined();
    expect((await listed(again)).size).toBe(400);
    await again.close();
  });
});

describe('FileJournal in a folder it may not write', () => {
  it('says so with the path and the fix (run as an unprivileged user)', async () => {
    const readOnly = await mkdtemp(join(tmpdir(), 'wavespeed-readonly-'));
    try {
      await chmod(readOnly, 0o555);
      const output = await runUnprivileged(
        fileURLToPath(new URL('../../src/batch/journal.ts', import.meta.url)),
        `import { FileJournal } from './entry.mjs';
         const journal = new FileJournal(${JSON.stringify(join(readOnly, 'jobs.journal.jsonl'))});
         try { await journal.open(); console.log('opened'); }
         catch (error) { console.log(error.name + ': ' + error.message); }`,
      );
      expect(output).toMatch(
        /^ConfigurationError: Cannot write the journal .*jobs\.journal\.jsonl \(EACCES\)\. Pick a writable place/,
      );
    } finally {
      await chmod(readOnly, 0o755);
      await rm(readOnly, { recursive: true, force: true });
    }
  });
});
