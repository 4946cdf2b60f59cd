/**
 * Callbacks of {@link MultipartParser}.
 */
export interface MultipartHandlers {
  onPart(headers: Record<string, string>): void;
  onData(chunk: Buffer): void;
  onPartEnd(): void;
}

/**
 * Thrown for bodies that are not valid multipart/form-data.
 */
export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * A streaming multipart/form-data parser: part bodies are emitted as they arrive, so a large
 * file never sits in memory whole.
 */
export class MultipartParser {
  private state: 'preamble' | 'boundary' | 'headers' | 'body' | 'done' = 'preamble';
  private buffer: Buffer = Buffer.alloc(0);
  private readonly dashBoundary: Buffer;
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly handlers: MultipartHandlers,
  ) {
    this.dashBoundary = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  write(chunk: Buffer): void {
    if (this.state === 'done') return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      switch (this.state) {
        case 'preamble': {
          const index = this.buffer.indexOf(this.dashBoundary);
          if (index < 0) {
            this.buffer = this.buffer.subarray(
              Math.max(0, this.buffer.length - this.dashBoundary.length),
            );
            return;
          }
          this.buffer = this.buffer.subarray(index + this.dashBoundary.length);
          this.state = 'boundary';
          break;
        }
        case 'boundary': {
          if (this.buffer.length < 2) return;
          if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
            this.state = 'done';
            this.buffer = Buffer.alloc(0);
            return;
          }
          // Transport padding (spaces/tabs) may precede the CRLF.
          const eol = this.buffer.indexOf(CRLF);
          if (eol < 0) {
            if (this.buffer.length > 256) throw new MultipartError('Malformed multipart boundary');
            return;
          }
          if (this.buffer.subarray(0, eol).toString('latin1').trim() !== '') {
            throw new MultipartError('Malformed multipart boundary');
          }
          this.buffer = this.buffer.subarray(eol + 2);
          this.state = 'headers';
          break;
        }
        case 'headers': {
          const end = this.buffer.indexOf(HEADER_END);
          if (end < 0) {
            if (this.buffer.length > MAX_HEADER_BYTES) {
              throw new MultipartError('Multipart part headers too large');
            }
            return;
          }
          this.handlers.onPart(parseHeaders(this.buffer.subarray(0, end).toString('utf8')));
          this.buffer = this.buffer.subarray(end + HEADER_END.length);
          this.state = 'body';
          break;
        }
        case 'body': {
          const index = this.buffer.indexOf(this.delimiter);
          if (index < 0) {
            const safe = this.buffer.length - (this.delimiter.length - 1);
            if (safe > 0) {
              this.handlers.onData(this.buffer.subarray(0, safe));
              this.buffer = this.buffer.subarray(safe);
            }
            return;
          }
          if (index > 0) this.handlers.onData(this.buffer.subarray(0, index));
          this.handlers.onPartEnd();
          this.buffer = this.buffer.subarray(index + this.delimiter.length);
          this.state = 'boundary';
          break;
        }
        default:
          return;
      }
    }
  }

  /** Call when the body ended; throws if the closing boundary never came. */
  end(): void {
    if (this.state !== 'done') {
      throw new MultipartError('Unexpected end of multipart body (missing closing boundary)');
    }
  }
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Reads `name` and `filename` from a Content-Disposition header (`filename*` UTF-8 included).
 *
 * @example
 * ```ts
 * dispositionOf('form-data; name="file"; filename="cat.png"'); // { name: 'file', filename: 'cat.png' }
 * ```
 */
export function dispositionOf(header: string | undefined): { name?: string; filename?: string } {
  const out: { name?: string; filename?: string } = {};
  if (!header) return out;
  const re = /;\s*([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let match = re.exec(header); match; match = re.exec(header)) {
    const key = (match[1] ?? '').toLowerCase();
    const value =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
    if (key === 'name') out.name = value;
    else if (key === 'filename' && out.filename === undefined) out.filename = value;
    else if (key === 'filename*') {
      const encoded = /^[\w-]+'[^']*'(.*)$/.exec(value)?.[1];
      try {
        out.filename = decodeURIComponent(encoded ?? value);
      } catch {
        out.filename = value;
      }
    }
  }
  return out;
}

/**
 * The boundary parameter of a multipart/form-data Content-Type, if any.
 *
 * @example
 * ```ts
 * boundaryOf('multipart/form-data; boundary=abc'); // 'abc'
 * ```
 */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}
