import { timingSafeEqual } from 'node:crypto';
import type { App } from './app.js';
import { type Ctx, send } from './http.js';
import { CONTENT_TYPES, type MediaExt, makeMedia } from './media.js';
import { ByteSink, type UploadRecord } from './upload-store.js';

// The storage origin (a bucket + CDN): presigned PUTs of uploads and GETs of uploads and job
// outputs. It answers like S3 does, in XML.

/** Compares two signatures in constant time (a different length is simply unequal). */
function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
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
  if (!sameSignature(signature, record.signature)) {
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
