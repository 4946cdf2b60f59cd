import { ValidationError } from '../../core/errors.js';
import { type MediaKind, mediaKindOf } from './mime.js';

// How big an upload may be.

const MiB = 1024 * 1024;

/**
 * Upload size limits in bytes (1 MB = 2^20 bytes). Larger files must be hosted elsewhere and
 * passed to the model as a URL input. `stream` caps streams whose size is not known up front.
 *
 * @example
 * ```ts
 * UPLOAD_LIMITS.image; // 20 MB
 * ```
 */
export const UPLOAD_LIMITS: Readonly<Record<MediaKind | 'stream', number>> = Object.freeze({
  image: 20 * MiB,
  video: 100 * MiB,
  audio: 50 * MiB,
  other: 300 * MiB,
  stream: 200 * MiB,
});

/**
 * The size limit in bytes for a content type.
 *
 * @example
 * ```ts
 * uploadLimitFor('image/png'); // 20 MB
 * ```
 */
export function uploadLimitFor(contentType: string): number {
  return UPLOAD_LIMITS[mediaKindOf(contentType)];
}

/**
 * Formats a byte count for messages (`"25.3 MB"`).
 *
 * @example
 * ```ts
 * formatBytes(1536); // '1.5 KB'
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/**
 * The error for a file over its limit, telling the user what to do instead.
 */
export function tooLargeError(
  label: string,
  size: number,
  contentType: string,
  limit = uploadLimitFor(contentType),
  { atLeast = false } = {},
): ValidationError {
  const kind = mediaKindOf(contentType);
  const what = kind === 'other' ? 'uploads' : `${kind} uploads`;
  const measured = atLeast
    ? `more than ${formatBytes(limit)}`
    : `${formatBytes(size)} (${size} bytes)`;
  return new ValidationError(
    `${label} is ${measured}, over the ${formatBytes(limit)} limit for ${what}. ` +
      `Use a smaller file, or host it and pass its public URL as the model input instead ` +
      `(files over ${formatBytes(UPLOAD_LIMITS.other)} must always be URL inputs).`,
  );
}

/**
 * Throws when a file of `size` bytes is over the limit for its content type.
 *
 * @throws {ValidationError} naming the file, its size and the limit.
 * @example
 * ```ts
 * checkUploadSize('cat.png', 1024, 'image/png'); // ok
 * ```
 */
export function checkUploadSize(label: string, size: number, contentType: string): void {
  if (size > uploadLimitFor(contentType)) throw tooLargeError(label, size, contentType);
}
