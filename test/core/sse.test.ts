import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, SseParser } from '../../src/core/sse.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of readSse(streamOf(chunks))) out.push(event);
  return out;
}

describe('SseParser', () => {
  it('parses data, event, id, retry, comments and multi-line data', () => {
    const parser = new SseParser();
    const events = parser.push(
      ': keep-alive\nevent: delta\nid: 7\nretry: 1500\ndata: {"a":\ndata: 1}\n\ndata: plain text\n\n',
    );
    expect(events).toEqual([
      { event: 'delta', data: { a: 1 }, raw: '{"a":\n1}', id: '7', retry: 1500 },
      { event: 'message', data: 'plain text', raw: 'plain text', id: '7' },
    ]);
  });

  it('handles CRLF, CR and fields without a space after the colon', () => {
    const parser = new SseParser();
    expect(parser.push('data:1\r\n\r\ndata:2\r\rdata:3\n\n')).toEqual([
      { event: 'message', data: 1, raw: '1' },
      { event: 'message', data: 2, raw: '2' },
      { event: 'message', data: 3, raw: '3' },
    ]);
  });

  it('ignores blocks without data and delivers a last event without its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\ndata: x')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: 'x', raw: 'x' }]);
  });

  it('gives the same events however the stream is split into chunks', () => {
    const text =
      'event: a\ndata: {"n":1}\n\n: c\r\ndata: two\r\ndata: lines\r\n\r\nid: 9\ndata: [1,2]\n\n';
    const whole = new SseParser();
    const expected = [...whole.push(text), ...whole.end()];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const parser = new SseParser();
          const got = [];
          let last = 0;
          for (const point of [...points, text.length]) {
            got.push(...parser.push(text.slice(last, point)));
            last = point;
          }
          got.push(...parser.end());
          expect(got).toEqual(expected);
        },
      ),
    );
  });
});

describe('readSse', () => {
  it('stops at [DONE] and decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo"}\n\n');
    const decoder = new TextDecoder();
    const split = [decoder.decode(bytes.slice(0, 15), { stream: true })];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 15));
        controller.enqueue(bytes.slice(15));
        controller.enqueue(new TextEncoder().encode('data: [DONE]\n\ndata: after\n\n'));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readSse(stream)) events.push(event.data);
    expect(split.length).toBe(1);
    expect(events).toEqual([{ t: 'héllo' }]);
  });

  it('yields every event of a stream without [DONE]', async () => {
    expect(await collect(['data: 1\n\n', 'data: 2\n\n'])).toHaveLength(2);
  });
});
