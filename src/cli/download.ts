import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { DownloadError } from './errors.js';

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

/**
 * Options for {@link downloadOutputs}.
 */
export interface DownloadOptions {
  signal?: AbortSignal;
  /** Called before each file starts (progress display). */
  onFile?: (index: number, total: number) => void;
  /** Custom fetch (tests). */
  fetch?: typeof fetch;
}

/**
 * Saves a prediction's outputs into `dir` as `<id>-<index>.<ext>` and returns the paths.
 * Output URLs are plain files on a CDN: they are fetched without any Authorization header.
 * Outputs that are not URLs (text models, base64) are written as they are: `data:` URIs decoded,
 * other text as `.txt`. A failed download removes its partial file.
 */
export async function downloadOutputs(
  id: string,
  outputs: readonly unknown[],
  dir: string,
  options: DownloadOptions = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [index, output] of outputs.entries()) {
    options.onFile?.(index, outputs.length);
    paths.push(await downloadOne(id, index, output, dir, options));
  }
  return paths;
}

async function downloadOne(
  id: string,
  index: number,
  output: unknown,
  dir: string,
  options: DownloadOptions,
): Promise<string> {
  const base = join(dir, `${id}-${index}`);
  if (typeof output !== 'string') {
    const path = `${base}.json`;
    await writeFile(path, `${JSON.stringify(output, null, 2)}\n`);
    return path;
  }
  const data = /^data:([^;,]*)(;base64)?,/i.exec(output);
  if (data) {
    const path = `${base}.${extensionFor(data[1], '')}`;
    const payload = output.slice(data[0].length);
    await writeFile(
      path,
      data[2] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload)),
    );
    return path;
  }
  if (!/^https?:\/\//i.test(output)) {
    const path = `${base}.txt`;
    await writeFile(path, output);
    return path;
  }
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(output, { redirect: 'follow', signal: options.signal ?? null });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DownloadError(`Could not download output ${index} of ${id}: ${reason(error)}`, id);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError(
      `Could not download output ${index} of ${id}: the file host answered HTTP ${response.status}`,
      id,
    );
  }
  const path = `${base}.${extensionFor(response.headers.get('content-type'), output)}`;
  try {
    await pipeline(
      Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
      createWriteStream(path),
      options.signal ? { signal: options.signal } : {},
    );
  } catch (error) {
    await rm(path, { force: true });
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DownloadError(`Could not save output ${index} of ${id}: ${reason(error)}`, id);
  }
  return path;
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
