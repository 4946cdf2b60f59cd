/**
 * `wavespeed-sdk/testing`: a faithful local WaveSpeed API for tests, demos and benchmarks.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'wavespeed-sdk/testing';
 *
 * const sim = await createSimulator({ speed: 100 });
 * // point a client at sim.url with sim.apiKey …
 * await sim.close();
 * ```
 *
 * @module
 */

export type {
  CatalogApiSchema,
  CatalogApiSchemaEntry,
  CatalogEntry,
  CatalogJsonSchema,
} from '../models/catalog-entry.js';
export { STREAMING_MODELS } from './catalog.js';
export { DEFAULT_DURATIONS } from './jobs.js';
export { TIERS } from './rate-limit.js';
export { createSimulator } from './server.js';
export type {
  SimApiSchema,
  SimApiSchemaEntry,
  SimFault,
  SimFaultHandle,
  SimJob,
  SimJobDescriptor,
  SimJobStatus,
  SimJsonSchema,
  SimLogger,
  SimModel,
  SimModelKind,
  SimRequest,
  SimRouteName,
  SimState,
  SimTier,
  SimTierLimits,
  SimUpload,
  Simulator,
  SimulatorOptions,
  SimWebhookDelivery,
} from './types.js';
export { UPLOAD_LIMITS } from './upload-types.js';
