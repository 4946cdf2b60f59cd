import type { Random } from './ids.js';
import type { JobEngine } from './jobs.js';
import type { MediaCache } from './media.js';
import type { RateLimiter } from './rate-limit.js';
import type {
  SimLogger,
  SimModel,
  SimRequest,
  SimTierLimits,
  SimWebhookDelivery,
} from './types.js';
import type { UploadStore } from './upload-store.js';
import type { WebhookDeliverer } from './webhooks-delivery.js';

/**
 * The simulator's shared state, handed to every route handler.
 */
export interface App {
  readonly speed: number;
  readonly syncTimeoutMs: number;
  readonly apiUrl: string;
  readonly storageUrl: string;
  readonly keys: ReadonlySet<string>;
  readonly webhookSecret: string;
  readonly models: Map<string, SimModel>;
  readonly catalog: SimModel[];
  readonly engine: JobEngine;
  readonly limiter: RateLimiter | undefined;
  readonly limits: SimTierLimits | undefined;
  readonly uploads: UploadStore;
  /** Output files made recently (they are made when first downloaded). */
  readonly media: MediaCache;
  /** Size limit per upload type, in bytes. */
  readonly uploadLimits: Readonly<Record<'image' | 'video' | 'audio' | 'file', number>>;
  readonly webhooks: WebhookDeliverer;
  readonly ids: Random;
  readonly requests: SimRequest[];
  readonly webhookLog: SimWebhookDelivery[];
  readonly deletedIds: string[];
  readonly logger: SimLogger;
  /** Timers owned by streaming responses, cleared on close. */
  readonly streamTimers: Set<NodeJS.Timeout>;
  balance: number;
  closed: boolean;
}

/**
 * Waits `ms` on a timer the simulator tracks in `app.streamTimers`, so `close()` can clear it.
 */
export function trackedSleep(app: App, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      app.streamTimers.delete(timer);
      resolve();
    }, ms);
    app.streamTimers.add(timer);
  });
}
