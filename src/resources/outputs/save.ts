import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { DownloadError } from '../../core/errors.js';

// Saving outputs to disk: each file is written under a temporary name and renamed when whole, so a
// crash mid-download never leaves a file that looks finished. Loaded by saveOutputs() on first use.

/**
 * Options of `saveOutputs`.
 */
export interface SaveOutputsOptions {
  /** File name stem: outputs are saved as `<name>-<index>.<ext>` (unsafe characters become `_`). */
  name: string;
  /** The prediction the outputs belong to, kept on a `DownloadError`. */
  predictionId?: string | undefined;
  /** Aborts the downloads; the call rejects with `signal.reason` and leaves no partial file. */
  signal?: AbortSignal | undefined;
  /** Called before each output is saved. */
  onFile?: ((index: number, total: number) => void) | undefined;
  /** The fetch to download with. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'image/svg+xml': 'svg',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'video/x-msvideo': 'avi',
  'video/x-matroska': 'mkv',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/opus': 'opus',
  'model/gltf-binary': 'glb',
  'model/gltf+json': 'gltf',
  'model/obj': 'obj',
  'model/stl': 'stl',
  'application/zip': 'zip',
  'application/json': 'json',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/**
 * The file extension for a downloaded output: from the `Content-Type` when it names a known
 * media type, else from the URL's path, else `bin`.
 *
 * @example
 * ```ts
 * extensionFor('image/png; charset=binary', 'https://cdn.example/out'); // 'png'
 * extensionFor('application/octet-stream', 'https://cdn.example/a/0.mp4?sig=x'); // 'mp4'
 * ```
 */
export function extensionFor(contentType: string | null | undefined, url: string): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const known = EXTENSIONS[type];
  if (known) return known;
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not a URL: use the text as a path.
  }
  const fromPath = /\.([a-z0-9]{1,5})$/i.exec(path)?.[1];
  if (fromPath) {
    const ext = fromPath.toLowerCase();
    return ext === 'jpeg' ? 'jpg' : ext;
  }
  return 'bin';
}

/** A file stem that is safe on every file system: `[A-Za-z0-9._-]`, at most 100 characters. */
export function safeStem(name: string): string {
  const stem = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  return stem === '' ? 'output' : stem;
}

/** See `saveOutputs` in ./index.ts. */
export async function save(
  outputs: readonly unknown[],
  dir: string,
  options: SaveOutputsOptions,
): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new DownloadError(`Cannot create the folder ${dir}: ${reason(error)}`, {
      predictionId: options.predictionId,
      cause: error,
    });
  }
  const paths: string[] = [];
  for (const [index, output] of outputs.entries()) {
    options.signal?.throwIfAborted();
    options.onFile?.(index, outputs.length);
    paths.push(
      await saveOne(index, output, join(dir, `${safeStem(options.name)}-${index}`), options),
    );
  }
  return paths;
}

/** Writes `path` whole or not at all: the data goes to `<path>.part`, renamed when complete. */
async function writeWhole(
  path: string,
  write: (partial: string) => Promise<void>,
  options: SaveOutputsOptions,
  index: number,
  url?: string,
): Promise<string> {
  const partial = `${path}.part`;
  try {
    await write(partial);
    await rename(partial, path);
    return path;
  } catch (error) {
    await rm(partial, { force: true });
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`Could not save output ${index} to ${path}: ${reason(error)}`, {
      predictionId: options.predictionId,
      url,
      cause: error,
    });
  }
}

async function saveOne(
  index: number,
  output: unknown,
  base: string,
  options: SaveOutputsOptions,
): Promise<string> {
  if (typeof output !== 'string') {
    const text = `${JSON.stringify(output, null, 2)}\n`;
    return writeWhole(`${base}.json`, (partial) => writeFile(partial, text), options, index);
  }
  const data = /^data:([^;,]*)(;base64)?,/i.exec(output);
  if (data) {
    const payload = output.slice(data[0].length);
    const bytes = data[2]
      ? Buffer.from(payload, 'base64')
      : Buffer.from(decodeURIComponent(payload));
    const path = `${base}.${extensionFor(data[1], '')}`;
    return writeWhole(path, (partial) => writeFile(partial, bytes), options, index);
  }
  if (!/^https?:\/\//i.test(output)) {
    return writeWhole(`${base}.txt`, (partial) => writeFile(partial, output), options, index);
  }
  const failed = (why: string, cause?: unknown) =>
    new DownloadError(`Could not download output ${index}${of(options)}: ${why}`, {
      predictionId: options.predictionId,
      url: output,
      cause,
    });
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(output, {
      redirect: 'follow',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw failed(reason(error), error);
  }
  const body = response.body;
  if (!response.ok || body === null) {
    await body?.cancel().catch(() => undefined);
    throw failed(`the file host answered HTTP ${response.status}`);
  }
  const path = `${base}.${extensionFor(response.headers.get('content-type'), output)}`;
  return writeWhole(
    path,
    (partial) =>
      pipeline(
        Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
        createWriteStream(partial),
        options.signal ? { signal: options.signal } : {},
      ),
    options,
    index,
    output,
  );
}

function of(options: SaveOutputsOptions): string {
  return options.predictionId === undefined ? '' : ` of ${options.predictionId}`;
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
