import { randomUUID } from 'node:crypto';

/**
 * What to put in a single-file `multipart/form-data` body.
 */
export interface MultipartFilePart {
  /** Form field name. @default 'file' */
  fieldName?: string;
  /** File name sent in `Content-Disposition`. */
  filename: string;
  /** MIME type of the file part. */
  contentType: string;
  /** The file bytes; read once, chunk by chunk. */
  stream: ReadableStream<Uint8Array>;
  /** Byte length of `stream` when known; enables an exact `Content-Length`. */
  size?: number;
  /** Fixed boundary (tests); a random one is used otherwise. */
  boundary?: string;
}

/**
 * A streaming multipart body ready to hand to `fetch`.
 */
export interface MultipartBody {
  /** The encoded body: part header, the file bytes as they arrive, closing boundary. */
  body: ReadableStream<Uint8Array>;
  /** `multipart/form-data; boundary=…` for the request's `Content-Type`. */
  contentType: string;
  /** Total encoded length when the file size is known, else `undefined` (chunked upload). */
  contentLength: number | undefined;
  /** The boundary used. */
  boundary: string;
}

const encoder = new TextEncoder();

/**
 * Escapes a form field or file name the way browsers do (WHATWG multipart encoding), so a name
 * containing quotes or line breaks cannot break out of the `Content-Disposition` header.
 *
 * @example
 * ```ts
 * escapeDispositionValue('a"b.png'); // 'a%22b.png'
 * ```
 */
export function escapeDispositionValue(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/**
 * Builds a `multipart/form-data` body with one file part that streams the file through instead
 * of buffering it, so uploads of any size use constant memory. When `size` is given the exact
 * `Content-Length` is computed, letting servers that reject chunked bodies accept it.
 *
 * @example
 * ```ts
 * const blob = new Blob(['hello'], { type: 'text/plain' });
 * const mp = createMultipartBody({ filename: 'a.txt', contentType: blob.type, stream: blob.stream(), size: blob.size });
 * mp.contentLength; // bytes of the whole encoded body
 * ```
 */
export function createMultipartBody(part: MultipartFilePart): MultipartBody {
  const boundary = part.boundary ?? `----wavespeed${randomUUID().replace(/-/g, '')}`;
  const fieldName = escapeDispositionValue(part.fieldName ?? 'file');
  const filename = escapeDispositionValue(part.filename);
  const contentType = part.contentType.replace(/[\r\n]/g, '');
  const head = encoder.encode(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${fieldName}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const reader = part.stream.getReader();
  let stage: 'head' | 'file' | 'done' = 'head';

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (stage === 'head') {
          stage = 'file';
          controller.enqueue(head);
          return;
        }
        if (stage === 'done') return;
        const { done, value } = await reader.read();
        if (done) {
          stage = 'done';
          controller.enqueue(tail);
          controller.close();
          return;
        }
        controller.enqueue(value);
      },
      async cancel(reason) {
        stage = 'done';
        await reader.cancel(reason);
      },
    },
    // Pull only when the consumer asks, so nothing is read ahead of the socket.
    { highWaterMark: 0 },
  );

  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength:
      part.size === undefined ? undefined : head.byteLength + part.size + tail.byteLength,
    boundary,
  };
}
