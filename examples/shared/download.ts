// Saves an output URL to disk. Output URLs are public (CDN) links: they need no API key, and the
// file is streamed to disk, not buffered, so a long video costs no memory.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'video/mp4': '.mp4',
  'video/webm': '.webm',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/mpeg': '.mp3',
  'model/gltf-binary': '.glb',
};

/** Downloads `url` to `<dir>/<name><ext>` and returns the path; the extension comes from the server. */
export async function download(url: string, dir: string, name: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) {
    throw new Error(`Download of ${url} failed with HTTP ${response.status}`);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const ext = EXTENSIONS[type] ?? (extname(new URL(url).pathname) || '.bin');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}${ext}`);
  await pipeline(
    Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
    createWriteStream(path),
  );
  return path;
}
