import { clampTimer } from './util.js';

/** What runs when a signal aborts: the registered listeners and the one listener on the signal. */
interface Registry {
  listeners: Set<() => void>;
  handler: () => void;
}

const registries = new WeakMap<AbortSignal, Registry>();

/**
 * Runs `listener` once when `signal` aborts, and returns the function that detaches it. However
 * many requests share one signal (a service passing its shutdown signal to every call), the signal
 * carries a single `abort` listener while any is attached, and none after: one per request would
 * pass Node's limit of 10 and print "MaxListenersExceededWarning: Possible EventTarget memory
 * leak detected", and a listener left behind keeps a derived signal (`AbortSignal.any`) alive.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let registry = registries.get(signal);
  if (registry === undefined) {
    const listeners = new Set<() => void>();
    const handler = (): void => {
      registries.delete(signal);
      for (const run of [...listeners]) run();
      listeners.clear();
    };
    registry = { listeners, handler };
    registries.set(signal, registry);
    signal.addEventListener('abort', handler, { once: true });
  }
  // A wrapper, so the same function attached twice is two attachments.
  const entry = (): void => listener();
  const current = registry;
  current.listeners.add(entry);
  return () => {
    if (!current.listeners.delete(entry) || current.listeners.size > 0) return;
    signal.removeEventListener('abort', current.handler);
    if (registries.get(signal) === current) registries.delete(signal);
  };
}

/**
 * Sleeps `ms`, rejecting with `signal.reason` as soon as the signal aborts. The timer is always
 * cleared, so nothing keeps the process alive afterwards.
 *
 * @example
 * ```ts
 * await abortableSleep(backoff, options.signal); // a Ctrl-C ends the wait at once
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      detach?.();
      resolve();
    }, clampTimer(ms));
    const detach =
      signal === undefined
        ? undefined
        : onAbort(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
  });
}
