import { createHash, createHmac, type Hash } from 'node:crypto';
import type { Random } from './ids.js';
import type { SimUpload } from './types.js';

// What the simulator keeps of uploads: a record per ticket, the first MiB of the bytes and a
// hash of all of them, and the presigned-URL signatures.

/** Bytes of each upload kept in memory; the rest is only counted and hashed. */
export const KEPT_BYTES = 1024 * 1024;

/**
 * Counts, hashes and keeps the first {@link KEPT_BYTES} of a byte stream.
 */
export class ByteSink {
  readonly kept: Buffer[] = [];
  keptBytes = 0;
  total = 0;
  private readonly hash: Hash = createHash('sha256');

  write(chunk: Buffer): void {
    this.total += chunk.length;
    this.hash.update(chunk);
    if (this.keptBytes < KEPT_BYTES) {
      const part = chunk.subarray(0, KEPT_BYTES - this.keptBytes);
      this.kept.push(Buffer.from(part));
      this.keptBytes += part.length;
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * An upload as the store keeps it.
 */
export interface UploadRecord extends SimUpload {
  kept: Buffer;
  signature?: string;
  expiresAt?: number;
}

/**
 * In-memory uploads with presigned-URL tickets.
 */
export class UploadStore {
  private readonly byId = new Map<string, UploadRecord>();
  private readonly ordered: UploadRecord[] = [];
  private readonly key: string;

  constructor(private readonly options: { storageUrl: () => string; ids: Random; ttlMs: number }) {
    this.key = options.ids.hex(64);
  }

  all(): readonly UploadRecord[] {
    return this.ordered;
  }

  get(id: string): UploadRecord | undefined {
    return this.byId.get(id);
  }

  private add(record: UploadRecord): UploadRecord {
    this.byId.set(record.id, record);
    this.ordered.push(record);
    return record;
  }

  private pathOf(id: string, filename: string): string {
    return `/uploads/${id}/${encodeURIComponent(filename)}`;
  }

  /** Issues a presigned PUT ticket (`POST /api/v3/media/uploads`). */
  createTicket(spec: {
    filename: string;
    size: number;
    contentType: string;
    type: string;
  }): UploadRecord {
    const id = this.options.ids.hex(32);
    const path = this.pathOf(id, spec.filename);
    const now = Date.now();
    const expiresAt = now + this.options.ttlMs;
    const amzDate = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const signature = this.sign(id, spec.filename, spec.contentType, spec.size, amzDate);
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `SIMULATOR/${amzDate.slice(0, 8)}/auto/s3/aws4_request`,
      'X-Amz-Date': amzDate,
      'X-Amz-Expires': String(Math.max(1, Math.ceil(this.options.ttlMs / 1000))),
      'X-Amz-SignedHeaders': 'content-type;host',
      'X-Amz-Signature': signature,
    });
    const base = this.options.storageUrl();
    return this.add({
      id,
      flow: 'ticket',
      filename: spec.filename,
      type: spec.type,
      contentType: spec.contentType,
      size: spec.size,
      status: 'pending',
      receivedBytes: 0,
      downloadUrl: `${base}${path}`,
      uploadUrl: `${base}${path}?${query.toString()}`,
      createdAt: now,
      kept: Buffer.alloc(0),
      signature,
      expiresAt,
    });
  }

  /** Stores a file received in one request (`POST /api/v3/media/upload/binary`). */
  addBinary(spec: {
    filename: string;
    contentType: string;
    type: string;
    sink: ByteSink;
  }): UploadRecord {
    const id = this.options.ids.hex(32);
    return this.add({
      id,
      flow: 'binary',
      filename: spec.filename,
      type: spec.type,
      contentType: spec.contentType,
      size: spec.sink.total,
      status: 'uploaded',
      receivedBytes: spec.sink.total,
      sha256: spec.sink.digest(),
      downloadUrl: `${this.options.storageUrl()}${this.pathOf(id, spec.filename)}`,
      createdAt: Date.now(),
      kept: Buffer.concat(spec.sink.kept),
    });
  }

  private sign(
    id: string,
    filename: string,
    contentType: string,
    size: number,
    amzDate: string,
  ): string {
    return createHmac('sha256', this.key)
      .update(`${id}\n${filename}\n${contentType}\n${size}\n${amzDate}`)
      .digest('hex');
  }

  clear(): void {
    this.byId.clear();
    this.ordered.length = 0;
  }
}
