import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';

// Saving a job's outputs: each streamed to a temporary name and renamed when whole, so a crash
// mid-download never leaves a file that looks finished.

/** The extension of an output URL (`.png`), or `.bin` when it has none. */
function extensionOf(url: string): string {
  try {
    const ext = extname(new URL(url).pathname);
    return /^\.[a-z0-9]{1,5}$/i.test(ext) ? ext.toLowerCase() : '.bin';
  } catch {
    return '.bin';
  }
}

/**
 * Downloads `outputs` (URLs; other outputs, such as text, are skipped) into `dir` as
 * `<name>-<index><ext>` and returns the paths. No API key is sent: output URLs are public.
 *
 * @example
 * ```ts
 * const files = await saveOutputs(done.outputs, './out', job.id); // ['out/abc-0.png']
 * ```
 */
export async function saveOutputs(
  outputs: readonly string[],
  dir: string,
  name: string,
  signal?: AbortSignal,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const [index, url] of outputs.entries()) {
    if (!/^https?:\/\//i.test(url)) continue;
    const path = join(dir, `${name}-${index}${extensionOf(url)}`);
    const partial = `${path}.part`;
    const response = await fetch(url, signal === undefined ? {} : { signal });
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`Downloading output ${index} failed: HTTP ${response.status} for ${url}`);
    }
    try {
      await pipeline(
        Readable.fromWeb(response.body as unknown as NodeWebStream<Uint8Array>),
        createWriteStream(partial),
      );
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    files.push(path);
  }
  return files;
}
