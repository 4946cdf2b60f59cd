import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { parseRedisUrl, parseTier } from '../../src/cli/redis.js';

describe('parseRedisUrl', () => {
  it('reads host, port, credentials, database and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2', 'worker')).toEqual({
      host: '127.0.0.1',
      port: 6380,
      db: 2,
    });
    expect(parseRedisUrl('rediss://user:p%40ss@cache.example:6390', 'worker')).toEqual({
      host: 'cache.example',
      port: 6390,
      username: 'user',
      password: 'p@ss',
      tls: {},
    });
    expect(parseRedisUrl('redis://localhost', 'worker')).toMatchObject({ port: 6379 });
  });

  it('refuses what is not a Redis URL, saying what to pass', () => {
    for (const raw of ['localhost:6379', 'http://x:1', 'redis://h:1/db']) {
      expect(() => parseRedisUrl(raw, 'worker')).toThrow(UsageError);
    }
    expect(() => parseRedisUrl('nope', 'worker')).toThrow(/redis:\/\/127\.0\.0\.1:6379/);
  });
});

describe('parseTier', () => {
  it('reads concurrency, perMinute and minuteMs', () => {
    expect(parseTier('concurrency=3,perMinute=30', 'worker')).toEqual({
      concurrency: 3,
      perMinute: 30,
    });
    expect(parseTier('perMinute=10, minuteMs=600', 'worker')).toEqual({
      perMinute: 10,
      minuteMs: 600,
    });
  });

  it('refuses unknown keys and values that are not whole numbers ≥ 1', () => {
    for (const raw of ['speed=2', 'concurrency=0', 'concurrency=1.5', 'perMinute=', 'x']) {
      expect(() => parseTier(raw, 'worker')).toThrow(UsageError);
    }
  });
});
