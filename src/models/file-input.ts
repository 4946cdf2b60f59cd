// The type of a media field's value. A leaf, so the generated input types and the hand-written
// ones can both use it without importing each other.

/**
 * A value for a media field: a URL string, or local data the SDK uploads first.
 *
 * @example
 * ```ts
 * const input: ModelInput<'wavespeed-ai/flux-kontext-dev'> = {
 *   image: new URL('file:///tmp/cat.png'), // uploaded first, then sent as its URL
 *   prompt: 'Make it snowy',
 * };
 * ```
 */
export type FileInput = string | Blob | Uint8Array | URL;
