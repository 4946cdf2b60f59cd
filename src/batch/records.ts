// The records a batch journal keeps and the interface every journal implements. The interface is
// small on purpose: a file (FileJournal), memory (MemoryJournal) or a shared store such as Redis
// implement it.

/** What every journal record holds. */
export interface JournalRecordBase {
  /** The job's key. */
  key: string;
  /** The job's model. */
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
  | (JournalRecordBase & {
      /** Submitted: the API answered with the prediction's id. */
      state: 'submitted';
      /** The prediction the submit created. */
      predictionId: string;
    })
  | (JournalRecordBase & {
      /** Finished with outputs. */
      state: 'completed';
      /** The prediction. */
      predictionId: string;
      /** Output URLs (they expire with the prediction, after 7 days). */
      outputs: string[];
      /** Where the outputs were saved, when the batch downloads them. */
      files?: string[] | undefined;
    })
  | (JournalRecordBase & {
      /** Over without outputs: the prediction failed, or the input was refused. */
      state: 'failed';
      /** The prediction, when one was created. */
      predictionId?: string | undefined;
      /** What went wrong. */
      error: {
        /** The error class, e.g. `PredictionFailedError`. */
        name: string;
        /** Its message. */
        message: string;
        /** The prediction's status, when it has one. */
        status?: string | undefined;
      };
    });

/**
 * Where a batch keeps its records. `put` resolves only once the record would survive a crash
 * (a batch acts on a state change only after that). A Redis- or database-backed journal
 * implements the same four methods.
 *
 * @example
 * ```ts
 * const journal = new FileJournal('./jobs.journal.jsonl');
 * for await (const result of client.batch(jobs, { journal })) console.log(result.key, result.status);
 * await journal.close();
 * ```
 */
export interface Journal {
  /**
   * The latest record of `key`, if any.
   *
   * @example
   * ```ts
   * const record = await journal.get('shot-12');
   * if (record?.state === 'submitted') await client.predictions.wait(record.predictionId);
   * ```
   */
  get(key: string): Promise<JournalRecord | undefined>;
  /**
   * Records a state change; resolves once it would survive a crash. A batch calls it before it
   * acts on the change.
   *
   * @example
   * ```ts
   * await journal.put({ key: 'shot-12', state: 'intent', model, inputHash, at: Date.now() });
   * ```
   */
  put(record: JournalRecord): Promise<void>;
  /**
   * The latest record of every key.
   *
   * @example
   * ```ts
   * for await (const record of journal.list()) {
   *   if (record.state === 'failed') console.log(record.key, record.error.message);
   * }
   * ```
   */
  list(): AsyncIterable<JournalRecord>;
  /**
   * Releases what the journal holds (a file lock, a connection).
   *
   * @example
   * ```ts
   * await journal.close(); // another process may now run the batch
   * ```
   */
  close(): Promise<void>;
}
