import { lazy } from '../core/util.js';
import type { Journal, JournalRecord } from './records.js';

export type { Journal, JournalRecord } from './records.js';

// The two journals the SDK ships: MemoryJournal (tests, no crash safety) and FileJournal (the
// embedded default: a JSON Lines file, whose code loads only when a file journal is opened).

/**
 * A journal in memory: for tests, and for batches that need no crash safety.
 *
 * @example
 * ```ts
 * const journal = new MemoryJournal();
 * for await (const result of client.batch(jobs, { journal })) console.log(result.status);
 * ```
 */
export class MemoryJournal implements Journal {
  readonly #records = new Map<string, JournalRecord>();

  async get(key: string): Promise<JournalRecord | undefined> {
    return this.#records.get(key);
  }

  async put(record: JournalRecord): Promise<void> {
    this.#records.set(record.key, record);
  }

  async *list(): AsyncIterable<JournalRecord> {
    yield* [...this.#records.values()];
  }

  async close(): Promise<void> {}
}

const loadStore = lazy(() => import('./file-store.js'));

/**
 * A journal in a JSON Lines file: one line per state change, written and fsynced before the batch
 * acts on it; a line cut off by a crash is dropped when the file is opened again, and the file is
 * then rewritten with one line per job. A lock file (`<path>.lock`, with the owner's pid) keeps a
 * second process out; a lock left by a process that is gone is taken over. Opened on first use,
 * or by `open()` to find problems (a lock, a journal of another batch, an unwritable folder)
 * before anything is sent.
 *
 * @example
 * ```ts
 * const journal = new FileJournal('./jobs.journal.jsonl', { batch: 'jobs.jsonl' });
 * await journal.open(); // throws if another process runs this batch right now
 * for await (const result of client.batch(jobs, { journal })) console.log(result.key, result.status);
 * await journal.close();
 * ```
 */
export class FileJournal implements Journal {
  /** The journal file. */
  readonly path: string;
  readonly #batch: string | undefined;
  #opening: Promise<import('./file-store.js').JournalFile> | undefined;

  /** `batch` names the batch the journal belongs to; a journal of another batch is refused. */
  constructor(path: string, options: { batch?: string | undefined } = {}) {
    this.path = path;
    this.#batch = options.batch;
  }

  /**
   * Locks, reads and compacts the file (done by the first call otherwise).
   *
   * @example
   * ```ts
   * // Fail before anything is sent when another process holds the journal.
   * await new FileJournal('./jobs.journal.jsonl').open();
   * ```
   */
  async open(): Promise<void> {
    await this.#file();
  }

  #file(): Promise<import('./file-store.js').JournalFile> {
    this.#opening ??= loadStore()
      .then(({ JournalFile }) => JournalFile.open(this.path, this.#batch))
      .catch((error: unknown) => {
        this.#opening = undefined;
        throw error;
      });
    return this.#opening;
  }

  async get(key: string): Promise<JournalRecord | undefined> {
    return (await this.#file()).get(key);
  }

  async put(record: JournalRecord): Promise<void> {
    await (await this.#file()).put(record);
  }

  async *list(): AsyncIterable<JournalRecord> {
    yield* (await this.#file()).records();
  }

  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    if (opening !== undefined) await (await opening).close();
  }
}
