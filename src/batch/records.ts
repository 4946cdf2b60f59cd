// The records a batch journal keeps and the interface every journal implements. The interface is
// small on purpose: a file (FileJournal), memory (MemoryJournal) or a shared store such as Redis
// implement it.

/** What every journal record holds. */
interface JournalRecordBase {
  /** The job's key. */
  key: string;
  model: string;
  /** SHA-256 of the canonical input: enough to notice a changed input, none of its values. */
  inputHash: string;
  /** When the state changed (epoch ms). */
  at: number;
}

/** A job's state, as the journal records it: one record per change, the latest one counts. */
export type JournalRecord =
  | (JournalRecordBase & {
      /** About to submit (written before the POST): a job may exist from here on. */
      state: 'intent';
      /**
       * The input as submitted, kept only when files in it were uploaded (it then holds their
       * URLs, which finding the job in the history needs).
       */
      input?: Record<string, unknown> | undefined;
    })
  | (JournalRecordBase & { state: 'submitted'; predictionId: string })
  | (JournalRecordBase & {
      state: 'completed';
      predictionId: string;
      /** Output URLs (they expire with the prediction, after 7 days). */
      outputs: string[];
      /** Where the outputs were saved, when the batch downloads them. */
      files?: string[] | undefined;
    })
  | (JournalRecordBase & {
      state: 'failed';
      predictionId?: string | undefined;
      error: { name: string; message: string; status?: string | undefined };
    });

/**
 * Where a batch keeps its records. `put` resolves only once the record would survive a crash
 * (a batch acts on a state change only after that). A Redis- or database-backed journal
 * implements the same four methods.
 *
 * @example
 * ```ts
 * const journal = await FileJournal.open('./jobs.journal.jsonl');
 * for await (const result of client.batch(jobs, { journal })) console.log(result.key, result.status);
 * await journal.close();
 * ```
 */
export interface Journal {
  /** The latest record of `key`, if any. */
  get(key: string): Promise<JournalRecord | undefined>;
  /** Records a state change, durably. */
  put(record: JournalRecord): Promise<void>;
  /** The latest record of every key. */
  list(): AsyncIterable<JournalRecord>;
  /** Releases what the journal holds (a file lock, a connection). */
  close(): Promise<void>;
}
