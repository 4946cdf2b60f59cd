import type { KnownModelInputs } from './types.generated.js';

export type { FileInput } from './file-input.js';
export type { KnownModelInputs } from './types.generated.js';

/**
 * Model ids present in the bundled catalog snapshot.
 */
export type KnownModelId = keyof KnownModelInputs;

/**
 * Any model id: a known one (autocompleted) or any other string.
 */
export type ModelId = KnownModelId | (string & {});

/**
 * Body flags the API accepts beside any model's own fields.
 */
export interface SubmitFlags {
  /** Block until the job finishes and answer with its outputs (prefer the `sync` option). */
  enable_sync_mode?: boolean;
  /** Return outputs as bare base64 strings instead of URLs (not with webhooks). */
  enable_base64_output?: boolean;
}

/**
 * The input object of model `M`: for a known model, its fields with their types (required
 * ones required, enums as literal unions, media fields as {@link FileInput}); any other model
 * accepts any object.
 *
 * @example
 * ```ts
 * const input: ModelInput<'wavespeed-ai/flux-dev'> = { prompt: 'A cat', num_images: 2 };
 * const other: ModelInput<'acme/new-model'> = { anything: true };
 * ```
 */
export type ModelInput<M extends string> = string extends M
  ? Record<string, unknown>
  : M extends KnownModelId
    ? KnownModelInputs[M] & SubmitFlags
    : Record<string, unknown>;
