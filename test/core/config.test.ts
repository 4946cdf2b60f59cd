import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, resolveConfig } from '../../src/core/config.js';
import { ConfigurationError } from '../../src/core/errors.js';

const saved = { key: process.env.WAVESPEED_API_KEY, url: process.env.WAVESPEED_BASE_URL };

afterEach(() => {
  for (const [name, value] of [
    ['WAVESPEED_API_KEY', saved.key],
    ['WAVESPEED_BASE_URL', saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('resolveConfig', () => {
  it('applies the documented defaults', () => {
    delete process.env.WAVESPEED_BASE_URL;
    const { config } = resolveConfig({ apiKey: 'wsk_test_1' });
    expect(config).toMatchObject({
      baseUrl: DEFAULT_BASE_URL,
      origin: DEFAULT_BASE_URL,
      timeout: 60_000,
      maxRetries: 2,
      maxConcurrency: 2,
      logLevel: 'warn',
      validateInput: true,
      modelsCacheTtl: 300_000,
    });
    expect(config.pollInterval).toBeUndefined();
    expect(JSON.stringify(config)).not.toContain('wsk_test_1');
  });

  it('reads the environment when called, and options win over it', () => {
    process.env.WAVESPEED_API_KEY = 'wsk_test_env';
    process.env.WAVESPEED_BASE_URL = 'http://127.0.0.1:9/';
    expect(resolveConfig().apiKey).toBe('wsk_test_env');
    expect(resolveConfig().config.baseUrl).toBe('http://127.0.0.1:9');
    expect(resolveConfig({ apiKey: 'wsk_test_opt' }).apiKey).toBe('wsk_test_opt');
    process.env.WAVESPEED_API_KEY = '   ';
    expect(resolveConfig().apiKey).toBeUndefined();
  });

  it.each([
    [{ timeout: 0 }, 'timeout'],
    [{ timeout: Number.NaN }, 'timeout'],
    [{ timeout: -5 }, 'timeout'],
    [{ maxConcurrency: 0 }, 'maxConcurrency'],
    [{ maxConcurrency: 1.5 }, 'maxConcurrency'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ pollInterval: 0 }, 'pollInterval'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ baseUrl: 'ftp://example.com' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pw@example.com' }, 'baseUrl'],
    [{ logLevel: 'loud' as 'warn' }, 'logLevel'],
    [{ maxJobsPerMinute: 0 }, 'maxJobsPerMinute'],
    [{ modelsCacheTtl: -1 }, 'modelsCacheTtl'],
  ])('rejects %o with a ConfigurationError naming the option', (options, name) => {
    expect(() => resolveConfig(options)).toThrow(ConfigurationError);
    expect(() => resolveConfig(options)).toThrow(name);
  });
});
