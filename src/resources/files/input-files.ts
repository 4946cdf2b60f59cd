import { ValidationError } from '../../core/errors.js';
import {
  type InputFile,
  inputTooDeep,
  isPlainObject,
  isUploadable,
  MAX_INPUT_DEPTH,
} from './input-scan.js';

// The upload half: loaded on first use (see input-scan.ts), so inputs without files never pay
// for it.
export { hasInputFiles, type InputFile } from './input-scan.js';

/**
 * Uploads one input file and resolves its public URL; `files.upload` fits this shape.
 */
export type InputFileUploader = (
  file: InputFile,
  options: { signal?: AbortSignal },
) => Promise<{ url: string }>;

/**
 * Options for {@link uploadInputFiles}.
 */
export interface UploadInputFilesOptions {
  /** Uploads in flight at once. @default 4 */
  concurrency?: number;
  /** Aborts the pending uploads; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface UploadTask {
  file: InputFile;
  url?: string;
}

/** One task per distinct file: the same object twice, or two `file:` URLs with one href, upload once. */
class TaskSet {
  readonly tasks: UploadTask[] = [];
  private readonly byIdentity = new Map<object, UploadTask>();
  private readonly byHref = new Map<string, UploadTask>();

  add(file: InputFile): void {
    this.find(file) ?? this.create(file);
  }

  find(file: InputFile): UploadTask | undefined {
    return file instanceof URL ? this.byHref.get(file.href) : this.byIdentity.get(file);
  }

  private create(file: InputFile): void {
    const task: UploadTask = { file };
    this.tasks.push(task);
    if (file instanceof URL) this.byHref.set(file.href, task);
    else this.byIdentity.set(file, task);
  }
}

function collect(value: unknown, tasks: TaskSet, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isUploadable(value)) {
    tasks.add(value);
    return true;
  }
  if (value instanceof URL) return true;
  if (depth >= MAX_INPUT_DEPTH) throw inputTooDeep();
  let changes = false;
  if (Array.isArray(value)) {
    for (const item of value) changes = collect(item, tasks, depth + 1) || changes;
  } else if (isPlainObject(value)) {
    for (const key in value) {
      if (Object.hasOwn(value, key)) changes = collect(value[key], tasks, depth + 1) || changes;
    }
  }
  return changes;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named "__proto__" must stay a plain data key.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Rebuilds only the containers on a path to a replaced value; untouched branches are shared. */
function substitute(value: unknown, tasks: TaskSet): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isUploadable(value)) return tasks.find(value)?.url;
  if (value instanceof URL) return value.href;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const next = substitute(item, tasks);
      if (next !== item) {
        copy ??= value.slice();
        copy[index] = next;
      }
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    const next = substitute(item, tasks);
    if (next !== item) {
      copy ??= { ...value };
      setOwn(copy, key, next);
    }
  }
  return copy ?? value;
}

async function runPool(
  tasks: UploadTask[],
  upload: InputFileUploader,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  // One failure stops the others: their uploads would be wasted work the caller never sees.
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      combined.throwIfAborted();
      const task = tasks[next++] as UploadTask;
      const result = await upload(task.file, { signal: combined });
      if (typeof result?.url !== 'string' || result.url === '') {
        throw new ValidationError('The uploader returned no URL for an input file.');
      }
      task.url = result.url;
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, tasks.length) }, () =>
    worker().catch((error: unknown) => {
      stop.abort(error);
      throw error;
    }),
  );
  try {
    await Promise.all(workers);
  } catch (error) {
    // Prefer the caller's abort reason over whichever worker noticed it first.
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    // Let every worker settle so no upload keeps running after the call has returned.
    await Promise.allSettled(workers);
  }
}

/**
 * Uploads every `Blob`, `Uint8Array`/`Buffer` and `file:` URL found in a model input (inside
 * plain objects and arrays; other class instances are left alone) and returns a new input with
 * each replaced by its uploaded URL. Other `URL` objects become their `href` string. Each distinct
 * value uploads once (same object, or same `file:` href), with at most `concurrency` uploads in
 * flight. The input itself is never mutated, and plain strings are never treated as file paths.
 * When nothing needs replacing the input is returned as it is.
 *
 * @throws {ValidationError} for `concurrency` < 1 or an input nested deeper than 64 levels; the
 * first failed upload's error otherwise (the remaining uploads are aborted).
 * @example
 * ```ts
 * const input = { image: new URL('file:///tmp/cat.png'), mask: maskBuffer, prompt: 'A cat' };
 * const ready = await uploadInputFiles(input, (file, o) => client.files.upload(file, o));
 * // ready = { image: 'https://…/cat.png', mask: 'https://…/file.png', prompt: 'A cat' }
 * ```
 */
export async function uploadInputFiles<T>(
  input: T,
  upload: InputFileUploader,
  options: UploadInputFilesOptions = {},
): Promise<T> {
  const { concurrency = 4, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError(
      `concurrency must be a whole number ≥ 1 (got ${String(concurrency)}).`,
    );
  }
  signal?.throwIfAborted();
  const tasks = new TaskSet();
  if (!collect(input, tasks, 0)) return input;
  await runPool(tasks.tasks, upload, concurrency, signal);
  return substitute(input, tasks) as T;
}
