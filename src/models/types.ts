// Placeholder contract; the typed catalog replaces the bodies, keeping these names.

/**
 * Model ids present in the bundled catalog snapshot.
 *
 * @example
 * ```ts
 * const id: KnownModelId = 'wavespeed-ai/flux-dev';
 * ```
 */
export type KnownModelId = never;

/**
 * Any model id: a known one (autocompleted) or any other string.
 *
 * @example
 * ```ts
 * const id: ModelId = 'wavespeed-ai/flux-dev';
 * ```
 */
export type ModelId = KnownModelId | (string & {});

/**
 * A value for a media field: a URL string, or local data the SDK uploads first.
 *
 * @example
 * ```ts
 * const image: FileInput = new URL('file:///tmp/cat.png');
 * ```
 */
export type FileInput = string | Blob | Uint8Array | URL;

/**
 * The input object of model `M`; unknown models accept any object.
 *
 * @example
 * ```ts
 * const input: ModelInput<'wavespeed-ai/flux-dev'> = { prompt: 'A cat' };
 * ```
 */
export type ModelInput<_M extends string> = Record<string, unknown>;
