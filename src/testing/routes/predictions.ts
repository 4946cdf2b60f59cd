import type { App } from '../app.js';
import { modelKind, producesVideo, requestSchemaOf } from '../catalog.js';
import { type Ctx, envelope, sendError, sendJson } from '../http.js';
import { mediaParams } from '../media/params.js';
import type { MediaExt } from '../media.js';
import { priceOf } from '../pricing.js';
import { validateInput, valueOrDefault } from '../schema-validate.js';
import type { SimModel, SimModelKind } from '../types.js';
import { historyItem, predictionView } from '../views.js';

const FLAGS = ['enable_sync_mode', 'enable_base64_output', 'webhook_url', 'webhook'];
const SYNC_TIMEOUT_ERROR =
  'Sync mode timed out after 90 seconds. The prediction is still processing asynchronously.';
const BASE64_WEBHOOK_ERROR =
  'webhook callback does not support base64 output, please use the normal API to use base64 output';
/** History only reaches this far back. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * `POST /api/v3/{model_id}`: validates, rate-limits, checks the balance, creates the job, and in
 * sync mode waits for it (or answers the 5004 sync time-out).
 */
export async function submit(
  app: App,
  ctx: Ctx,
  model: SimModel,
  body: Record<string, unknown>,
): Promise<void> {
  const apiKey = ctx.apiKey ?? '';
  const sync = body.enable_sync_mode === true;
  const base64 = body.enable_base64_output === true;
  const webhookParam = ctx.url.searchParams.get('webhook') ?? body.webhook_url;
  let webhook: string | undefined;
  if (webhookParam !== undefined && webhookParam !== null && webhookParam !== '') {
    if (typeof webhookParam !== 'string' || !isHttpUrl(webhookParam)) {
      sendError(ctx, 400, 'Invalid webhook URL: expected an absolute http(s) URL');
      return;
    }
    webhook = webhookParam;
  }
  if (base64 && webhook !== undefined) {
    sendJson(ctx, 400, { error: BASE64_WEBHOOK_ERROR });
    return;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!FLAGS.includes(key)) fields[key] = value;
  const schema = requestSchemaOf(model);
  const { issues, input } = validateInput(schema, fields);
  if (issues.length > 0) {
    sendError(ctx, 400, `Invalid input for model ${model.model_id}: ${issues.join('; ')}`);
    return;
  }
  const kind = modelKind(model);
  const price = priceOf(model, input);
  const available = app.balance - app.engine.reserved();
  if (price > available + 1e-9) {
    sendError(
      ctx,
      403,
      `Insufficient balance: this task costs $${price} but your available balance is $${roundUsd(Math.max(0, available))}. Please top up at https://wavespeed.ai/top-up and try again.`,
    );
    return;
  }
  if (app.limiter && app.limits) {
    const bucket = kind === 'video' ? 'video' : 'image';
    const verdict = app.limiter.take(apiKey, bucket, Date.now());
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      sendError(
        ctx,
        429,
        `Too many requests: your account tier allows ${app.limits.perMinute} ${bucket} tasks per minute. Please retry after ${seconds} seconds or top up to upgrade your tier.`,
        {
          'retry-after': String(seconds),
          'retry-after-ms': String(Math.ceil(verdict.retryAfterMs)),
        },
      );
      return;
    }
  }
  const id = app.ids.hex(32);
  const ext = outputExt(model, kind, input);
  const job = app.engine.create({
    id,
    model: model.model_id,
    kind,
    input,
    apiKey,
    sync,
    base64,
    ...(webhook === undefined ? {} : { webhook }),
    price,
    ext,
    media: mediaParams(schema, input, ext, id),
    outputCount: outputCount(model, input),
  });
  app.logger.debug?.(`created ${job.id} for ${job.model}`);
  if (!sync || ctx.replaceWith || ctx.dropResponse) {
    sendJson(ctx, 200, envelope(predictionView(app, job)));
    return;
  }
  const outcome = await app.engine.waitTerminal(job.id, app.syncTimeoutMs / app.speed);
  if (outcome === 'closed') return;
  const current = app.engine.get(job.id);
  if (!current) {
    sendError(ctx, 404, 'Prediction not found');
    return;
  }
  const view = predictionView(app, current);
  if (outcome === 'timeout') {
    sendJson(
      ctx,
      200,
      envelope({ ...view, status: 'processing', code: 5004, error: SYNC_TIMEOUT_ERROR }),
    );
    return;
  }
  sendJson(ctx, 200, envelope(view));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function outputExt(model: SimModel, kind: SimModelKind, input: Record<string, unknown>): MediaExt {
  const schema = requestSchemaOf(model);
  const format = String(
    valueOrDefault(schema, input, 'output_format') ?? valueOrDefault(schema, input, 'format') ?? '',
  ).toLowerCase();
  switch (kind) {
    case 'video':
      return 'mp4';
    case 'audio':
      if (format === 'mp3') return 'mp3';
      if (format === 'wav' || format === 'pcm') return 'wav';
      return model.model_id.startsWith('minimax/') ? 'mp3' : 'wav';
    case '3d':
      return 'glb';
    case 'llm':
      return 'txt';
    case 'upscale':
    case 'utility':
      if (producesVideo(model)) return 'mp4';
      return imageExt(format);
    default:
      return imageExt(format);
  }
}

function imageExt(format: string): MediaExt {
  if (format === 'jpeg' || format === 'jpg') return 'jpeg';
  return format === 'webp' ? 'webp' : 'png';
}

function outputCount(model: SimModel, input: Record<string, unknown>): number {
  const schema = requestSchemaOf(model);
  for (const name of ['num_images', 'num_outputs', 'n']) {
    const value = valueOrDefault(schema, input, name);
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) {
      return Math.min(value, 16);
    }
  }
  return 1;
}

/**
 * `GET /api/v3/predictions/{id}/result` and `GET /api/v3/predictions/{id}`.
 */
export function result(app: App, ctx: Ctx, id: string): void {
  const job = app.engine.get(id);
  if (!job || job.deleted || job.apiKey !== ctx.apiKey) {
    sendError(ctx, 404, `Prediction not found: ${id}`);
    return;
  }
  sendJson(ctx, 200, envelope(predictionView(app, job)));
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function parseRfc3339(value: unknown, name: string): number | string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    return `'${name}' must be an RFC3339 timestamp such as 2026-01-01T00:00:00Z`;
  }
  return Date.parse(value);
}

function intParam(
  body: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | string {
  const value = body[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `'${name}' must be an integer between ${min} and ${max}`;
  }
  return value;
}

/**
 * `POST /api/v3/predictions`: the caller's history, newest first, last 7 days, paginated.
 */
export function history(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const page = intParam(body, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = intParam(body, 'page_size', 100, 1, 100);
  const after = parseRfc3339(body.created_after, 'created_after');
  const before = parseRfc3339(body.created_before, 'created_before');
  for (const problem of [page, pageSize, after, before]) {
    if (typeof problem === 'string') {
      sendError(ctx, 400, `Invalid parameters: ${problem}`);
      return;
    }
  }
  const status = body.status;
  if (status !== undefined && typeof status !== 'string') {
    sendError(ctx, 400, "Invalid parameters: 'status' must be a string");
    return;
  }
  const model = body.model;
  if (model !== undefined && typeof model !== 'string') {
    sendError(ctx, 400, "Invalid parameters: 'model' must be a string");
    return;
  }
  if (typeof after === 'number' && typeof before === 'number' && after > before) {
    sendError(ctx, 400, "Invalid parameters: 'created_after' must be before 'created_before'");
    return;
  }
  const floor = Math.max(Date.now() - RETENTION_MS, typeof after === 'number' ? after : 0);
  const matching = app.engine
    .all()
    .filter(
      (job) =>
        !job.deleted &&
        job.apiKey === ctx.apiKey &&
        job.createdAt >= floor &&
        (typeof before !== 'number' || job.createdAt <= before) &&
        (!model || job.model === model) &&
        (!status || job.status === status),
    )
    .reverse();
  const size = pageSize as number;
  const start = ((page as number) - 1) * size;
  const includeInputs = body.include_inputs === true;
  sendJson(
    ctx,
    200,
    envelope({
      page,
      total: matching.length,
      items: matching.slice(start, start + size).map((job) => historyItem(app, job, includeInputs)),
    }),
  );
}

/**
 * `POST /api/v3/predictions/delete` `{ids}` → `{deleted_count}`; unknown ids are ignored.
 */
export function remove(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    sendError(ctx, 400, "Invalid parameters: 'ids' must be a non-empty array of prediction ids");
    return;
  }
  const deleted = app.engine.delete(ids as string[], ctx.apiKey ?? '');
  app.deletedIds.push(...deleted);
  sendJson(ctx, 200, envelope({ deleted_count: deleted.length }));
}
