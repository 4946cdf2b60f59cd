import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundaryOf,
  dispositionOf,
  MultipartError,
  MultipartParser,
} from '../../src/testing/multipart.js';

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

function parse(boundary: string, chunks: Buffer[]): Part[] {
  const parts: Part[] = [];
  let current: Part | undefined;
  const parser = new MultipartParser(boundary, {
    onPart(headers) {
      current = { headers, body: Buffer.alloc(0) };
    },
    onData(chunk) {
      if (current) current.body = Buffer.concat([current.body, chunk]);
    },
    onPartEnd() {
      if (current) parts.push(current);
      current = undefined;
    },
  });
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return parts;
}

function encode(boundary: string, parts: Array<{ name: string; body: Buffer }>): Buffer {
  const pieces: Buffer[] = [Buffer.from('preamble\r\n')];
  for (const part of parts) {
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`),
      part.body,
      Buffer.from('\r\n'),
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(last, point));
    last = point;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

describe('MultipartParser', () => {
  it('yields the same parts however the body is chunked', () => {
    const boundary = '----sim-boundary-7MA4YWxk';
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.stringMatching(/^[a-z]{1,8}$/),
            body: fc.uint8Array({ maxLength: 200 }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.array(fc.nat(), { maxLength: 12 }),
        (parts, cuts) => {
          const encoded = encode(
            boundary,
            parts.map((p) => ({ name: p.name, body: Buffer.from(p.body) })),
          );
          const parsed = parse(boundary, split(encoded, cuts));
          expect(parsed.map((p) => dispositionOf(p.headers['content-disposition']).name)).toEqual(
            parts.map((p) => p.name),
          );
          expect(parsed.map((p) => [...p.body])).toEqual(parts.map((p) => [...p.body]));
        },
      ),
    );
  });

  it('keeps bodies that contain near-boundary bytes', () => {
    const boundary = 'XyZ';
    const body = Buffer.from('a\r\n--XyQ\r\n--Xy\r\n-');
    const parts = parse(boundary, [encode(boundary, [{ name: 'file', body }])]);
    expect(parts[0]?.body.toString()).toBe(body.toString());
  });

  it('throws on a body without its closing boundary', () => {
    const parser = new MultipartParser('b', { onPart() {}, onData() {}, onPartEnd() {} });
    parser.write(Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'));
    expect(() => parser.end()).toThrow(MultipartError);
  });

  it('reads boundaries and dispositions', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(dispositionOf('form-data; name="file"; filename="c a\\"t.png"')).toEqual({
      name: 'file',
      filename: 'c a"t.png',
    });
    expect(dispositionOf("form-data; name=file; filename*=UTF-8''caf%C3%A9.png")).toEqual({
      name: 'file',
      filename: 'café.png',
    });
  });
});
