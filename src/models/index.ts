// Internal barrel for the model catalog: types, known ids, lazy schemas and validation.
// It imports the validator (and zod) eagerly; the client imports preflight.js instead, which
// loads them on first use.
export { isKnownModelId, knownModelIds, loadKnownSchema } from './known.js';
export {
  type PreflightOptions,
  preflightIssues,
  schemaFrom,
} from './preflight.js';
export {
  type CatalogEntry,
  isMediaProperty,
  isRequestSchema,
  type RequestSchema,
  requestSchemaOf,
  type SchemaProperty,
} from './schema.js';
export { closest, editDistance } from './suggest.js';
export type {
  FileInput,
  KnownModelId,
  KnownModelInputs,
  ModelId,
  ModelInput,
  SubmitFlags,
} from './types.js';
export {
  compileRequestSchema,
  SUBMIT_FLAGS,
  type ValidationIssue,
  validateModelInput,
} from './validate.js';
