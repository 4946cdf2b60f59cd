import { lazy } from '../core/util.js';
import { knownModelIds } from './ids.generated.js';
import type { RequestSchema } from './schema.js';
import type { KnownModelId } from './types.js';

export { knownModelIds } from './ids.generated.js';

const known: ReadonlySet<string> = new Set(knownModelIds);
/** The bundled schemas, loaded with the first known model that is validated. */
const loadSchemas = lazy(() => import('./schemas.generated.js'));

/**
 * True when `id` is a model of the bundled catalog snapshot.
 *
 * @example
 * ```ts
 * isKnownModelId('wavespeed-ai/flux-dev'); // true
 * isKnownModelId('acme/new-model'); // false
 * ```
 */
export function isKnownModelId(id: string): id is KnownModelId {
  return known.has(id);
}

/**
 * The bundled (compact) input schema of a known model, or `undefined` for other ids. The
 * schemas load on first use, in their own chunk, so importing the client does not pull them in.
 *
 * @example
 * ```ts
 * const schema = await loadKnownSchema('wavespeed-ai/flux-dev');
 * Object.keys(schema?.properties ?? {}); // ['prompt', 'image', …]
 * ```
 */
export async function loadKnownSchema(modelId: string): Promise<RequestSchema | undefined> {
  if (!known.has(modelId)) return undefined;
  const { knownSchemas } = await loadSchemas();
  return knownSchemas[modelId];
}
