import { isRecord } from '../core/util.js';

// The JSON Schema subset WaveSpeed uses for model inputs (`/api/v3/models`, §3.1 of the API
// notes), plus helpers shared by validation and code generation.

/**
 * A JSON type name as it appears in a schema's `type`.
 */
export type JsonTypeName =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object'
  | 'null';

/**
 * One property of a model's request schema. Only the keys this package reads are typed; live
 * schemas carry more UI hints (`title`, `x-ui-component`, `step` …), kept as `unknown`.
 */
export interface SchemaProperty {
  type?: JsonTypeName | readonly JsonTypeName[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  nullable?: boolean;
  items?: SchemaProperty;
  properties?: Readonly<Record<string, SchemaProperty>>;
  required?: readonly string[];
  [hint: string]: unknown;
}

/**
 * A model's input schema: `api_schema.api_schemas[0].request_schema` of a `/models` entry.
 */
export interface RequestSchema {
  type?: 'object';
  properties: Readonly<Record<string, SchemaProperty>>;
  required?: readonly string[];
  'x-order-properties'?: readonly string[];
  [hint: string]: unknown;
}

/**
 * True when `value` looks like a request schema (an object with a `properties` map).
 *
 * @example
 * ```ts
 * isRequestSchema({ properties: {} }); // true
 * ```
 */
export function isRequestSchema(value: unknown): value is RequestSchema {
  return isRecord(value) && isRecord(value.properties);
}

/**
 * Reads a model entry's input schema (`api_schema.api_schemas[0].request_schema`), preferring the
 * `model_run` item when several are present.
 */
export function requestSchemaOf(entry: unknown): RequestSchema | undefined {
  if (!isRecord(entry) || !isRecord(entry.api_schema)) return undefined;
  const items = entry.api_schema.api_schemas;
  if (!Array.isArray(items)) return undefined;
  const run = items.find((item) => isRecord(item) && item.type === 'model_run') ?? items[0];
  const schema: unknown = isRecord(run) ? run.request_schema : undefined;
  return isRequestSchema(schema) ? schema : undefined;
}

const MEDIA_COMPONENTS = new Set(['upload', 'uploader', 'uploaders', 'file', 'image', 'video']);
const MEDIA_NAME =
  /(^|_)(image|images|img|video|videos|audio|audios|mask|face|photo|file|files|frame|clip|voice_sample)(_url|_urls|_image|_images)?$/;

/**
 * True when a property takes media (a URL string the SDK may produce by uploading local data):
 * a `format: 'uri'` string, an upload widget, or a media-like name (`image`, `mask_image`,
 * `audio`, `*_image_url` …). Arrays count when their items do.
 *
 * @example
 * ```ts
 * isMediaProperty('mask_image', { type: 'string' }); // true
 * isMediaProperty('prompt', { type: 'string' }); // false
 * ```
 */
export function isMediaProperty(name: string, property: SchemaProperty): boolean {
  const types = typeList(property);
  if (types.includes('array')) {
    const items = property.items;
    if (items && isMediaProperty(name, items)) return true;
    const component = property['x-ui-component'];
    return typeof component === 'string' && MEDIA_COMPONENTS.has(component) && !items?.properties;
  }
  if (types.length > 0 && !types.includes('string')) return false;
  if (property.enum) return false;
  if (property.format === 'uri' || property.format === 'binary') return true;
  const component = property['x-ui-component'];
  if (typeof component === 'string' && MEDIA_COMPONENTS.has(component)) return true;
  return MEDIA_NAME.test(name.toLowerCase());
}

/**
 * The JSON types a property allows, as a list (`[]` when the schema does not say).
 *
 * @example
 * ```ts
 * typeList({ type: ['string', 'null'] }); // ['string', 'null']
 * ```
 */
export function typeList(property: SchemaProperty): readonly JsonTypeName[] {
  const { type } = property;
  if (type === undefined) return [];
  return typeof type === 'string' ? [type] : type;
}

const KEPT_KEYS = [
  'type',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'nullable',
] as const;

function compactProperty(name: string, property: SchemaProperty): SchemaProperty {
  const out: Record<string, unknown> = {};
  for (const key of KEPT_KEYS) {
    if (property[key] !== undefined) out[key] = property[key];
  }
  const types = typeList(property);
  if (types.includes('string') || types.length === 0) {
    if (isMediaProperty(name, property) && !types.includes('array')) out.format = 'uri';
  }
  if (property.items) {
    out.items = compactProperty(name, property.items);
  } else if (types.includes('array') && isMediaProperty(name, property)) {
    out.items = { type: 'string', format: 'uri' };
  }
  if (property.properties) {
    const nested: Record<string, SchemaProperty> = {};
    for (const [key, value] of Object.entries(property.properties)) {
      nested[key] = compactProperty(key, value);
    }
    out.properties = nested;
    if (property.required && property.required.length > 0) out.required = [...property.required];
  }
  return out as SchemaProperty;
}

/**
 * Keeps only what validation reads (types, enums, bounds, nesting, required) and marks media
 * fields with `format: 'uri'`, so the bundled schemas stay small.
 *
 * @example
 * ```ts
 * compactRequestSchema({ properties: { prompt: { type: 'string', title: 'Prompt' } } });
 * // { properties: { prompt: { type: 'string' } } }
 * ```
 */
export function compactRequestSchema(schema: RequestSchema): RequestSchema {
  const properties: Record<string, SchemaProperty> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    properties[name] = compactProperty(name, property);
  }
  const out: RequestSchema = { properties };
  if (schema.required && schema.required.length > 0) out.required = [...schema.required];
  return out;
}
