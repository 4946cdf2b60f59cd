import type { UploadSource } from '../core/upload-source.js';
import { APIResource } from './resource.js';

export type { UploadSource } from '../core/upload-source.js';

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

/**
 * `client.files`: uploads local files (paths, `file:` URLs, Blobs, Buffers, streams) to WaveSpeed
 * storage and returns their public URL, for model inputs that take media.
 *
 * @example
 * ```ts
 * const { url } = await client.files.upload('./cat.png', {
 *   onProgress: ({ loaded, total }) => console.log(loaded, total),
 * });
 * ```
 */
export class Files extends APIResource {
  /**
   * Uploads a file and resolves the URL to pass as a model input.
   *
   * The source may be a file path, a `file:` URL, a `Blob`/`File`, a `Buffer`/`Uint8Array`, a
   * web `ReadableStream` or a Node `Readable`. Files are streamed from disk, never read whole
   * into memory. Size limits (images 20 MB, video 100 MB, audio 50 MB, anything else 300 MB) are
   * checked before any request when the size is known; streams of unknown size are capped at
   * 200 MB while they are sent. Larger files must be hosted elsewhere and passed as a URL.
   *
   * Sources of known size use the API's upload ticket, then send the bytes straight to the
   * presigned storage URL (without the API key). When the API has no ticket endpoint (404/405)
   * or the size is unknown, the file goes as one streaming `multipart/form-data` request. Sends
   * of re-readable sources (paths, Blobs, bytes) are retried on connection errors and 5xx;
   * streams cannot be re-read, so they are not. A stream source is consumed, or destroyed when
   * the upload fails.
   *
   * @throws {ValidationError} for a missing, unreadable or too large file, before anything is sent.
   * @throws {RequestTimeoutError} when no byte moved for the client's `timeout`.
   * @throws {APIError} (and subclasses) when the API or storage rejects the upload.
   * @example
   * ```ts
   * const file = await client.files.upload(new URL('file:///tmp/clip.mp4'), {
   *   signal: AbortSignal.timeout(120_000),
   * });
   * const outputs = await client.run('some/video-model', { video: file.url });
   * ```
   */
  async upload(source: UploadSource, options: UploadOptions = {}): Promise<UploadedFile> {
    options.signal?.throwIfAborted();
    // The upload machinery loads on the first upload: most clients never send a file.
    const { uploadFile } = await import('../core/upload.js');
    return uploadFile(this._ctx.http, source, options);
  }
}
