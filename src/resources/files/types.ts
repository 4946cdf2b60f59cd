import type { Readable } from 'node:stream';

// The types of `client.files`, apart from the code so that every file of the upload pipeline can
// use them without importing another.

/**
 * Anything `files.upload` accepts: a file path, a `file:` URL, a `Blob`/`File`, a
 * `Buffer`/`Uint8Array`, a web `ReadableStream` or a Node `Readable`.
 *
 * @example
 * ```ts
 * const sources: UploadSource[] = ['./cat.png', new URL('file:///tmp/cat.png'), new Blob([bytes]),
 *   bytes, createReadStream('./cat.png')];
 * ```
 */
export type UploadSource =
  | string
  | URL
  | Blob
  | Uint8Array
  | ReadableStream<Uint8Array>
  | Readable
  | NodeJS.ReadableStream;

/**
 * How far an upload has got.
 *
 * @example
 * ```ts
 * const onProgress = ({ loaded, total }: UploadProgress) =>
 *   console.log(total ? `${Math.round((100 * loaded) / total)}%` : `${loaded} bytes`);
 * ```
 */
export interface UploadProgress {
  /** Bytes of the file sent so far; never decreases, even across a retried send. */
  loaded: number;
  /** Size of the file in bytes, when known (not for plain streams). */
  total?: number;
}

/**
 * Options of {@link Files.upload}.
 *
 * @example
 * ```ts
 * const options: UploadOptions = { filename: 'cat.png', onProgress: (p) => console.log(p.loaded) };
 * ```
 */
export interface UploadOptions {
  /** File name sent to the API; default: the path's or `File`'s name, else `file.<ext>`. */
  filename?: string;
  /** MIME type; default: from the Blob type, the file extension or the bytes' signature. */
  contentType?: string;
  /** Aborts the upload at any stage (ticket, send, reading the file); rejects with its reason. */
  signal?: AbortSignal;
  /** Called as bytes are sent (throttled to about 20 calls a second, plus the final one). */
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * A file stored by WaveSpeed, ready to pass as a model input.
 *
 * @example
 * ```ts
 * const file: UploadedFile = await client.files.upload('./cat.png');
 * await client.run('wavespeed-ai/flux-kontext-dev', { image: file.url, prompt: 'Make it snowy' });
 * ```
 */
export interface UploadedFile {
  /** Public URL of the stored file (the API's `download_url`). */
  url: string;
  /** File name as stored. */
  filename: string;
  /** Size in bytes. */
  size: number;
  /** MIME type it was uploaded with. */
  contentType: string;
  /** The API's classification (`image`, `video`, `audio` …), when it sends one. */
  type?: string;
}
