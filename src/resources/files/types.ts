import type { Readable } from 'node:stream';

// The types of `client.files`, apart from the code so that every file of the upload pipeline can
// use them without importing another.

/**
 * Anything `files.upload` accepts: a file path, a `file:` URL, a `Blob`/`File`, a
 * `Buffer`/`Uint8Array`, a web `ReadableStream` or a Node `Readable`.
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
 */
export interface UploadProgress {
  /** Bytes of the file sent so far; never decreases, even across a retried send. */
  loaded: number;
  /** Size of the file in bytes, when known (not for plain streams). */
  total?: number;
}

/**
 * Options of {@link Files.upload}.
 */
export interface UploadOptions {
  /** File name sent to the API; default: the path's or `File`'s name, else `file.<ext>`. */
  filename?: string;
  /** MIME type; default: from the Blob type, the file extension or the bytes' signature. */
  contentType?: string;
  /** Aborts the upload at any stage (ticket, send, reading the file); rejects with its reason. */
  signal?: AbortSignal;
  /**
   * Your own hard cap in bytes: a larger file is refused before anything is sent (a stream, as
   * soon as it passes it). The API's documented maximum (300 MB) applies either way.
   */
  maxBytes?: number;
  /** Called as bytes are sent (throttled to about 20 calls a second, plus the final one). */
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * A file stored by WaveSpeed, ready to pass as a model input.
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
