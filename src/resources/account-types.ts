// The types of `client.account`, apart from the code that fills them.

/**
 * The account balance.
 */
export interface Balance {
  /** Remaining credit. */
  balance: number;
  /** Currency of `balance`. */
  currency: string;
}

/**
 * Filters of `account.usage`.
 */
export interface UsageParams {
  /** @default 7 days before `to` */
  from?: Date | string | undefined;
  /** @default now */
  to?: Date | string | undefined;
  /** Only this model's usage. */
  model?: string | undefined;
  /** Aborts the call; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Usage statistics over a window.
 */
export interface Usage {
  /** Start of the window (RFC3339). */
  from: string;
  /** End of the window (RFC3339). */
  to: string;
  /** One entry per model used in the window. */
  perModel: Array<{
    /** Model id. */
    model: string;
    /** Model type, e.g. `text-to-video`. */
    modelType: string;
    /** Price of one run in USD. */
    unitPrice: number;
    /** Spent on this model in USD. */
    totalCost: number;
    /** Runs of this model. */
    totalCount: number;
    /** Last day it was used (`YYYY-MM-DD`). */
    lastUsedDate: string;
  }>;
  /** One entry per day with usage. */
  daily: Array<{
    /** The day (`YYYY-MM-DD`). */
    date: string;
    /** Spent that day in USD. */
    amount: number;
    /** Runs that day. */
    count: number;
    /** That day's spending per model. */
    models: Array<{
      /** Model id. */
      model: string;
      /** Spent on it that day in USD. */
      amount: number;
      /** Its runs that day. */
      count: number;
    }>;
  }>;
  /** Totals over the window. */
  summary: {
    /** Spent in USD. */
    totalCost: number;
    /** Requests made. */
    totalRequests: number;
    /** Requests that succeeded. */
    successRequests: number;
  };
}

/**
 * Filters of `account.billings`.
 */
export interface BillingsParams {
  /** Start of the window (Date or ISO time). */
  from?: Date | string | undefined;
  /** End of the window (Date or ISO time). */
  to?: Date | string | undefined;
  /** `deduct` (charges) or `refund`. */
  type?: 'deduct' | 'refund' | (string & {}) | undefined;
  /** Only this model's charges. */
  model?: string | undefined;
  /** Items per request, 1–100. @default 50 */
  pageSize?: number | undefined;
  /** Aborts the iteration; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * One charge or refund.
 */
export interface Billing {
  /** Id of the billing record. */
  id: string;
  /** `deduct` or `refund`. */
  type: string;
  /** Amount in USD. */
  price: number;
  /** When it was recorded (RFC3339). */
  createdAt: string;
  /** When it last changed (RFC3339). */
  updatedAt?: string;
  /** The prediction it is for. */
  prediction?: {
    /** Prediction id. */
    id: string;
    /** Model id. */
    model: string;
    /** The prediction's status. */
    status: string;
  };
  /** The order record as the API sent it (snake_case). */
  order?: Record<string, unknown>;
  /** Name of the API key that ran the job, when it has one. */
  accessKeyName?: string;
}
