import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '../core/errors.js';
import { isRecord } from '../core/util.js';
import { hashKey, MAX_PACKED, type PackedTable, packedTable } from './packed-table.js';
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
  // A missing folder is made; any other problem with it shows in the lock's own error below.
  await mkdir(dirname(path), { recursive: true }).catch(() => undefined);
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

/** The lines of a file, streamed. */
async function* linesOf(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/**
 * Reads every record once and keeps only where each key's latest one is (its line number): the
 * records themselves stay on disk. A torn last line (a crash mid-write) is dropped; a bad line
 * anywhere else is an error.
 */
async function scanRecords(
  path: string,
): Promise<{ header: Header | undefined; latest: Map<string, number> }> {
  const latest = new Map<string, number>();
  let header: Header | undefined;
  let lines = 0;
  let torn: { line: number; text: string } | undefined;
  try {
    for await (const text of linesOf(path)) {
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
        latest.set(value.key, lines);
      } else {
        torn = { line: lines, text };
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { header, latest };
    throw error;
  }
  return { header, latest };
}

function isFinal(record: JournalRecord): boolean {
  return record.state === 'completed' || record.state === 'failed';
}

/**
 * Where each key's latest record is. A record that may still change (or is not on disk yet) stays
 * in memory as its line of JSON (`live`); a finished one only as its byte offset in the file
 * (`done`), filed under a 32-bit hash of its key: two keys may share a hash, so a match is
 * confirmed by reading the line at the offset. Finished jobs, the bulk of a large batch, then cost
 * 8 bytes of a typed array each (no string), and memory stays flat however many lines the batch
 * has. A key of `live` may also have an older offset in `done`: `live` is the latest. A record
 * past the table's largest offset (a journal over 4 GB) stays in `live`.
 */
interface Index {
  live: Map<string, string>;
  done: PackedTable;
  /** The words `done` files a key under: its hash. */
  words: (key: string) => number[];
}

/** Writes the header and each key's latest record to `temporary`; returns the index and size. */
async function writeCompacted(
  path: string,
  temporary: string,
  head: Header,
  latest: Map<string, number>,
  index: Index,
): Promise<number> {
  const keep = new Set(latest.values());
  const out = await open(temporary, 'w');
  try {
    let chunk = `${JSON.stringify(head)}\n`;
    let chunkBytes = Buffer.byteLength(chunk);
    let size = 0;
    let line = 0;
    if (keep.size > 0) {
      for await (const text of linesOf(path)) {
        line += 1;
        if (!keep.has(line)) continue;
        const record = JSON.parse(text) as JournalRecord;
        // One line per key here: each key is filed once.
        const offset = size + chunkBytes;
        if (isFinal(record) && offset <= MAX_PACKED)
          index.done.insert(index.words(record.key), offset);
        else index.live.set(record.key, text);
        chunk += `${text}\n`;
        chunkBytes += Buffer.byteLength(text) + 1;
        if (chunkBytes >= 1 << 16) {
          await out.write(chunk);
          size += chunkBytes;
          chunk = '';
          chunkBytes = 0;
        }
      }
    }
    await out.write(chunk);
    size += chunkBytes;
    await out.sync();
    return size;
  } finally {
    await out.close();
  }
}

interface Pending {
  text: string;
  key: string;
  line: string;
  /** Where the line lands in the file, when the record is final (else it stays in memory). */
  offset: number | undefined;
}

/**
 * An open journal file: where each key's latest record is (see {@link Index}), appends grouped
 * into one write and one fsync (records put while a sync runs go in the next), the lock held
 * until `close`.
 */
export class JournalFile {
  readonly #index: Index;
  readonly #path: string;
  readonly #lockPath: string;
  readonly #file: FileHandle;
  #reader: Promise<FileHandle> | undefined;
  #size: number;
  #pending: Pending[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;
  #closed = false;
  /** A write that failed leaves the file's end unknown: nothing more is appended. */
  #failed: ConfigurationError | undefined;

  private constructor(
    path: string,
    lockPath: string,
    file: FileHandle,
    index: Index,
    size: number,
  ) {
    this.#path = path;
    this.#lockPath = lockPath;
    this.#file = file;
    this.#index = index;
    this.#size = size;
  }

  /**
   * Locks and reads the journal, and rewrites it compacted (one record per key, the torn tail
   * gone) before anything is appended. `batch` names the batch it belongs to: a journal of another
   * batch is refused. `hash` files finished records by their key (tests pass a weak one to make
   * keys collide).
   */
  static async open(
    path: string,
    batch?: string,
    hash: (key: string) => number = hashKey,
  ): Promise<JournalFile> {
    const lockPath = await lock(path);
    try {
      const { header, latest } = await scanRecords(path);
      if (batch !== undefined && header?.batch !== undefined && header.batch !== batch) {
        throw new ConfigurationError(
          `The journal ${path} belongs to another batch (${header.batch}), not ${batch}. Pass ` +
            'another --journal for this one, or run the batch it belongs to.',
        );
      }
      const head: Header = { journal: FORMAT, version: 1, batch: batch ?? header?.batch };
      const temporary = `${path}.compact`;
      const index: Index = { live: new Map(), done: packedTable(1), words: (key) => [hash(key)] };
      let size: number;
      try {
        size = await writeCompacted(path, temporary, head, latest, index);
        await rename(temporary, path);
        await fsyncDir(path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error instanceof ConfigurationError ? error : unwritable(path, error);
      }
      const file = await open(path, 'a');
      return new JournalFile(path, lockPath, file, index, size);
    } catch (error) {
      await rm(lockPath, { force: true });
      throw error;
    }
  }

  /** The latest record of `key`. */
  async get(key: string): Promise<JournalRecord | undefined> {
    const line = this.#index.live.get(key);
    if (line !== undefined) return JSON.parse(line) as JournalRecord;
    return (await this.#stored(key))?.record;
  }

  /** `key`'s finished record in the file, and where it starts: the candidates read in turn. */
  async #stored(key: string): Promise<{ offset: number; record: JournalRecord } | undefined> {
    for (const offset of this.#index.done.find(this.#index.words(key))) {
      const record = JSON.parse(await this.#lineAt(offset)) as JournalRecord;
      if (record.key === key) return { offset, record };
    }
    return undefined;
  }

  /** The latest record of every key (those put while it runs may be left out). */
  async *records(): AsyncGenerator<JournalRecord> {
    const live = [...this.#index.live.keys()];
    const offsets = this.#index.done.values();
    for (const key of live) {
      const record = await this.get(key);
      if (record !== undefined) yield record;
    }
    const seen = new Set(live);
    for (const offset of offsets) {
      const { key } = JSON.parse(await this.#lineAt(offset)) as JournalRecord;
      // The latest record of `key`: a newer one may have come since the offsets were taken.
      const record = seen.has(key) ? undefined : await this.get(key);
      if (record !== undefined) yield record;
    }
  }

  /** The line that starts at byte `offset`. */
  async #lineAt(offset: number): Promise<string> {
    this.#reader ??= open(this.#path, 'r');
    const reader = await this.#reader;
    const parts: Buffer[] = [];
    let position = offset;
    for (;;) {
      const buffer = Buffer.alloc(4096);
      const { bytesRead } = await reader.read(buffer, 0, buffer.length, position);
      const end = buffer.subarray(0, bytesRead).indexOf(10);
      if (end >= 0 || bytesRead === 0) {
        parts.push(buffer.subarray(0, end >= 0 ? end : bytesRead));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  }

  /** Appends a record; resolves once it is on disk. */
  put(record: JournalRecord): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new ConfigurationError(`The journal ${this.#path} is closed.`));
    }
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const line = JSON.stringify(record);
    const text = `${line}\n`;
    this.#index.live.set(record.key, line);
    this.#pending.push({
      text,
      key: record.key,
      line,
      offset: isFinal(record) ? this.#size : undefined,
    });
    this.#size += Buffer.byteLength(text);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const pending = this.#pending;
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        if (this.#failed !== undefined) throw this.#failed;
        await this.#file.write(pending.map((p) => p.text).join(''));
        await this.#file.sync();
        // On disk now: finished records leave memory (unless a newer one replaced them).
        for (const { key, line, offset } of pending) {
          if (offset !== undefined) await this.#settle(key, line, offset);
        }
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.#failed ??= unwritable(this.#path, error);
        for (const waiter of waiters) waiter.reject(this.#failed);
      }
    }
    this.#flushing = undefined;
  }

  /**
   * Files the finished record `line` of `key`, now on disk at `offset`, by its offset, and lets
   * the line go. Runs in the flush only, so two never move one key at once. Should reading the
   * file fail, the line simply stays in memory.
   */
  async #settle(key: string, line: string, offset: number): Promise<void> {
    if (this.#index.live.get(key) !== line || offset > MAX_PACKED) return;
    let old: number | undefined;
    try {
      old = (await this.#stored(key))?.offset;
    } catch {
      return;
    }
    if (this.#index.live.get(key) !== line) return;
    const words = this.#index.words(key);
    if (old === undefined) this.#index.done.insert(words, offset);
    else this.#index.done.replace(words, old, offset);
    this.#index.live.delete(key);
  }

  /** Waits for pending writes, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#file.close();
    if (this.#reader !== undefined) await (await this.#reader).close();
    await rm(this.#lockPath, { force: true });
  }
}
