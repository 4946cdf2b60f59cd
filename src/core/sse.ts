/**
 * One Server-Sent Event. `data` is the JSON-parsed payload when it parses, else the raw text.
 */
export interface SseEvent {
  /** The `event:` field; `'message'` when absent. */
  event: string;
  /** Parsed JSON payload, or the raw text when it is not JSON. */
  data: unknown;
  /** The payload as received (multi-line data joined with `\n`). */
  raw: string;
  /** The `id:` field, when present. */
  id?: string;
  /** The `retry:` field in ms, when present. */
  retry?: number;
}

/**
 * Incremental SSE parser (WHATWG rules): feed it text chunks as they arrive, get whole events
 * back. Handles `data`/`event`/`id`/`retry` fields, multi-line data, comments (`:`), CRLF/CR/LF
 * line ends and lines split across chunks.
 *
 * @example
 * ```ts
 * const parser = new SseParser();
 * parser.push('data: {"a":1}\n\n'); // [{ event: 'message', data: { a: 1 }, raw: '{"a":1}' }]
 * ```
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #id: string | undefined;
  #retry: number | undefined;
  #hasData = false;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (match === null) break;
      // A lone CR at the very end may be the first half of CRLF: wait for more.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const event = this.#line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  /** Ends the stream: a last event without its blank line is still delivered. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.#buffer !== '') {
      const event = this.#line(this.#buffer.replace(/\r$/, ''));
      this.#buffer = '';
      if (event !== undefined) events.push(event);
    }
    const last = this.#dispatch();
    if (last !== undefined) events.push(last);
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data.push(value);
        this.#hasData = true;
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    if (!this.#hasData) {
      this.#event = '';
      return undefined;
    }
    const raw = this.#data.join('\n');
    let data: unknown = raw;
    try {
      data = JSON.parse(raw);
    } catch {
      data = raw;
    }
    const event: SseEvent = {
      event: this.#event === '' ? 'message' : this.#event,
      data,
      raw,
      ...(this.#id === undefined ? {} : { id: this.#id }),
      ...(this.#retry === undefined ? {} : { retry: this.#retry }),
    };
    this.#data = [];
    this.#event = '';
    this.#hasData = false;
    // `id` persists across events (last event id); `retry` is reported with the event it came in.
    this.#retry = undefined;
    return event;
  }
}

/**
 * Reads an SSE byte stream as events, stopping at a `[DONE]` payload. Cancelling the iteration
 * (break, return, abort) cancels the underlying stream.
 */
export async function* readSse(stream: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = done
        ? [...parser.push(decoder.decode()), ...parser.end()]
        : parser.push(decoder.decode(value, { stream: true }));
      for (const event of events) {
        if (event.raw.trim() === '[DONE]') return;
        yield event;
      }
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
