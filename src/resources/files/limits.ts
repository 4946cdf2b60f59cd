import { ValidationError } from '../../core/errors.js';
import { type MediaKind, mediaKindOf } from './mime.js';

// How big an upload may be.

const MiB = 1024 * 1024;

/**
 * The one documented upload limit: "for files over 300 MB use a URL input" (wavespeed.ai docs,
 * upload-files). Read as 300 MiB, the larger reading, so the SDK never refuses a file the API
 * might take. Larger files must be hosted elsewhere and passed to the model as a URL.
 *
 * @example
 * ```ts
 * if (size > MAX_UPLOAD_BYTES) input.video = await hostElsewhere(path); // a URL input instead
 * ```
 */
export const MAX_UPLOAD_BYTES = 300 * MiB;

/**
 * Per-type sizes one docs page lists (images 20 MB, video 100 MB, audio 50 MB) that no official
 * client enforces and no other source confirms: a file over one is sent anyway, with a warning
 * in the log, and the API has the last word.
 */
export const UNCONFIRMED_TYPE_LIMITS: Readonly<Partial<Record<MediaKind, number>>> = Object.freeze({
  image: 20 * MiB,
  video: 100 * MiB,
  audio: 50 * MiB,
});

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
 * The most an upload may have: the documented maximum, or the caller's own `maxBytes` when lower.
 *
 * @example
 * ```ts
 * uploadLimit(); // 300 MiB
 * uploadLimit(10 * 2 ** 20); // 10 MiB
 * ```
 */
export function uploadLimit(maxBytes?: number): number {
  return maxBytes === undefined ? MAX_UPLOAD_BYTES : Math.min(maxBytes, MAX_UPLOAD_BYTES);
}

/**
 * The error for a file over the limit, telling the user what to do instead: `own` when the limit
 * is the caller's `maxBytes`; `atLeast` when a stream passed it while being sent.
 */
export function tooLargeError(
  label: string,
  size: number,
  limit: number,
  { atLeast = false, own = false } = {},
): ValidationError {
  const measured = atLeast
    ? `more than ${formatBytes(limit)}`
    : `${formatBytes(size)} (${size} bytes)`;
  const whose = own ? 'the maxBytes you set' : `the ${formatBytes(limit)} upload limit`;
  return new ValidationError(
    `${label} is ${measured}, over ${whose}. ` +
      (own
        ? 'Raise maxBytes, or upload a smaller file.'
        : 'Host the file elsewhere and pass its public URL as the model input instead ' +
          `(files over ${formatBytes(MAX_UPLOAD_BYTES)} must be URL inputs).`),
  );
}

/**
 * Throws when a file of `size` bytes is over the limit (the documented maximum, or the caller's
 * `maxBytes`); returns a warning to log when it is only over an unconfirmed per-type size.
 *
 * @throws {ValidationError} naming the file, its size and the limit.
 * @example
 * ```ts
 * const warning = checkUploadSize('clip.mp4', 150 * 2 ** 20, 'video/mp4'); // sent, with a warning
 * if (warning) logger.warn(warning);
 * ```
 */
export function checkUploadSize(
  label: string,
  size: number,
  contentType: string,
  maxBytes?: number,
): string | undefined {
  const limit = uploadLimit(maxBytes);
  if (size > limit) throw tooLargeError(label, size, limit, { own: limit !== MAX_UPLOAD_BYTES });
  const kind = mediaKindOf(contentType);
  const hint = UNCONFIRMED_TYPE_LIMITS[kind];
  if (hint === undefined || size <= hint) return undefined;
  return (
    `${label} is ${formatBytes(size)}, over the ${formatBytes(hint)} one docs page lists for ` +
    `${kind} uploads (unconfirmed): sending it anyway. If the API refuses it, pass a URL instead.`
  );
}
