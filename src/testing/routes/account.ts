import type { App } from '../app.js';
import { modelKind } from '../catalog.js';
import { type Ctx, envelope, sendError, sendJson } from '../http.js';
import type { JobRecord } from '../jobs.js';

const DAY_MS = 24 * 3600 * 1000;

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * `GET /api/v3/balance` → `{balance}` in USD.
 */
export function balance(app: App, ctx: Ctx): void {
  sendJson(ctx, 200, envelope({ balance: round(app.balance) }));
}

/**
 * `GET /api/v3/webhook/secret` → `{secret}`.
 */
export function webhookSecret(app: App, ctx: Ctx): void {
  sendJson(ctx, 200, envelope({ secret: app.webhookSecret }));
}

/** Accepts ISO/RFC3339 strings, ms-epoch numbers and ms-epoch strings. */
function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d{10,}$/.test(value.trim())) return Number(value.trim());
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function ownJobs(app: App, ctx: Ctx): JobRecord[] {
  return app.engine.all().filter((job) => job.apiKey === ctx.apiKey);
}

/**
 * `POST /api/v3/user/usage_stats` `{start_time, end_time, model_uuid?}` (window ≤ 31 days).
 */
export function usage(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const start = parseTime(body.start_time);
  const end = parseTime(body.end_time);
  if (start === undefined || end === undefined) {
    sendError(
      ctx,
      400,
      "Invalid parameters: 'start_time' and 'end_time' are required RFC3339 timestamps",
    );
    return;
  }
  if (end < start) {
    sendError(ctx, 400, "Invalid parameters: 'end_time' must be after 'start_time'");
    return;
  }
  if (end - start > 31 * DAY_MS) {
    sendError(ctx, 400, 'Invalid parameters: the time range cannot exceed 31 days');
    return;
  }
  const filter =
    typeof body.model_uuid === 'string' && body.model_uuid ? body.model_uuid : undefined;
  const jobs = ownJobs(app, ctx).filter(
    (job) => job.createdAt >= start && job.createdAt <= end && (!filter || job.model === filter),
  );
  const charged = jobs.filter((job) => job.status === 'completed');
  const perModel = new Map<
    string,
    {
      model_uuid: string;
      model_type: string;
      unit_price: number;
      total_cost: number;
      total_count: number;
      last: number;
    }
  >();
  const daily = new Map<
    string,
    {
      date: string;
      amount: number;
      count: number;
      models: Map<string, { amount: number; count: number }>;
    }
  >();
  for (const job of charged) {
    const at = job.completedAt ?? job.createdAt;
    const model = app.models.get(job.model);
    const entry = perModel.get(job.model) ?? {
      model_uuid: job.model,
      model_type: model?.type ?? modelKind({ model_id: job.model }),
      unit_price: model?.base_price ?? job.price,
      total_cost: 0,
      total_count: 0,
      last: 0,
    };
    entry.total_cost += job.price;
    entry.total_count += 1;
    entry.last = Math.max(entry.last, at);
    perModel.set(job.model, entry);
    const date = day(at);
    const bucket = daily.get(date) ?? { date, amount: 0, count: 0, models: new Map() };
    bucket.amount += job.price;
    bucket.count += 1;
    const perDayModel = bucket.models.get(job.model) ?? { amount: 0, count: 0 };
    perDayModel.amount += job.price;
    perDayModel.count += 1;
    bucket.models.set(job.model, perDayModel);
    daily.set(date, bucket);
  }
  const totalCost = charged.reduce((sum, job) => sum + job.price, 0);
  sendJson(
    ctx,
    200,
    envelope({
      per_model_usage: [...perModel.values()].map(({ last, ...entry }) => ({
        ...entry,
        total_cost: round(entry.total_cost),
        last_used_date: day(last),
      })),
      daily_usage: [...daily.values()]
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((bucket) => ({
          date: bucket.date,
          amount: round(bucket.amount),
          count: bucket.count,
          models: [...bucket.models.entries()].map(([model_uuid, m]) => ({
            model_uuid,
            amount: round(m.amount),
            count: m.count,
          })),
        })),
      summary: {
        total_cost: round(totalCost),
        total_requests: jobs.length,
        success_requests: charged.length,
      },
    }),
  );
}

/**
 * `POST /api/v3/billings/search`: one `deduct` item per completed job, with `total` and `has_more`.
 */
export function billings(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const page = body.page ?? 1;
  const pageSize = body.page_size ?? 10;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) {
    sendError(ctx, 400, "Invalid parameters: 'page' must be an integer >= 1");
    return;
  }
  if (
    typeof pageSize !== 'number' ||
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > 100
  ) {
    sendError(ctx, 400, "Invalid parameters: 'page_size' must be an integer between 1 and 100");
    return;
  }
  const start = body.start_time === undefined ? undefined : parseTime(body.start_time);
  const end = body.end_time === undefined ? undefined : parseTime(body.end_time);
  if (
    (body.start_time !== undefined && start === undefined) ||
    (body.end_time !== undefined && end === undefined)
  ) {
    sendError(
      ctx,
      400,
      "Invalid parameters: 'start_time'/'end_time' must be RFC3339 timestamps or millisecond epochs",
    );
    return;
  }
  const type = body.billing_type;
  if (type !== undefined && type !== 'deduct' && type !== 'refund') {
    sendError(ctx, 400, "Invalid parameters: 'billing_type' must be 'deduct' or 'refund'");
    return;
  }
  const sort = body.sort ?? 'created_at DESC';
  if (sort !== 'created_at DESC' && sort !== 'created_at ASC') {
    sendError(ctx, 400, "Invalid parameters: 'sort' must be 'created_at DESC' or 'created_at ASC'");
    return;
  }
  const ids = Array.isArray(body.prediction_uuids) ? new Set(body.prediction_uuids) : undefined;
  const model =
    typeof body.model_uuid === 'string' && body.model_uuid ? body.model_uuid : undefined;
  const items = ownJobs(app, ctx)
    .filter((job) => job.status === 'completed' && job.completedAt !== undefined)
    .filter(() => type !== 'refund')
    .filter((job) => !ids || ids.has(job.id))
    .filter((job) => !model || job.model === model)
    .filter((job) => start === undefined || (job.completedAt ?? 0) >= start)
    .filter((job) => end === undefined || (job.completedAt ?? 0) <= end)
    .sort((a, b) =>
      sort === 'created_at ASC'
        ? (a.completedAt ?? 0) - (b.completedAt ?? 0)
        : (b.completedAt ?? 0) - (a.completedAt ?? 0),
    );
  const offset = (page - 1) * pageSize;
  const slice = items.slice(offset, offset + pageSize).map((job) => {
    const at = new Date(job.completedAt ?? job.createdAt).toISOString();
    return {
      uuid: `bill-${job.id}`,
      billing_type: 'deduct',
      price: job.price,
      created_at: at,
      updated_at: at,
      order: {
        uuid: `order-${job.id}`,
        state: 'done',
        price: job.price,
        origin_price: job.price,
        status: '',
        ak_id: 0,
      },
      prediction: { uuid: job.id, model_uuid: job.model, status: job.status },
      access_key_name: '',
    };
  });
  sendJson(
    ctx,
    200,
    envelope({
      page,
      total: items.length,
      has_more: offset + slice.length < items.length,
      items: slice,
    }),
  );
}
