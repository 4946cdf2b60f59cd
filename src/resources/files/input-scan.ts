import { ValidationError } from '../../core/errors.js';

// The cheap half of input-files.ts: every submit asks whether its input holds files, but only
// inputs that do need the upload machinery, which loads on first use.

/**
 * A value inside a model input that must be uploaded before the input is sent: a `Blob`/`File`,
 * a `Buffer`/`Uint8Array`, or a `file:` URL.
 */
export type InputFile = Blob | Uint8Array | URL;

/**
 * Deeper inputs are certainly a mistake (most likely a circular reference); refusing them keeps
 * the walk allocation-free, with no visited set.
 */
export const MAX_INPUT_DEPTH = 64;

/**
 * The error for an input nested deeper than {@link MAX_INPUT_DEPTH} levels.
 */
export function inputTooDeep(): ValidationError {
  return new ValidationError(
    `Input is nested more than ${MAX_INPUT_DEPTH} levels deep (circular reference?); pass plain JSON-like data.`,
  );
}

/**
 * True for objects made by `{}` literals or `Object.create(null)`: the only objects walked into.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 * ```
 */
export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * True for the values that are replaced by an upload.
 *
 * @example
 * ```ts
 * isUploadable(new URL('file:///tmp/cat.png')); // true
 * isUploadable(new URL('https://example.com/cat.png')); // false
 * ```
 */
export function isUploadable(value: object): value is InputFile {
  return (
    value instanceof Blob ||
    value instanceof Uint8Array ||
    (value instanceof URL && value.protocol === 'file:')
  );
}

function scan(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isUploadable(value)) return true;
  if (depth >= MAX_INPUT_DEPTH) throw inputTooDeep();
  if (Array.isArray(value)) {
    for (const item of value) if (scan(item, depth + 1)) return true;
    return false;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key) && scan(value[key], depth + 1)) return true;
  }
  return false;
}

/**
 * Tells whether an input holds anything `uploadInputFiles` would upload (a `Blob`, a
 * `Uint8Array`/`Buffer` or a `file:` URL) inside plain objects and arrays. It allocates nothing,
 * so calling it on every submit costs next to nothing when the input is plain JSON.
 * Strings are never files: a path in a string is sent as-is.
 *
 * @throws {ValidationError} when the input nests deeper than 64 levels (circular reference).
 * @example
 * ```ts
 * hasInputFiles({ prompt: 'A cat' }); // false
 * hasInputFiles({ image: new Blob([bytes]) }); // true
 * hasInputFiles({ image: '/tmp/cat.png' }); // false: strings are sent as-is
 * ```
 */
export function hasInputFiles(input: unknown): boolean {
  return scan(input, 0);
}
