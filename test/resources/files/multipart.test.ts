import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMultipartBody,
  escapeDispositionValue,
} from '../../../src/resources/files/multipart.js';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('createMultipartBody', () => {
  it('encodes one file part exactly, with the computed Content-Length', async () => {
    const bytes = new TextEncoder().encode('hello');
    const mp = createMultipartBody({
      filename: 'a.txt',
      contentType: 'text/plain',
      stream: streamOf([bytes]),
      size: bytes.byteLength,
      boundary: 'XyZ',
    });
    const body = new TextDecoder().decode(await collect(mp.body));
    expect(body).toBe(
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n' +
        'Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n',
    );
    expect(mp.contentType).toBe('multipart/form-data; boundary=XyZ');
    expect(mp.contentLength).toBe(new TextEncoder().encode(body).byteLength);
  });

  it('has no Content-Length when the size is unknown, and a random boundary', () => {
    const a = createMultipartBody({ filename: 'a', contentType: 'x/y', stream: streamOf([]) });
    const b = createMultipartBody({ filename: 'a', contentType: 'x/y', stream: streamOf([]) });
    expect(a.contentLength).toBeUndefined();
    expect(a.boundary).not.toBe(b.boundary);
    expect(a.boundary).toMatch(/^[-0-9a-z]{20,70}$/);
  });

  it('round-trips any bytes and name through a real multipart parser', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }),
        fc.stringMatching(/^[\w .()-]{1,30}$/),
        async (chunks, filename) => {
          const size = chunks.reduce((n, c) => n + c.byteLength, 0);
          const mp = createMultipartBody({
            filename,
            contentType: 'application/octet-stream',
            stream: streamOf(chunks),
            size,
          });
          const encoded = await collect(mp.body);
          expect(encoded.byteLength).toBe(mp.contentLength);
          const form = await new Response(encoded, {
            headers: { 'content-type': mp.contentType },
          }).formData();
          const file = form.get('file');
          expect(file).toBeInstanceOf(Blob);
          expect((file as File).name).toBe(filename);
          const expected = new Uint8Array(size);
          let at = 0;
          for (const c of chunks) {
            expected.set(c, at);
            at += c.byteLength;
          }
          expect(new Uint8Array(await (file as Blob).arrayBuffer())).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('escapes quotes and line breaks so a name cannot inject headers', async () => {
    expect(escapeDispositionValue('a"b\r\nc')).toBe('a%22b%0D%0Ac');
    const mp = createMultipartBody({
      filename: 'evil"\r\nContent-Type: text/html\r\n\r\n.png',
      contentType: 'image/png\r\nX-Injected: 1',
      stream: streamOf([new Uint8Array([1, 2, 3])]),
      size: 3,
    });
    const text = new TextDecoder().decode(await collect(mp.body));
    const headerBlock = text.slice(0, text.indexOf('\r\n\r\n'));
    expect(headerBlock.split('\r\n')).toHaveLength(3);
    expect(headerBlock).not.toContain('X-Injected: 1\r\n');
  });

  it('pulls the file lazily and cancels the source when the body is cancelled', async () => {
    let pulls = 0;
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new Uint8Array(1024));
        },
        cancel(reason) {
          cancelled = reason;
        },
      },
      { highWaterMark: 0 },
    );
    const mp = createMultipartBody({ filename: 'x', contentType: 'x/y', stream: source });
    const reader = mp.body.getReader();
    await reader.read(); // part header
    expect(pulls).toBe(0);
    await reader.read(); // first file chunk
    expect(pulls).toBe(1);
    await reader.cancel('stop');
    expect(cancelled).toBe('stop');
  });
});
