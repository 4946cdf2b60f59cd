import { createReadStream, type ReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../core/errors.js';
import {
  contentTypeFromFilename,
  DEFAULT_CONTENT_TYPE,
  extensionForContentType,
  sniffContentType,
} from './mime.js';
import type { UploadSource } from './types.js';

// Turning what the user passed (a path, a file: URL, a Blob, bytes, a stream) into a named,
// typed, sized body that is read only when sent.

/**
 * An upload source resolved to what the upload needs: name, type, size and a way to read it.
 */
export interface ResolvedUpload {
  /** Which kind of source it was. */
  kind: 'path' | 'blob' | 'bytes' | 'web-stream' | 'node-stream';
  /** How to name the source in messages (the path, or `"Blob"`, `"stream"` …). */
  label: string;
  /** File name sent to the API. */
  filename: string;
  /** MIME type sent to the API. */
  contentType: string;
  /** Size in bytes, `undefined` for a stream of unknown length. */
  size: number | undefined;
  /** Whether {@link ResolvedUpload.open} can be called again (so a failed send can be retried). */
  replayable: boolean;
  /**
   * Opens the bytes as a web stream that reads on demand. `signal` aborting destroys the
   * underlying Node stream, closing any file descriptor. One-shot sources throw when opened twice.
   */
  open(signal?: AbortSignal): ReadableStream<Uint8Array>;
  /** Releases a source that will not be read (destroys an unopened Node stream). */
  discard(reason?: unknown): void;
}

/**
 * Options that override what is inferred from the source.
 */
export interface ResolveUploadOptions {
  /** File name to send; default: the path's or `File`'s name, else `file.<ext>`. */
  filename?: string;
  /** MIME type to send; default: from the Blob type, the extension or the bytes. */
  contentType?: string;
}

/** Chunk size for reading files and slicing buffers: big enough for throughput, small for memory. */
const CHUNK = 256 * 1024;

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

function isNodeReadable(value: unknown): value is Readable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Readable).pipe === 'function' &&
    typeof (value as Readable).on === 'function' &&
    typeof (value as Readable)[Symbol.asyncIterator] === 'function'
  );
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  throw new ValidationError('The upload stream produced a chunk that is not bytes or a string.');
}

/**
 * Wraps a Node `Readable` as a web stream that pulls one chunk per read, so nothing is buffered
 * beyond the Node stream's own high-water mark. Cancelling, or `signal` aborting, destroys the
 * Node stream (closing its file descriptor).
 */
export function nodeToWebStream(
  readable: Readable,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const onAbort = (): void => {
    readable.destroy(signal?.reason instanceof Error ? signal.reason : undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
  if (signal?.aborted) onAbort();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) {
            cleanup();
            controller.close();
          } else {
            controller.enqueue(toBytes(value));
          }
        } catch (error) {
          cleanup();
          controller.error(signal?.aborted ? signal.reason : error);
        }
      },
      async cancel() {
        cleanup();
        readable.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

function bytesToStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        // Views, not copies: the caller's buffer is only read.
        controller.enqueue(bytes.subarray(offset, offset + CHUNK));
        offset += CHUNK;
      },
    },
    { highWaterMark: 0 },
  );
}

function defaultFilename(contentType: string): string {
  return `file.${extensionForContentType(contentType)}`;
}

function pickContentType(
  options: ResolveUploadOptions,
  filename: string | undefined,
  fallback?: string,
): string {
  return (
    options.contentType ||
    (filename ? contentTypeFromFilename(filename) : undefined) ||
    fallback ||
    DEFAULT_CONTENT_TYPE
  );
}

async function statFile(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ValidationError(
        `File not found: ${path}. Check the path (relative paths resolve from ${process.cwd()}).`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ValidationError(
        `Cannot read ${path}: permission denied. Check the file's permissions.`,
      );
    }
    throw new ValidationError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  if (info.isDirectory()) {
    throw new ValidationError(`${path} is a directory; pass the path of a file to upload.`);
  }
  if (!info.isFile()) {
    throw new ValidationError(`${path} is not a regular file; pass the path of a file to upload.`);
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new ValidationError(
      `Cannot read ${path}: permission denied. Check the file's permissions.`,
    );
  }
  return info.size;
}

async function fromPath(path: string, options: ResolveUploadOptions): Promise<ResolvedUpload> {
  const size = await statFile(path);
  const filename = options.filename || basename(path);
  return {
    kind: 'path',
    label: path,
    filename,
    contentType: pickContentType(options, filename),
    size,
    replayable: true,
    open: (signal) => nodeToWebStream(createReadStream(path, { highWaterMark: CHUNK }), signal),
    discard: () => {},
  };
}

function fromBlob(blob: Blob, options: ResolveUploadOptions): ResolvedUpload {
  const ownName = typeof File !== 'undefined' && blob instanceof File ? blob.name : undefined;
  const contentType =
    options.contentType || blob.type || pickContentType(options, options.filename || ownName);
  return {
    kind: 'blob',
    label: ownName || 'Blob',
    filename: options.filename || ownName || defaultFilename(contentType),
    contentType,
    size: blob.size,
    replayable: true,
    open: () => blob.stream(),
    discard: () => {},
  };
}

function fromBytes(bytes: Uint8Array, options: ResolveUploadOptions): ResolvedUpload {
  const contentType = pickContentType(options, options.filename, sniffContentType(bytes));
  return {
    kind: 'bytes',
    label: 'Buffer',
    filename: options.filename || defaultFilename(contentType),
    contentType,
    size: bytes.byteLength,
    replayable: true,
    open: () => bytesToStream(bytes),
    discard: () => {},
  };
}

function oneShot(
  kind: 'web-stream' | 'node-stream',
  label: string,
  filename: string,
  contentType: string,
  size: number | undefined,
  openOnce: (signal?: AbortSignal) => ReadableStream<Uint8Array>,
  discard: (reason?: unknown) => void,
): ResolvedUpload {
  let opened = false;
  return {
    kind,
    label,
    filename,
    contentType,
    size,
    replayable: false,
    open(signal) {
      if (opened)
        throw new ValidationError(`The ${label} was already read; a stream can be uploaded once.`);
      opened = true;
      return openOnce(signal);
    },
    discard(reason) {
      if (!opened) {
        opened = true;
        discard(reason);
      }
    },
  };
}

function fromWebStream(
  stream: ReadableStream<Uint8Array>,
  options: ResolveUploadOptions,
): ResolvedUpload {
  if (stream.locked) {
    throw new ValidationError(
      'The ReadableStream is locked (already being read); pass an unread stream.',
    );
  }
  const contentType = pickContentType(options, options.filename);
  return oneShot(
    'web-stream',
    'stream',
    options.filename || defaultFilename(contentType),
    contentType,
    undefined,
    (signal) => {
      if (!signal) return stream;
      // Cancel the source on abort so whoever produces it stops promptly.
      const onAbort = (): void => void stream.cancel(signal.reason).catch(() => {});
      const reader = stream.getReader();
      signal.addEventListener('abort', onAbort, { once: true });
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              const { done, value } = await reader.read();
              if (done) {
                signal.removeEventListener('abort', onAbort);
                controller.close();
              } else controller.enqueue(toBytes(value));
            } catch (error) {
              signal.removeEventListener('abort', onAbort);
              controller.error(signal.aborted ? signal.reason : error);
            }
          },
          async cancel(reason) {
            signal.removeEventListener('abort', onAbort);
            await reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
    },
    (reason) => void stream.cancel(reason).catch(() => {}),
  );
}

async function fromNodeStream(
  readable: Readable,
  options: ResolveUploadOptions,
): Promise<ResolvedUpload> {
  // fs.createReadStream() knows its file: use its name, and its size when it reads it whole.
  const fsStream = readable as Partial<ReadStream> & { start?: number; end?: number };
  const path =
    typeof fsStream.path === 'string'
      ? fsStream.path
      : fsStream.path instanceof Buffer
        ? fsStream.path.toString('utf8')
        : undefined;
  let size: number | undefined;
  const wholeFile =
    fsStream.start === undefined && (fsStream.end === undefined || fsStream.end === Infinity);
  if (path && wholeFile && !fsStream.bytesRead) {
    size = await stat(path).then(
      (info) => (info.isFile() ? info.size : undefined),
      () => undefined,
    );
  }
  const filename = options.filename || (path ? basename(path) : undefined);
  const contentType = pickContentType(options, filename);
  return oneShot(
    'node-stream',
    path ?? 'stream',
    filename || defaultFilename(contentType),
    contentType,
    size,
    (signal) => nodeToWebStream(readable, signal),
    (reason) => readable.destroy(reason instanceof Error ? reason : undefined),
  );
}

/**
 * Turns any supported upload source into a {@link ResolvedUpload}: a path or `file:` URL is
 * `stat`ed (missing, directory and unreadable files fail here, before any request), the name
 * and content type are inferred (options first, then the `File`/path name, the Blob type, the
 * extension, the bytes' signature), and the size is known for everything but plain streams.
 * Nothing is read yet.
 *
 * @throws {ValidationError} for a missing, unreadable or non-regular file, a non-`file:` URL,
 * a locked stream, or an unsupported value.
 * @example
 * ```ts
 * const file = await resolveUploadSource(new URL('file:///tmp/cat.png'));
 * file.size; // bytes, from stat
 * file.contentType; // 'image/png'
 * ```
 */
export async function resolveUploadSource(
  source: UploadSource,
  options: ResolveUploadOptions = {},
): Promise<ResolvedUpload> {
  if (typeof source === 'string') {
    if (source === '')
      throw new ValidationError('The file path is empty; pass the path of a file.');
    return fromPath(resolve(source), options);
  }
  if (source instanceof URL) {
    if (source.protocol !== 'file:') {
      throw new ValidationError(
        `Only file: URLs can be uploaded (got ${source.protocol}). Pass an http(s) URL to the model input directly.`,
      );
    }
    return fromPath(fileURLToPath(source), options);
  }
  if (source instanceof Blob) return fromBlob(source, options);
  if (source instanceof Uint8Array) return fromBytes(source, options);
  if (isWebStream(source)) return fromWebStream(source, options);
  if (isNodeReadable(source)) return fromNodeStream(source, options);
  throw new ValidationError(
    'Unsupported upload source: pass a file path, a file: URL, a Blob, a Buffer/Uint8Array or a readable stream.',
  );
}
