// One model as `GET /api/v3/models` describes it (wire shape, snake_case): the one description
// shared by the bundled catalog, the code generator, the models resource and the simulator.
// This module imports nothing.

/**
 * One entry of `GET /api/v3/models`, in the real wire shape.
 *
 * @example
 * ```ts
 * const model: CatalogEntry = {
 *   model_id: 'acme/tiny-image',
 *   name: 'Tiny Image',
 *   type: 'text-to-image',
 *   base_price: 0.01,
 *   api_schema: {
 *     api_schemas: [
 *       {
 *         type: 'model_run',
 *         method: 'POST',
 *         api_path: '/api/v3/acme/tiny-image',
 *         request_schema: {
 *           type: 'object',
 *           properties: { prompt: { type: 'string' } },
 *           required: ['prompt'],
 *         },
 *       },
 *     ],
 *   },
 * };
 * ```
 */
export interface CatalogEntry {
  /** The id used in `POST /api/v3/{model_id}`, e.g. `wavespeed-ai/flux-dev`. */
  model_id: string;
  /** Display name. */
  name?: string;
  /** One-line description. */
  description?: string;
  /** e.g. `text-to-image`, `image-to-video`, `text-to-speech`, `image-to-3d`, `llm`. */
  type?: string;
  /** Lowest price of one run in USD. */
  base_price?: number;
  /** Position in the catalog listing. */
  sort_order?: number;
  /** JSONata pricing formula, e.g. `{"total_price": base_price * duration / 5}`. */
  formula?: string;
  /** Where the input schema lives (`api_schema.api_schemas[0].request_schema`). */
  api_schema?: CatalogApiSchema;
  /** Any other field the real catalog carries. */
  [key: string]: unknown;
}

/**
 * The `api_schema` block of a catalog entry.
 */
export interface CatalogApiSchema {
  /** One entry per endpoint; the `model_run` one (else the first) describes the submit body. */
  api_schemas?: CatalogApiSchemaEntry[];
  /** Any other field the real catalog carries. */
  [key: string]: unknown;
}

/**
 * One endpoint description inside {@link CatalogApiSchema}.
 */
export interface CatalogApiSchemaEntry {
  /** Usually `model_run`. */
  type?: string;
  /** HTTP method, `POST`. */
  method?: string;
  /** API origin, e.g. `https://api.wavespeed.ai`. */
  server?: string;
  /** Path of the submit endpoint. */
  api_path?: string;
  /** JSON schema of the flat submit body. */
  request_schema?: CatalogJsonSchema;
  /** Any other field the real catalog carries. */
  [key: string]: unknown;
}

/**
 * The subset of JSON Schema model inputs are described with.
 */
export interface CatalogJsonSchema {
  /** JSON type(s): `string`, `integer`, `number`, `boolean`, `array`, `object`. */
  type?: string | string[];
  /** Fields of an object schema. */
  properties?: Record<string, CatalogJsonSchema>;
  /** Field names that must be present. */
  required?: string[];
  /** Allowed values. */
  enum?: unknown[];
  /** Inclusive lower bound for numbers. */
  minimum?: number;
  /** Inclusive upper bound for numbers. */
  maximum?: number;
  /** Value the model uses when the field is absent. */
  default?: unknown;
  /** Schema of array items. */
  items?: CatalogJsonSchema;
  /** Fewest array items. */
  minItems?: number;
  /** Most array items. */
  maxItems?: number;
  /** Whether `null` is accepted. */
  nullable?: boolean;
  /** UI hints and other keywords (`x-order-properties`, `description` …). */
  [key: string]: unknown;
}
