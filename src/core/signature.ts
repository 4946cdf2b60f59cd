import { createHmac, timingSafeEqual } from 'node:crypto';

/** The prefix WaveSpeed puts on webhook secrets; the signing key is the secret without it. */
const SECRET_PREFIX = 'whsec_';

/**
 * Strips the `whsec_` prefix from a webhook secret, returning the raw signing key.
 *
 * @example
 * ```ts
 * signingKey('whsec_abc'); // 'abc'
 * ```
 */
export function signingKey(secret: string): string {
  return secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
}

/**
 * Computes the hex HMAC-SHA256 WaveSpeed uses to sign a webhook delivery:
 * `hex(HMAC_SHA256(secret minus "whsec_", "{id}.{timestamp}.{raw body}"))`.
 *
 * @example
 * ```ts
 * const hex = computeWebhookSignature('whsec_abc', 'evt_1', 1767225600, '{"id":"x"}');
 * const header = `v3,${hex}`;
 * ```
 */
export function computeWebhookSignature(
  secret: string,
  id: string,
  timestamp: number | string,
  body: string | Uint8Array,
): string {
  const hmac = createHmac('sha256', Buffer.from(signingKey(secret), 'utf8'));
  hmac.update(`${id}.${timestamp}.`);
  hmac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return hmac.digest('hex');
}

/**
 * Compares two hex digests in constant time (for equal lengths); different lengths are unequal.
 *
 * @example
 * ```ts
 * constantTimeEqualHex('ab12', 'ab12'); // true
 * ```
 */
export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend comparable time so the length difference is the only signal.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
