import { ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import { rfc3339, toDate } from '../core/time.js';
import { isRecord } from '../core/util.js';
import type { Billing, BillingsParams, Usage, UsageParams } from './account-types.js';

// The bodies of `account.usage` and `account.billings`, loaded on first use.

const DAY = 86_400_000;
const MAX_USAGE_WINDOW = 31 * DAY;

interface WireUsage {
  per_model_usage?: Array<{
    model_uuid?: string;
    model_type?: string;
    unit_price?: number;
    total_cost?: number;
    total_count?: number;
    last_used_date?: string;
  }>;
  daily_usage?: Array<{
    date?: string;
    amount?: number;
    count?: number;
    models?: Array<{ model_uuid?: string; amount?: number; count?: number }>;
  }>;
  summary?: { total_cost?: number; total_requests?: number; success_requests?: number };
}

interface WireBilling {
  uuid?: string;
  billing_type?: string;
  price?: number;
  created_at?: string;
  updated_at?: string;
  order?: Record<string, unknown>;
  prediction?: { uuid?: string; model_uuid?: string; status?: string };
  access_key_name?: string;
}

/** The object items of a list the API sent, skipping anything else (a null, a string…). */
function records<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isRecord) as T[]) : [];
}

function toBilling(wire: WireBilling): Billing {
  return {
    id: wire.uuid ?? '',
    type: wire.billing_type ?? 'unknown',
    price: wire.price ?? 0,
    createdAt: wire.created_at ?? '',
    ...(wire.updated_at === undefined ? {} : { updatedAt: wire.updated_at }),
    ...(wire.prediction?.uuid === undefined
      ? {}
      : {
          prediction: {
            id: wire.prediction.uuid,
            model: wire.prediction.model_uuid ?? '',
            status: wire.prediction.status ?? '',
          },
        }),
    ...(wire.order === undefined ? {} : { order: wire.order }),
    ...(wire.access_key_name ? { accessKeyName: wire.access_key_name } : {}),
  };
}

/**
 * Fetches the usage statistics of a window (default: the last 7 days, at most 31) and maps them
 * to camelCase. Backs `client.account.usage`.
 */
export async function usageReport(http: HttpClient, params: UsageParams = {}): Promise<Usage> {
  const to = toDate(params.to ?? Date.now(), 'to');
  const from = toDate(params.from ?? to.getTime() - 7 * DAY, 'from');
  if (from.getTime() > to.getTime()) {
    throw ValidationError.fromIssues('Invalid usage() window', [
      { path: 'from', message: '`from` is after `to`; swap them' },
    ]);
  }
  if (to.getTime() - from.getTime() > MAX_USAGE_WINDOW) {
    throw ValidationError.fromIssues('Invalid usage() window', [
      { path: 'from', message: 'the window spans more than 31 days; split it into shorter ones' },
    ]);
  }
  const wire = await http.request<WireUsage>({
    method: 'POST',
    path: '/api/v3/user/usage_stats',
    json: {
      start_time: rfc3339(from, 'from'),
      end_time: rfc3339(to, 'to', true),
      ...(params.model === undefined ? {} : { model_uuid: params.model }),
    },
    retry: 'idempotent',
    signal: params.signal,
  });
  // Whatever came back, the report keeps its shape: odd entries are skipped, not thrown on.
  const body: WireUsage = isRecord(wire) ? wire : {};
  const summary = isRecord(body.summary) ? body.summary : {};
  type Daily = NonNullable<WireUsage['daily_usage']>[number];
  return {
    from: rfc3339(from, 'from'),
    to: rfc3339(to, 'to', true),
    perModel: records<NonNullable<WireUsage['per_model_usage']>[number]>(body.per_model_usage).map(
      (m) => ({
        model: m.model_uuid ?? '',
        modelType: m.model_type ?? '',
        unitPrice: m.unit_price ?? 0,
        totalCost: m.total_cost ?? 0,
        totalCount: m.total_count ?? 0,
        lastUsedDate: m.last_used_date ?? '',
      }),
    ),
    daily: records<Daily>(body.daily_usage).map((d) => ({
      date: d.date ?? '',
      amount: d.amount ?? 0,
      count: d.count ?? 0,
      models: records<NonNullable<Daily['models']>[number]>(d.models).map((m) => ({
        model: m.model_uuid ?? '',
        amount: m.amount ?? 0,
        count: m.count ?? 0,
      })),
    })),
    summary: {
      totalCost: summary.total_cost ?? 0,
      totalRequests: summary.total_requests ?? 0,
      successRequests: summary.success_requests ?? 0,
    },
  };
}

/**
 * Yields billings page by page, newest first; `window` holds the already formatted bounds.
 * Backs the iterator of `client.account.billings`.
 */
export async function* billingPages(
  http: HttpClient,
  params: BillingsParams & { pageSize: number },
  window: { from?: string | undefined; to?: string | undefined },
): AsyncGenerator<Billing> {
  for (let page = 1; ; page += 1) {
    const data = await http.request<{
      items?: WireBilling[];
      total?: number;
      has_more?: boolean;
    }>({
      method: 'POST',
      path: '/api/v3/billings/search',
      json: {
        page,
        page_size: params.pageSize,
        sort: 'created_at DESC',
        ...(params.type === undefined ? {} : { billing_type: params.type }),
        ...(window.from === undefined ? {} : { start_time: window.from }),
        ...(window.to === undefined ? {} : { end_time: window.to }),
        ...(params.model === undefined ? {} : { model_uuid: params.model }),
      },
      retry: 'idempotent',
      signal: params.signal,
    });
    const items: unknown[] = Array.isArray(data?.items) ? data.items : [];
    for (const item of items) if (isRecord(item)) yield toBilling(item as WireBilling);
    const more =
      typeof data?.has_more === 'boolean'
        ? data.has_more
        : typeof data?.total === 'number'
          ? page * params.pageSize < data.total
          : items.length === params.pageSize;
    if (!more || items.length === 0) return;
  }
}
