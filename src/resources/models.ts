import { NotFoundError, ServerError, ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import { isRecord, lazy } from '../core/util.js';
import type { CatalogEntry } from '../models/catalog-entry.js';
import { modelIdIssues } from '../models/model-id.js';

// `client.models`: the catalog (cached), one model's schema, price quotes.

const loadSuggest = lazy(() => import('../models/suggest.js'));

interface WirePrice {
  model_id?: string;
  price?: number;
  unit_price?: number;
  discounted_price?: number;
  discount_rate?: number;
  currency?: string;
}

function toModel(wire: CatalogEntry): Model {
  const schema = wire.api_schema?.api_schemas?.[0]?.request_schema;
  return {
    id: wire.model_id,
    name: wire.name ?? wire.model_id,
    description: wire.description ?? '',
    type: wire.type ?? 'unknown',
    basePrice: wire.base_price ?? 0,
    ...(wire.sort_order === undefined ? {} : { sortOrder: wire.sort_order }),
    ...(wire.formula === undefined ? {} : { formula: wire.formula }),
    ...(schema === undefined || schema === null ? {} : { inputSchema: schema as JsonSchema }),
  };
}

function checkModelId(model: unknown): asserts model is string {
  const issues = modelIdIssues(model);
  if (issues.length > 0) throw ValidationError.fromIssues('Invalid model id', issues);
}

/**
 * The model catalog: every model with its type, price and input schema.
 *
 * @example
 * ```ts
 * const models = await client.models.list();
 * const flux = await client.models.get('wavespeed-ai/flux-dev');
 * ```
 */
export class Models {
  readonly #http: HttpClient;
  readonly #ttl: number;
  #cache: { at: number; models: Promise<Model[]> } | undefined;

  /** `cacheTtl`: how long the catalog is kept, ms. */
  constructor(deps: { http: HttpClient; cacheTtl: number }) {
    this.#http = deps.http;
    this.#ttl = deps.cacheTtl;
  }

  /**
   * Lists every model. The result is cached per client for `modelsCacheTtl` (default 5 min).
   *
   * @example
   * ```ts
   * const videoModels = (await client.models.list()).filter((m) => m.type.includes('video'));
   * ```
   */
  list(options: { signal?: AbortSignal; refresh?: boolean } = {}): Promise<Model[]> {
    const now = Date.now();
    if (!options.refresh && this.#cache !== undefined && now - this.#cache.at < this.#ttl) {
      return this.#cache.models;
    }
    const models = this.#http
      .request<CatalogEntry[]>({ method: 'GET', path: '/api/v3/models', signal: options.signal })
      .then((data) =>
        Array.isArray(data)
          ? data.filter((m) => typeof m?.model_id === 'string' && m.model_id !== '').map(toModel)
          : [],
      );
    const entry = { at: now, models };
    this.#cache = entry;
    // A failed fetch must not be served from the cache.
    models.catch(() => {
      if (this.#cache === entry) this.#cache = undefined;
    });
    return models;
  }

  /**
   * One model with its input schema (`inputSchema`, a JSON Schema). An unknown id throws
   * `NotFoundError` with the closest known ids in `suggestions`.
   *
   * @example
   * ```ts
   * const { inputSchema } = await client.models.get('wavespeed-ai/flux-dev');
   * ```
   */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<Model> {
    checkModelId(id);
    const models = await this.list(options);
    const found = models.find((m) => m.id === id);
    if (found !== undefined) return found;
    const { closest } = await loadSuggest();
    const suggestions = closest(
      id,
      models.map((m) => m.id),
      3,
    );
    const hint =
      suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    throw new NotFoundError(
      `Model "${id}" is not in the catalog.${hint} List models with client.models.list().`,
      { status: 404, suggestions },
    );
  }

  /**
   * Quotes the price of running `model` with `input` (no charge). Falls back to the older
   * pricing endpoint when the current one is missing.
   *
   * @example
   * ```ts
   * const { price, currency } = await client.models.price('wavespeed-ai/flux-dev', { prompt: 'A cat' });
   * ```
   */
  async price(
    model: string,
    input: Record<string, unknown>,
    options: { signal?: AbortSignal } = {},
  ): Promise<PriceQuote> {
    checkModelId(model);
    const json = { model_id: model, inputs: input };
    let wire: WirePrice;
    try {
      wire = await this.#http.request<WirePrice>({
        method: 'POST',
        path: '/api/v3/model/price',
        json,
        retry: 'idempotent',
        signal: options.signal,
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      wire = await this.#http.request<WirePrice>({
        method: 'POST',
        path: '/api/v3/model/pricing',
        json,
        retry: 'idempotent',
        signal: options.signal,
      });
    }
    if (!isRecord(wire as unknown)) {
      throw new ServerError(
        `The price answer for ${model} has no quote. Retry; if it persists, report it to WaveSpeed support.`,
        { status: 200, body: wire },
      );
    }
    const price = wire.price ?? wire.unit_price ?? 0;
    return {
      model: wire.model_id ?? model,
      price,
      ...(wire.discounted_price === undefined ? {} : { discountedPrice: wire.discounted_price }),
      ...(wire.discount_rate === undefined ? {} : { discountRate: wire.discount_rate }),
      currency: wire.currency ?? 'USD',
    };
  }
}

/**
 * A JSON Schema object (the model's request schema).
 */
export type JsonSchema = Record<string, unknown>;

/**
 * One catalog entry.
 */
export interface Model {
  /** Model id, e.g. `wavespeed-ai/flux-dev`. */
  id: string;
  /** Display name. */
  name: string;
  /** What the model does. */
  description: string;
  /** Kind, e.g. `text-to-image`, `image-to-video`. */
  type: string;
  /** Lowest price of one run, USD. */
  basePrice: number;
  /** Position in WaveSpeed's own listing. */
  sortOrder?: number;
  /** Price formula (JSONata) the server evaluates for a run. */
  formula?: string;
  /** JSON Schema of the model's input. */
  inputSchema?: JsonSchema;
}

/**
 * A price quote.
 */
export interface PriceQuote {
  /** Model id. */
  model: string;
  /** Price of one run, in `currency`. */
  price: number;
  /** Price after the account's discount, when one applies. */
  discountedPrice?: number;
  /** Discount factor applied (1 = no discount). */
  discountRate?: number;
  /** Currency of the prices, e.g. `USD`. */
  currency: string;
}
