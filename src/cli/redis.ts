import { UsageError } from './errors.js';

// Reading `--redis <url>` and `--tier concurrency=…,perMinute=…` for the commands that run on
// BullMQ.

/** Redis connection options as BullMQ (ioredis) takes them. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
}

/**
 * Connection options from a Redis URL: `redis://[user:password@]host[:port][/db]`, or
 * `rediss://` for TLS.
 *
 * @example
 * ```ts
 * parseRedisUrl('redis://127.0.0.1:6380/2', 'worker'); // { host: '127.0.0.1', port: 6380, db: 2 }
 * ```
 */
export function parseRedisUrl(raw: string, command: string): RedisConnection {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--redis must be a URL like redis://127.0.0.1:6379, got "${raw}"`,
      command,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`--redis must start with redis:// or rediss://, got "${raw}"`, command);
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new UsageError(`--redis: the database must be a number, got "${db}"`, command);
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The account tier, as `--tier` sets it. */
export interface TierFlag {
  concurrency?: number;
  perMinute?: number;
  minuteMs?: number;
}

/**
 * `--tier concurrency=2,perMinute=10` (and `minuteMs=600` for a simulator run with `--speed`).
 *
 * @example
 * ```ts
 * parseTier('concurrency=3,perMinute=30', 'worker'); // { concurrency: 3, perMinute: 30 }
 * ```
 */
export function parseTier(raw: string, command: string): TierFlag {
  const tier: TierFlag = {};
  for (const part of raw.split(',')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (key !== 'concurrency' && key !== 'perMinute' && key !== 'minuteMs') {
      throw new UsageError(
        `--tier takes concurrency=<n>,perMinute=<n> (and minuteMs=<ms>), got "${part}"`,
        command,
      );
    }
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1) {
      throw new UsageError(`--tier ${key} must be a whole number ≥ 1, got "${value}"`, command);
    }
    tier[key] = n;
  }
  return tier;
}
