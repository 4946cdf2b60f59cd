import type { ValidationIssue } from '../core/types.js';
import { isRecord, lazy } from '../core/util.js';
import { loadKnownSchema } from './known.js';
import { isRequestSchema, type RequestSchema, requestSchemaOf } from './schema.js';

/** The validator (and zod with it), loaded on the first input that has a schema to check. */
const loadValidator = lazy(() => import('./validate.js'));

/**
 * How {@link preflightIssues} finds schemas for models outside the bundled snapshot.
 */
export interface PreflightOptions {
  /**
   * Loads a model's schema (opt-in). May return a `/models` entry (`api_schema…`), an object
   * with `inputSchema`, or the request schema itself. Called once per model id per cache; a
   * rejection is passed on and not cached.
   */
  fetchSchema?: (modelId: string) => Promise<unknown>;
  /** Where fetched schemas are kept; defaults to one cache per `fetchSchema` function. */
  cache?: Map<string, Promise<RequestSchema | undefined>>;
}

const caches = new WeakMap<object, Map<string, Promise<RequestSchema | undefined>>>();

/**
 * Finds the request schema inside whatever a schema source returned.
 */
export function schemaFrom(value: unknown): RequestSchema | undefined {
  const fromEntry = requestSchemaOf(value);
  if (fromEntry) return fromEntry;
  if (isRecord(value)) {
    for (const key of ['inputSchema', 'input_schema', 'request_schema']) {
      if (isRequestSchema(value[key])) return value[key];
    }
  }
  return isRequestSchema(value) ? value : undefined;
}

function fetchedSchema(
  modelId: string,
  fetchSchema: (modelId: string) => Promise<unknown>,
  cache: Map<string, Promise<RequestSchema | undefined>>,
): Promise<RequestSchema | undefined> {
  let pending = cache.get(modelId);
  if (!pending) {
    pending = fetchSchema(modelId).then(schemaFrom);
    cache.set(modelId, pending);
    pending.catch(() => cache.delete(modelId));
  }
  return pending;
}

/**
 * Checks a model input against the model's schema when the schema is known: the bundled one
 * for snapshot models, else (opt-in) one fetched with `fetchSchema` and cached. Returns the
 * issues found; `[]` when the input is valid or nothing is known about the model.
 */
export async function preflightIssues(
  modelId: string,
  input: unknown,
  options: PreflightOptions = {},
): Promise<ValidationIssue[]> {
  let schema = await loadKnownSchema(modelId);
  const { fetchSchema } = options;
  if (!schema && fetchSchema) {
    let cache = options.cache ?? caches.get(fetchSchema);
    if (!cache) {
      cache = new Map();
      caches.set(fetchSchema, cache);
    }
    schema = await fetchedSchema(modelId, fetchSchema, cache);
  }
  if (!schema) return [];
  const { validateModelInput } = await loadValidator();
  return validateModelInput(modelId, schema, input);
}
