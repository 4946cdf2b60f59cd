import { createHash, createHmac, type Hash } from 'node:crypto';
import { constantTimeEqualHex } from '../core/signature.js';
import type { App } from './app.js';
import { type Ctx, send } from './http.js';
import type { Random } from './ids.js';
import { CONTENT_TYPES, type MediaExt, makeMedia } from './media.js';
import type { SimUpload } from './types.js';

/** Bytes of each upload kept in memory; the rest is only counted and hashed. */
export const KEPT_BYTES = 1024 * 1024;

/**
 * Counts, hashes and keeps the first {@link KEPT_BYTES} of a byte stream.
 *
 * @example
 * ```ts
 * const sink = new ByteSink();
 * sink.write(chunk);
 * sink.digest();
 * ```
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
 *
 * @example
 * ```ts
 * const record: UploadRecord = store.get(id)!;
 * ```
 */
export interface UploadRecord extends SimUpload {
  kept: Buffer;
  signature?: string;
  expiresAt?: number;
}

/**
 * In-memory uploads with presigned-URL tickets.
 *
 * @example
 * ```ts
 * const ticket = store.createTicket({ filename: 'a.png', size: 10, contentType: 'image/png', type: 'image' });
 * ```
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

function xmlError(ctx: Ctx, status: number, code: string, message: string, app: App): void {
  const requestId = app.ids.hex(16).toUpperCase();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<Resource>${escapeXml(ctx.path)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  send(ctx, status, body, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function drain(ctx: Ctx, sink?: ByteSink): Promise<number> {
  let total = 0;
  for await (const chunk of ctx.req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    ctx.record.bodyBytes = total;
    sink?.write(buffer);
  }
  return total;
}

/**
 * Routes of the storage origin: presigned `PUT /uploads/{id}/{name}` and `GET`/`HEAD` of uploads
 * and job outputs. Any Authorization header is rejected, like a real bucket would.
 *
 * @example
 * ```ts
 * await handleStorage(app, ctx);
 * ```
 */
export async function handleStorage(app: App, ctx: Ctx): Promise<void> {
  if (ctx.req.headers.authorization !== undefined) {
    await drain(ctx);
    xmlError(
      ctx,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      app,
    );
    return;
  }
  const upload = /^\/uploads\/([0-9a-f]{32})\/([^/]+)$/.exec(ctx.path);
  if (upload) {
    const [, id = '', name = ''] = upload;
    const record = app.uploads.get(id);
    const matches = record !== undefined && encodeURIComponent(record.filename) === name;
    if (ctx.method === 'PUT') {
      await putUpload(app, ctx, matches ? record : undefined);
      return;
    }
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      if (!matches || record.status !== 'uploaded') {
        xmlError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', app);
        return;
      }
      const headers: Record<string, string> = { 'content-type': record.contentType };
      if (record.receivedBytes > record.kept.length) headers['x-simulator-truncated'] = 'true';
      send(ctx, 200, record.kept, headers);
      return;
    }
  }
  const output = /^\/outputs\/([0-9a-f]{32})\/(\d+)\.([a-z0-9]+)$/.exec(ctx.path);
  if (output && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    const [, id = '', index = '', ext = ''] = output;
    const job = app.engine.get(id);
    if (
      job &&
      !job.deleted &&
      job.status === 'completed' &&
      !job.base64 &&
      job.ext === ext &&
      Number(index) < job.outputCount
    ) {
      // Made on first download, not when the job completes: most outputs are never fetched.
      const bytes = app.media.get(ctx.path, () => makeMedia(job.ext, job.media, Number(index)));
      send(ctx, 200, bytes, {
        'content-type': CONTENT_TYPES[ext as MediaExt],
        'cache-control': 'public, max-age=604800',
      });
      return;
    }
  }
  await drain(ctx);
  xmlError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', app);
}

async function putUpload(app: App, ctx: Ctx, record: UploadRecord | undefined): Promise<void> {
  const signature = ctx.url.searchParams.get('X-Amz-Signature');
  if (!record || !signature || !record.signature) {
    await drain(ctx);
    xmlError(ctx, 403, 'AccessDenied', 'Access Denied', app);
    return;
  }
  if (!constantTimeEqualHex(signature, record.signature)) {
    await drain(ctx);
    xmlError(
      ctx,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
      app,
    );
    return;
  }
  if (record.expiresAt !== undefined && Date.now() > record.expiresAt) {
    await drain(ctx);
    xmlError(ctx, 403, 'AccessDenied', 'Request has expired', app);
    return;
  }
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (contentType.toLowerCase() !== record.contentType.toLowerCase()) {
    await drain(ctx);
    xmlError(
      ctx,
      403,
      'SignatureDoesNotMatch',
      `The request signature we calculated does not match the signature you provided. Content-Type must be ${record.contentType}.`,
      app,
    );
    return;
  }
  const sink = new ByteSink();
  const received = await drain(ctx, sink);
  if (received < record.size) {
    xmlError(
      ctx,
      400,
      'IncompleteBody',
      `You did not provide the number of bytes specified by the Content-Length HTTP header (expected ${record.size}, got ${received}).`,
      app,
    );
    return;
  }
  if (received > record.size) {
    xmlError(
      ctx,
      400,
      'EntityTooLarge',
      `Your proposed upload exceeds the size in the upload ticket (${record.size} bytes, got ${received}).`,
      app,
    );
    return;
  }
  record.status = 'uploaded';
  record.receivedBytes = received;
  record.sha256 = sink.digest();
  record.kept = Buffer.concat(sink.kept);
  send(ctx, 200, '', { etag: `"${record.sha256.slice(0, 32)}"` });
}
