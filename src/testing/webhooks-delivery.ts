import { createHmac } from 'node:crypto';
import type { Random } from './ids.js';
import type { SimLogger, SimWebhookDelivery } from './types.js';

/** Attempts per event: the first plus retries on non-2xx or network errors. */
const MAX_ATTEMPTS = 4;
/** Base backoff in ms before speed scaling: 1 s, 2 s, 4 s. */
const BACKOFF_MS = 1_000;
/** Per-attempt network timeout (not scaled: it guards against a stuck receiver). */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * The delivery's signature as WaveSpeed computes it: hex HMAC-SHA256 of `{id}.{timestamp}.{body}`
 * keyed with the secret minus its `whsec_` prefix. Written here from the API notes, not taken
 * from the SDK, so the simulator checks the SDK's verification instead of mirroring it.
 */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('hex');
}

/**
 * Delivers signed webhook events with retries, recording every attempt; never throws.
 */
export class WebhookDeliverer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  /** Bumped by clear(): attempts from an older generation stop quietly. */
  private generation = 0;

  constructor(
    private readonly options: {
      secret: string;
      speed: number;
      random: Random;
      record: (delivery: SimWebhookDelivery) => void;
      logger?: SimLogger;
    },
  ) {}

  /** Starts delivering `body` to `url` in the background. */
  deliver(url: string, predictionId: string, body: string): void {
    const eventId = this.options.random.hex(32);
    this.attempt(url, predictionId, eventId, body, 1, this.generation).catch((caught: unknown) => {
      this.options.logger?.error?.('webhook delivery crashed', caught);
    });
  }

  private async attempt(
    url: string,
    predictionId: string,
    eventId: string,
    body: string,
    attempt: number,
    generation: number,
  ): Promise<void> {
    if (this.closed || generation !== this.generation) return;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'WaveSpeed-Webhook/1.0',
      'webhook-id': eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v3,${sign(this.options.secret, eventId, timestamp, body)}`,
    };
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
    let status = 0;
    let error: string | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    if (this.closed || generation !== this.generation) return;
    const delivery: SimWebhookDelivery = {
      url,
      status,
      headers,
      body,
      attempt,
      predictionId,
      at: Date.now(),
    };
    if (error !== undefined) delivery.error = error;
    this.options.record(delivery);
    const ok = status >= 200 && status < 300;
    if (ok) return;
    this.options.logger?.warn?.(
      `webhook delivery ${attempt}/${MAX_ATTEMPTS} for ${predictionId} failed (${error ?? status})`,
    );
    if (attempt >= MAX_ATTEMPTS) return;
    const delay = (BACKOFF_MS * 2 ** (attempt - 1)) / this.options.speed;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(url, predictionId, eventId, body, attempt + 1, generation).catch(
        (caught: unknown) => {
          this.options.logger?.error?.('webhook delivery crashed', caught);
        },
      );
    }, delay);
    this.timers.add(timer);
  }

  /** Cancels pending retries and in-flight attempts. */
  clear(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}
