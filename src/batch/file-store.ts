import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '../core/errors.js';
import { isRecord } from '../core/util.js';
import type { JournalRecord } from './records.js';

// The file behind FileJournal: JSON Lines, one record per state change, appended and fsynced
// before the state change is acted on; a header line names the batch; a lock file keeps a second
// process out. Loaded on first use: most programs never open a journal.

const FORMAT = 'wavespeed-batch-journal';
const STATES = new Set(['intent', 'submitted', 'completed', 'failed']);

/** The first line of a journal file. */
interface Header {
  journal: typeof FORMAT;
  version: 1;
  /** What batch the journal belongs to (e.g. the jobs file), when the caller named one. */
  batch?: string | undefined;
}

/** Who holds a journal's lock. */
interface LockOwner {
  pid: number;
  host: string;
  at: string;
}

function isJournalRecord(value: unknown): value is JournalRecord {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.state === 'string' &&
    STATES.has(value.state)
  );
}

/** Whether the process that wrote a lock still runs (on this host; another host's is trusted). */
function alive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fsyncDir(path: string): Promise<void> {
  const dir = await open(dirname(path), 'r').catch(() => undefined);
  if (dir === undefined) return;
  try {
    await dir.sync();
  } catch {
    // Some file systems do not sync directories; the rename is as durable as they make it.
  } finally {
    await dir.close();
  }
}

function unwritable(path: string, error: unknown): ConfigurationError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new ConfigurationError(
    `Cannot write the journal ${path} (${code}). Pick a writable place with --journal (or ` +
      'the journal option), or fix the folder’s permissions.',
    { cause: error },
  );
}

/** Takes the lock file next to the journal, or says who holds it. */
async function lock(path: string): Promise<string> {
  const lockPath = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw unwritable(path, error);
  });
  const me: LockOwner = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockPath, JSON.stringify(me), { flag: 'wx' });
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(path, error);
    }
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    } catch {
      owner = undefined;
    }
    if (owner !== undefined && typeof owner.pid === 'number' && alive(owner)) {
      throw new ConfigurationError(
        `The journal ${path} is in use by process ${owner.pid} on ${owner.host} (since ` +
          `${owner.at}): two runs of one batch at once could pay twice. Wait for it to finish or ` +
          `stop it; if that process is gone, remove ${lockPath}.`,
      );
    }
    // Left by a process that is gone (or unreadable): take it over.
    await rm(lockPath, { force: true });
  }
  throw new ConfigurationError(`Could not take the lock ${lockPath}; remove it and run again.`);
}

/** Reads every record; a torn last line (a crash mid-write) is dropped, others are errors. */
async function readRecords(
  path: string,
): Promise<{ header: Header | undefined; records: Map<string, string>; lines: number }> {
  const records = new Map<string, string>();
  let header: Header | undefined;
  let lines = 0;
  let torn: { line: number; text: string } | undefined;
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lines += 1;
      if (torn !== undefined) {
        throw new ConfigurationError(
          `The journal ${path} is damaged at line ${torn.line}: "${torn.text.slice(0, 80)}". ` +
            'Only its last line may be cut off by a crash; restore it or start a new journal.',
        );
      }
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        torn = { line: lines, text };
        continue;
      }
      if (lines === 1 && isRecord(value) && value.journal === FORMAT) {
        header = value as unknown as Header;
      } else if (isJournalRecord(value)) {
        records.set(value.key, text);
      } else {
        torn = { line: lines, text };
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { header, records, lines: 0 };
    throw error;
  }
  return { header, records, lines };
}

/**
 * An open journal file: the latest record of each key in memory (as its line of JSON: a string
 * costs a fraction of the object, which matters at 100,000 jobs), appends grouped into one write
 * and one fsync (records put while a sync runs go in the next), the lock held until `close`.
 */
export class JournalFile {
  readonly #records: Map<string, string>;
  readonly #path: string;
  readonly #lockPath: string;
  readonly #file: FileHandle;
  #pending: string[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;
  #closed = false;

  private constructor(
    path: string,
    lockPath: string,
    file: FileHandle,
    records: Map<string, string>,
  ) {
    this.#path = path;
    this.#lockPath = lockPath;
    this.#file = file;
    this.#records = records;
  }

  /** The latest record of `key`. */
  get(key: string): JournalRecord | undefined {
    const line = this.#records.get(key);
    return line === undefined ? undefined : (JSON.parse(line) as JournalRecord);
  }

  /** The latest record of every key. */
  *records(): Generator<JournalRecord> {
    for (const line of this.#records.values()) yield JSON.parse(line) as JournalRecord;
  }

  /**
   * Locks and reads the journal, and rewrites it compacted (one record per key, the torn tail
   * gone) before anything is appended. `batch` names the batch it belongs to: a journal of another
   * batch is refused.
   */
  static async open(path: string, batch?: string): Promise<JournalFile> {
    const lockPath = await lock(path);
    try {
      const { header, records } = await readRecords(path);
      if (batch !== undefined && header?.batch !== undefined && header.batch !== batch) {
        throw new ConfigurationError(
          `The journal ${path} belongs to another batch (${header.batch}), not ${batch}. Pass ` +
            'another --journal for this one, or run the batch it belongs to.',
        );
      }
      const head: Header = { journal: FORMAT, version: 1, batch: batch ?? header?.batch };
      const compacted = `${[JSON.stringify(head), ...records.values()].join('\n')}\n`;
      const temporary = `${path}.compact`;
      try {
        const out = await open(temporary, 'w');
        try {
          await out.writeFile(compacted);
          await out.sync();
        } finally {
          await out.close();
        }
        await rename(temporary, path);
        await fsyncDir(path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error instanceof ConfigurationError ? error : unwritable(path, error);
      }
      const file = await open(path, 'a');
      return new JournalFile(path, lockPath, file, records);
    } catch (error) {
      await rm(lockPath, { force: true });
      throw error;
    }
  }

  /** Appends a record; resolves once it is on disk. */
  put(record: JournalRecord): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new ConfigurationError(`The journal ${this.#path} is closed.`));
    }
    const line = JSON.stringify(record);
    this.#records.set(record.key, line);
    this.#pending.push(`${line}\n`);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const text = this.#pending.join('');
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        await this.#file.write(text);
        await this.#file.sync();
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(unwritable(this.#path, error));
      }
    }
    this.#flushing = undefined;
  }

  /** Waits for pending writes, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#file.close();
    await rm(this.#lockPath, { force: true });
  }
}
