import { lazy } from '../../core/util.js';
import type { UploadedFile, UploadOptions, UploadSource } from './types.js';
import type { UploadDeps } from './upload.js';

// `client.files`. The upload machinery (upload.ts, source.ts, multipart.ts) loads on the first
// upload: most clients never send a file.

const loadUpload = lazy(() => import('./upload.js'));

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
export class Files {
  readonly #deps: UploadDeps;

  constructor(deps: UploadDeps) {
    this.#deps = deps;
  }

  /**
   * Uploads a file and resolves the URL to pass as a model input.
   *
   * The source may be a file path, a `file:` URL, a `Blob`/`File`, a `Buffer`/`Uint8Array`, a
   * web `ReadableStream` or a Node `Readable`. Files are streamed from disk, never read whole
   * into memory. The API documents one limit — over 300 MB, pass a URL instead — so a larger
   * file, or one over your own `maxBytes`, is refused before any request (a stream of unknown
   * size, as soon as it passes the limit). Per-type sizes one docs page lists (images 20 MB,
   * video 100 MB, audio 50 MB) are unconfirmed: a file over one is sent, with a logged warning.
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
    const { uploadFile } = await loadUpload();
    return uploadFile(this.#deps, source, options);
  }
}
