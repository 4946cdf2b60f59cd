import { ValidationError } from '../core/errors.js';
import { APIResource } from './resource.js';

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

function toDate(value: Date | string | number, name: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw ValidationError.fromIssues('Invalid time', [
      { path: name, message: `expected a Date or an ISO 8601 time, got ${JSON.stringify(value)}` },
    ]);
  }
  return date;
}

/** Strict RFC3339 in UTC, whole seconds; window ends round up so the current second counts. */
function rfc3339(date: Date, roundUp = false): string {
  const ms = date.getTime();
  const whole = roundUp ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
 * The account: balance, usage statistics and itemised billings.
 *
 * @example
 * ```ts
 * const { balance } = await client.account.balance();
 * ```
 */
export class Account extends APIResource {
  /**
   * The account balance in USD.
   *
   * @example
   * ```ts
   * const { balance } = await client.account.balance();
   * ```
   */
  async balance(options: { signal?: AbortSignal } = {}): Promise<Balance> {
    const data = await this._ctx.http.request<{ balance?: number; currency?: string }>({
      method: 'GET',
      path: '/api/v3/balance',
      signal: options.signal,
    });
    return { balance: Number(data?.balance ?? 0), currency: data?.currency ?? 'USD' };
  }

  /**
   * Usage statistics per model and per day. Defaults to the last 7 days; the window may span at
   * most 31 days.
   *
   * @example
   * ```ts
   * const usage = await client.account.usage({ from: new Date('2026-01-01') });
   * console.log(usage.summary.totalCost);
   * ```
   */
  async usage(params: UsageParams = {}): Promise<Usage> {
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
    const wire = await this._ctx.http.request<WireUsage>({
      method: 'POST',
      path: '/api/v3/user/usage_stats',
      json: {
        start_time: rfc3339(from),
        end_time: rfc3339(to, true),
        ...(params.model === undefined ? {} : { model_uuid: params.model }),
      },
      retry: 'idempotent',
      signal: params.signal,
    });
    return {
      from: rfc3339(from),
      to: rfc3339(to, true),
      perModel: (wire?.per_model_usage ?? []).map((m) => ({
        model: m.model_uuid ?? '',
        modelType: m.model_type ?? '',
        unitPrice: m.unit_price ?? 0,
        totalCost: m.total_cost ?? 0,
        totalCount: m.total_count ?? 0,
        lastUsedDate: m.last_used_date ?? '',
      })),
      daily: (wire?.daily_usage ?? []).map((d) => ({
        date: d.date ?? '',
        amount: d.amount ?? 0,
        count: d.count ?? 0,
        models: (d.models ?? []).map((m) => ({
          model: m.model_uuid ?? '',
          amount: m.amount ?? 0,
          count: m.count ?? 0,
        })),
      })),
      summary: {
        totalCost: wire?.summary?.total_cost ?? 0,
        totalRequests: wire?.summary?.total_requests ?? 0,
        successRequests: wire?.summary?.success_requests ?? 0,
      },
    };
  }

  /**
   * Itemised charges and refunds, newest first, fetched page by page as you iterate.
   *
   * @example
   * ```ts
   * for await (const bill of client.account.billings({ type: 'refund' })) console.log(bill.price);
   * ```
   */
  billings(params: BillingsParams = {}): AsyncIterable<Billing> {
    const http = this._ctx.http;
    const pageSize = params.pageSize ?? 50;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw ValidationError.fromIssues('Invalid billings() call', [
        {
          path: 'pageSize',
          message: `must be a whole number from 1 to 100, got ${String(pageSize)}`,
        },
      ]);
    }
    const from = params.from === undefined ? undefined : rfc3339(toDate(params.from, 'from'));
    const to = params.to === undefined ? undefined : rfc3339(toDate(params.to, 'to'), true);
    return {
      async *[Symbol.asyncIterator]() {
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
              page_size: pageSize,
              sort: 'created_at DESC',
              ...(params.type === undefined ? {} : { billing_type: params.type }),
              ...(from === undefined ? {} : { start_time: from }),
              ...(to === undefined ? {} : { end_time: to }),
              ...(params.model === undefined ? {} : { model_uuid: params.model }),
            },
            retry: 'idempotent',
            signal: params.signal,
          });
          const items = Array.isArray(data?.items) ? data.items : [];
          for (const item of items) yield toBilling(item);
          const more =
            typeof data?.has_more === 'boolean'
              ? data.has_more
              : typeof data?.total === 'number'
                ? page * pageSize < data.total
                : items.length === pageSize;
          if (!more || items.length === 0) return;
        }
      },
    };
  }
}

/**
 * The account balance.
 *
 * @example
 * ```ts
 * const b: Balance = await client.account.balance();
 * ```
 */
export interface Balance {
  /** Remaining credit. */
  balance: number;
  /** Currency of `balance`. */
  currency: string;
}

/**
 * Filters of `account.usage`.
 *
 * @example
 * ```ts
 * await client.account.usage({ from: '2026-01-01T00:00:00Z', to: '2026-01-07T23:59:59Z' });
 * ```
 */
export interface UsageParams {
  /** @default 7 days before `to` */
  from?: Date | string | undefined;
  /** @default now */
  to?: Date | string | undefined;
  model?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Usage statistics over a window.
 *
 * @example
 * ```ts
 * const { summary } = await client.account.usage();
 * ```
 */
export interface Usage {
  from: string;
  to: string;
  perModel: Array<{
    model: string;
    modelType: string;
    unitPrice: number;
    totalCost: number;
    totalCount: number;
    lastUsedDate: string;
  }>;
  daily: Array<{
    date: string;
    amount: number;
    count: number;
    models: Array<{ model: string; amount: number; count: number }>;
  }>;
  summary: { totalCost: number; totalRequests: number; successRequests: number };
}

/**
 * Filters of `account.billings`.
 *
 * @example
 * ```ts
 * client.account.billings({ type: 'deduct', pageSize: 100 });
 * ```
 */
export interface BillingsParams {
  from?: Date | string | undefined;
  to?: Date | string | undefined;
  /** `deduct` (charges) or `refund`. */
  type?: 'deduct' | 'refund' | (string & {}) | undefined;
  model?: string | undefined;
  /** Items per request, 1–100. @default 50 */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One charge or refund.
 *
 * @example
 * ```ts
 * for await (const bill of client.account.billings()) console.log(bill.type, bill.price);
 * ```
 */
export interface Billing {
  id: string;
  /** `deduct` or `refund`. */
  type: string;
  price: number;
  createdAt: string;
  updatedAt?: string;
  prediction?: { id: string; model: string; status: string };
  order?: Record<string, unknown>;
  accessKeyName?: string;
}
