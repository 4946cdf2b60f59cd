import { ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import { rfc3339 } from '../core/time.js';
import { lazy } from '../core/util.js';
import type { Balance, Billing, BillingsParams, Usage, UsageParams } from './account-types.js';

// `client.account`. Usage and billings reports load on first use (account-reports.ts): few
// clients read them.

const loadReports = lazy(() => import('./account-reports.js'));

/**
 * The account: balance, usage statistics and itemised billings.
 *
 * @example
 * ```ts
 * const { balance } = await client.account.balance();
 * ```
 */
export class Account {
  readonly #http: HttpClient;

  constructor(deps: { http: HttpClient }) {
    this.#http = deps.http;
  }

  /**
   * The account balance in USD.
   *
   * @example
   * ```ts
   * const { balance } = await client.account.balance();
   * ```
   */
  async balance(options: { signal?: AbortSignal } = {}): Promise<Balance> {
    const data = await this.#http.request<{ balance?: number; currency?: string }>({
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
    const { usageReport } = await loadReports();
    return usageReport(this.#http, params);
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
    const http = this.#http;
    const pageSize = params.pageSize ?? 50;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw ValidationError.fromIssues('Invalid billings() call', [
        {
          path: 'pageSize',
          message: `must be a whole number from 1 to 100, got ${String(pageSize)}`,
        },
      ]);
    }
    const window = {
      from: params.from === undefined ? undefined : rfc3339(params.from, 'from'),
      to: params.to === undefined ? undefined : rfc3339(params.to, 'to', true),
    };
    return {
      async *[Symbol.asyncIterator]() {
        const { billingPages } = await loadReports();
        yield* billingPages(http, { ...params, pageSize }, window);
      },
    };
  }
}
