import type { App } from '../app.js';
import { type Ctx, envelope, sendError, sendJson } from '../http.js';
import { boundaryOf, dispositionOf, MultipartError, MultipartParser } from '../multipart.js';
import { ByteSink } from '../upload-store.js';
import { classifyFile, tooLargeMessage, unsupportedMessage } from '../upload-types.js';

/**
 * `POST /api/v3/media/uploads` `{filename, size, content_type?}`: a presigned PUT ticket.
 */
export function uploadTicket(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const { filename, size } = body;
  if (typeof filename !== 'string' || filename.trim() === '' || /[/\\]/.test(filename)) {
    sendError(ctx, 400, "Invalid parameters: 'filename' must be a file name such as cat.png");
    return;
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    sendError(ctx, 400, "Invalid parameters: 'size' must be the file size in bytes");
    return;
  }
  const kind = classifyFile(filename, app.uploadLimits);
  if (!kind) {
    sendError(ctx, 400, unsupportedMessage(filename));
    return;
  }
  if (size > kind.limit) {
    sendError(ctx, 400, tooLargeMessage(kind, size));
    return;
  }
  const requested = body.content_type;
  if (requested !== undefined && typeof requested !== 'string') {
    sendError(ctx, 400, "Invalid parameters: 'content_type' must be a string");
    return;
  }
  const contentType = requested?.trim() ? requested.trim() : kind.contentType;
  const record = app.uploads.createTicket({ filename, size, contentType, type: kind.type });
  sendJson(
    ctx,
    200,
    envelope({
      type: record.type,
      filename: record.filename,
      size: record.size,
      download_url: record.downloadUrl,
      upload: {
        method: 'PUT',
        url: record.uploadUrl,
        headers: { 'Content-Type': contentType },
      },
    }),
  );
}

/**
 * `POST /api/v3/media/upload/binary` (multipart field `file`), parsed as it streams in.
 */
export async function uploadBinary(app: App, ctx: Ctx): Promise<void> {
  const boundary = boundaryOf(ctx.req.headers['content-type']);
  if (!boundary) {
    ctx.req.resume();
    sendError(ctx, 400, 'Invalid request: expected multipart/form-data with a "file" field');
    return;
  }
  let file: { filename: string; contentType: string; sink: ByteSink } | undefined;
  let current: ByteSink | undefined;
  let problem: string | undefined;
  let limit = Number.POSITIVE_INFINITY;
  let kindType = 'file';
  const parser = new MultipartParser(boundary, {
    onPart(headers) {
      const { name, filename } = dispositionOf(headers['content-disposition']);
      current = undefined;
      if (name !== 'file' || file) return;
      const fname = filename?.trim() || 'upload';
      const kind = classifyFile(fname, app.uploadLimits);
      if (!kind) {
        problem ??= unsupportedMessage(fname);
        return;
      }
      limit = kind.limit;
      kindType = kind.type;
      const partType = headers['content-type']?.split(';')[0]?.trim();
      current = new ByteSink();
      file = {
        filename: fname,
        contentType:
          partType && partType !== 'application/octet-stream' ? partType : kind.contentType,
        sink: current,
      };
    },
    onData(chunk) {
      if (!current) return;
      current.write(chunk);
      if (current.total > limit && file) {
        const kind = classifyFile(file.filename, app.uploadLimits);
        if (kind) problem ??= tooLargeMessage(kind, current.total);
        current = undefined;
      }
    },
    onPartEnd() {
      current = undefined;
    },
  });
  try {
    for await (const chunk of ctx.req) {
      const buffer = chunk as Buffer;
      ctx.record.bodyBytes += buffer.length;
      if (!problem) parser.write(buffer);
    }
    if (!problem) parser.end();
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    problem ??= `Invalid multipart body: ${error.message}`;
  }
  if (problem) {
    sendError(ctx, 400, problem);
    return;
  }
  if (!file) {
    sendError(ctx, 400, 'Invalid request: the multipart form has no "file" field');
    return;
  }
  const record = app.uploads.addBinary({ ...file, type: kindType });
  sendJson(
    ctx,
    200,
    envelope({
      type: record.type,
      download_url: record.downloadUrl,
      filename: record.filename,
      size: record.size,
    }),
  );
}
