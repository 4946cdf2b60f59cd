import { onAbort } from '../core/abort.js';
import { ValidationError } from '../core/errors.js';
import { jobKey } from '../core/job-key.js';
import type { ValidationIssue } from '../core/types.js';
import { isRecord } from '../core/util.js';
import { type BatchDeps, BatchJobRun, OwnedIds } from './job.js';
import { FileJournal, type Journal, MemoryJournal } from './journal.js';
import { keyIndex } from './packed-table.js';
import type { BatchJob, BatchOptions, BatchProgress, BatchResult } from './types.js';

// client.batch(): takes jobs from the list as slots free up (a million-line list is never held
// in memory), runs each through its journal record (job.ts), and yields results as jobs finish.
// Loaded on the first batch.

export type { BatchDeps } from './job.js';

/** See `BatchOptions.recoveryDelay`. */
const DEFAULT_RECOVERY_DELAY = 10_000;

/** What is wrong with one job's shape, found before anything is sent. */
function jobIssues(job: unknown, index: number): ValidationIssue[] {
  const at = `jobs[${index}]`;
  if (!isRecord(job)) return [{ path: at, message: 'expected { model, input }' }];
  const issues: ValidationIssue[] = [];
  if (typeof job.model !== 'string' || job.model === '') {
    issues.push({ path: `${at}.model`, message: 'expected a model id' });
  }
  if (!isRecord(job.input) || Array.isArray(job.input)) {
    issues.push({ path: `${at}.input`, message: 'expected an object' });
  }
  if (job.key !== undefined && (typeof job.key !== 'string' || job.key === '')) {
    issues.push({ path: `${at}.key`, message: 'expected a non-empty string' });
  }
  return issues;
}

function keyOf(job: BatchJob): string {
  return job.key ?? jobKey(job.model, job.input);
}

/** An array's problems (shapes, duplicate keys), all at once, before the first request. */
function checkArray(jobs: readonly unknown[]): void {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  for (const [index, job] of jobs.entries()) {
    const found = jobIssues(job, index);
    issues.push(...found);
    if (found.length > 0) continue;
    const key = keyOf(job as BatchJob);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else issues.push(duplicate(index, first, key));
  }
  if (issues.length > 0) throw ValidationError.fromIssues('Invalid batch', issues);
}

function duplicate(index: number, first: number, key: string): ValidationIssue {
  return {
    path: `jobs[${index}]`,
    message:
      `has the key of jobs[${first}] (${key}): the same model and input twice. Give each a ` +
      'distinct key if both should run.',
  };
}

function checkOptions(options: BatchOptions): number | undefined {
  const { concurrency, journal, download, recoveryDelay } = options;
  const issues: ValidationIssue[] = [];
  if (recoveryDelay !== undefined && !(Number.isFinite(recoveryDelay) && recoveryDelay >= 0)) {
    issues.push({ path: 'recoveryDelay', message: 'expected a number of ms ≥ 0' });
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    issues.push({ path: 'concurrency', message: 'expected a whole number ≥ 1' });
  }
  if (journal !== undefined && typeof journal !== 'string' && typeof journal?.put !== 'function') {
    issues.push({ path: 'journal', message: 'expected a path or a Journal' });
  }
  if (download !== undefined && (typeof download?.dir !== 'string' || download.dir === '')) {
    issues.push({ path: 'download.dir', message: 'expected a folder path' });
  }
  if (issues.length > 0) throw ValidationError.fromIssues('Invalid batch options', issues);
  return concurrency;
}

/**
 * Runs `jobs` with at most `concurrency` in flight, yielding each result as its job ends (in
 * finishing order). A job's failure is a result, never a throw; the iteration throws only for
 * what stops every job (bad options, a journal that cannot be written, an invalid key, no
 * balance) or the abort. Leaving the loop early stops the waits in progress; their jobs stay
 * recorded, so the next run resumes them.
 */
export async function* runBatch(
  deps: BatchDeps & { concurrency: number },
  jobs: Iterable<BatchJob> | AsyncIterable<BatchJob>,
  options: BatchOptions = {},
): AsyncGenerator<BatchResult, void, undefined> {
  const concurrency = checkOptions(options) ?? deps.concurrency;
  options.signal?.throwIfAborted();
  if (Array.isArray(jobs)) checkArray(jobs);
  const ownJournal = options.journal === undefined || typeof options.journal === 'string';
  const journal: Journal =
    typeof options.journal === 'string'
      ? new FileJournal(options.journal)
      : (options.journal ?? new MemoryJournal());
  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  const progress: BatchProgress = {
    done: 0,
    failed: 0,
    running: 0,
    queued: 0,
    total: Array.isArray(jobs) ? jobs.length : undefined,
  };
  const report = () => {
    try {
      options.onProgress?.({ ...progress });
    } catch {
      // A progress callback must not break the batch.
    }
  };
  const owned = new OwnedIds(journal);
  // Every key of the run (a 100,000-job run keeps 100,000): packed, not a Map of strings.
  const seen = keyIndex();
  const running = new Map<number, Promise<{ index: number; result?: BatchResult }>>();
  const ready: BatchResult[] = [];
  let fatal: { error: unknown } | undefined;
  const source = iteratorOf(jobs);
  let index = 0;
  let exhausted = false;

  const start = (job: BatchJob, at: number) => {
    let submitted = false;
    progress.queued += 1;
    // Each job gets its own signal: every request derives one from it (a timeout, a fetch), and a
    // signal living as long as the batch would hold those for 100,000 jobs.
    const own = new AbortController();
    const detach = onAbort(stop.signal, () => own.abort(stop.signal.reason));
    const run = new BatchJobRun({
      deps,
      journal,
      owned,
      options: {
        retryFailed: options.retryFailed === true,
        download: options.download,
        recoveryDelay: options.recoveryDelay ?? DEFAULT_RECOVERY_DELAY,
      },
      signal: own.signal,
      job,
      key: keyOf(job),
      index: at,
      onSubmitted: () => {
        if (submitted) return;
        submitted = true;
        progress.queued -= 1;
        progress.running += 1;
        report();
      },
    });
    const settle = (result: BatchResult) => {
      detach();
      if (submitted) progress.running -= 1;
      else progress.queued -= 1;
      if (result.status === 'completed') progress.done += 1;
      else progress.failed += 1;
      return { index: at, result };
    };
    running.set(
      at,
      run.run().then(settle, (error: unknown) => {
        detach();
        // A submit that was cut short still runs on the server: keep counting it as running.
        if (!submitted) progress.queued -= 1;
        fatal ??= { error };
        stop.abort(error);
        return { index: at };
      }),
    );
  };

  try {
    if (ownJournal && journal instanceof FileJournal) await journal.open();
    while (true) {
      while (
        !exhausted &&
        fatal === undefined &&
        !stop.signal.aborted &&
        running.size < concurrency
      ) {
        const next = await source.next();
        if (next.done === true) {
          exhausted = true;
          progress.total = index;
          report();
          break;
        }
        const at = index;
        index += 1;
        const job = next.value;
        const issues = jobIssues(job, at);
        const key = issues.length === 0 ? keyOf(job) : undefined;
        const first = key === undefined ? undefined : seen.get(key);
        if (key !== undefined && first !== undefined) issues.push(duplicate(at, first, key));
        if (issues.length > 0) {
          ready.push(
            invalid(job, at, key, ValidationError.fromIssues('Invalid batch job', issues)),
          );
          progress.failed += 1;
          report();
          continue;
        }
        if (key !== undefined) seen.add(key, at);
        start(job, at);
        report();
      }
      while (ready.length > 0) yield ready.shift() as BatchResult;
      if (running.size === 0) break;
      const { index: finished, result } = await Promise.race(running.values());
      running.delete(finished);
      if (fatal === undefined && result !== undefined) {
        report();
        yield result;
      }
    }
    if (fatal !== undefined) {
      report();
      throw fatal.error;
    }
    if (options.signal?.aborted) throw options.signal.reason;
  } finally {
    options.signal?.removeEventListener('abort', forward);
    // Leaving early (break, an error): stop the waits and let every job record where it is.
    if (running.size > 0) {
      stop.abort(options.signal?.reason ?? new Error('The batch was stopped'));
      await Promise.allSettled(running.values());
      report();
    }
    await source.return?.();
    if (ownJournal) await journal.close();
  }
}

/** The result of a job that could not be run as given. */
function invalid(job: unknown, index: number, key: string | undefined, error: ValidationError) {
  const model = isRecord(job) && typeof job.model === 'string' ? job.model : '';
  return {
    status: 'failed',
    key: key ?? `#${index}`,
    index,
    model,
    error: { name: error.name, message: error.message },
    cause: error,
    resumable: false,
    fromJournal: false,
  } satisfies BatchResult;
}

function iteratorOf<T>(jobs: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  if (Symbol.asyncIterator in jobs) return jobs[Symbol.asyncIterator]();
  return jobs[Symbol.iterator]();
}
