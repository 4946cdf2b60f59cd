import { WebhookVerificationError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import { computeWebhookSignature, constantTimeEqualHex } from '../core/signature.js';
import { type Prediction, toPrediction, type WirePrediction } from './predictions/prediction.js';

// Webhooks: the account's signing secret, and verifying a delivery on its raw body.

/** Default tolerance between the delivery's timestamp and the local clock, in seconds. */
const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Headers as Node, fetch or frameworks give them.
 */
export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>
  | {
      /** Returns the header's value, or null when absent. */
      get(name: string): string | null;
    };

/**
 * Arguments of {@link verifyWebhook}.
 */
export interface VerifyWebhookParams {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  /** The request headers (`req.headers`, a `Headers` object, or a plain object). */
  headers: WebhookHeaders;
  /** The webhook secret (`whsec_…`, with or without the prefix): `client.webhooks.secret()`. */
  secret: string;
  /** Largest accepted clock difference in seconds. @default 300 */
  toleranceSeconds?: number;
  /** The current time in ms (for tests). @default Date.now() */
  now?: number;
}

function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value ?? undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.map(String).join(' ');
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function fail(message: string): never {
  throw new WebhookVerificationError(`${message} Answer this request with HTTP 400.`);
}

/**
 * Verifies a webhook delivery and returns the prediction it carries. Checks the
 * `webhook-signature` (HMAC-SHA256 of `"{id}.{timestamp}.{raw body}"`, compared in constant
 * time; several space-separated signatures are accepted) and that `webhook-timestamp` is within
 * `toleranceSeconds` of now. Throws {@link WebhookVerificationError} saying what is wrong.
 *
 * @example
 * ```ts
 * import { verifyWebhook } from 'wavespeed-sdk';
 *
 * app.post('/hook', express.raw({ type: 'application/json' }), (req, res) => {
 *   const prediction = verifyWebhook({ body: req.body, headers: req.headers, secret });
 *   console.log(prediction.id, prediction.status);
 *   res.sendStatus(200);
 * });
 * ```
 */
export function verifyWebhook(params: VerifyWebhookParams): Prediction {
  const { body, headers, secret } = params;
  if (typeof secret !== 'string' || secret.trim() === '') {
    fail('No webhook secret given: pass the secret from client.webhooks.secret().');
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    fail('The webhook body must be the raw request body (string or bytes), not parsed JSON.');
  }
  if (headers === null || typeof headers !== 'object') fail('No webhook headers given.');
  const id = readHeader(headers, 'webhook-id');
  const timestamp = readHeader(headers, 'webhook-timestamp');
  const signatures = readHeader(headers, 'webhook-signature');
  const missing = [
    id ? undefined : 'webhook-id',
    timestamp ? undefined : 'webhook-timestamp',
    signatures ? undefined : 'webhook-signature',
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0) fail(`Missing webhook header(s): ${missing.join(', ')}.`);

  const seconds = Number(timestamp);
  if (!/^\d+$/.test(String(timestamp).trim()) || !Number.isSafeInteger(seconds)) {
    fail(`Invalid webhook-timestamp "${String(timestamp).slice(0, 20)}": expected unix seconds.`);
  }
  const tolerance = params.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((params.now ?? Date.now()) / 1000);
  if (Math.abs(now - seconds) > tolerance) {
    fail(
      `The webhook timestamp is ${Math.abs(now - seconds)} s away from now (tolerance ${tolerance} s): ` +
        'a replayed delivery, or the server clock is wrong.',
    );
  }

  const expected = computeWebhookSignature(secret.trim(), id as string, seconds, body);
  let matched = false;
  for (const candidate of String(signatures).split(' ')) {
    const comma = candidate.indexOf(',');
    if (comma < 0) continue;
    const version = candidate.slice(0, comma);
    const value = candidate.slice(comma + 1).trim();
    if (version !== 'v3') continue;
    // Every candidate is compared (no early exit) so timing says nothing about which matched.
    if (constantTimeEqualHex(value.toLowerCase(), expected)) matched = true;
  }
  if (!matched) {
    fail(
      'The webhook signature does not match: the body was changed, or the secret is wrong ' +
        '(use client.webhooks.secret()).',
    );
  }

  let text: string;
  try {
    // Fatal: a lenient decode would turn corrupt bytes into U+FFFD and accept a changed payload.
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    fail('The webhook body is not valid UTF-8: pass the raw request bytes, not a re-encoded body.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail('The webhook body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail('The webhook body is not a prediction object.');
  }
  const record = parsed as Record<string, unknown>;
  // Deliveries carry the bare prediction; tolerate an envelope too.
  const wire = (
    typeof record.data === 'object' && record.data !== null && !('id' in record)
      ? record.data
      : record
  ) as WirePrediction;
  if (typeof wire.id !== 'string') fail('The webhook body has no prediction id.');
  return toPrediction(wire);
}

/**
 * Webhook helpers bound to a client.
 *
 * @example
 * ```ts
 * const secret = await client.webhooks.secret();
 * ```
 */
export class Webhooks {
  readonly #http: HttpClient;

  constructor(deps: { http: HttpClient }) {
    this.#http = deps.http;
  }

  /**
   * The secret WaveSpeed signs webhook deliveries with (`whsec_…`); pass it to `verifyWebhook`.
   *
   * @example
   * ```ts
   * const secret = await client.webhooks.secret();
   * verifyWebhook({ body, headers, secret });
   * ```
   */
  async secret(options: { signal?: AbortSignal } = {}): Promise<string> {
    const data = await this.#http.request<{ secret?: string } | string>({
      method: 'GET',
      path: '/api/v3/webhook/secret',
      signal: options.signal,
    });
    const secret = typeof data === 'string' ? data : data?.secret;
    if (typeof secret !== 'string' || secret === '') {
      throw new WebhookVerificationError(
        'The API returned no webhook secret. Check the account at https://wavespeed.ai.',
      );
    }
    return secret;
  }

  /**
   * Same as the top-level {@link verifyWebhook}.
   *
   * @example
   * ```ts
   * const prediction = client.webhooks.verify({ body, headers, secret });
   * ```
   */
  verify(params: VerifyWebhookParams): Prediction {
    return verifyWebhook(params);
  }
}
