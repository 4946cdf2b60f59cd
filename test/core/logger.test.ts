import { describe, expect, it } from 'vitest';
import { createLogger, describeInput, type Logger, redact } from '../../src/core/logger.js';

function recorder(): { logger: Logger; lines: Array<[string, string, unknown]> } {
  const lines: Array<[string, string, unknown]> = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push([level, message, fields]);
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
  };
}

describe('redact', () => {
  it('hides the key and any Bearer credential', () => {
    expect(redact('key wsk_test_abc in text', ['wsk_test_abc'])).toBe('key [redacted] in text');
    expect(redact('Authorization: Bearer sk-something')).toBe('Authorization: Bearer [redacted]');
    expect(redact('nothing here', [''])).toBe('nothing here');
  });
});

describe('createLogger', () => {
  it('drops lines below the level', () => {
    const { logger, lines } = recorder();
    const log = createLogger({ logger, level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map(([level]) => level)).toEqual(['warn', 'error']);
    const off = recorder();
    const silent = createLogger({ logger: off.logger, level: 'off' });
    silent.error('x');
    expect(off.lines).toEqual([]);
  });

  it('redacts secrets in messages and nested fields', () => {
    const { logger, lines } = recorder();
    const log = createLogger({ logger, level: 'debug', secrets: ['wsk_test_secret'] });
    log.info('using wsk_test_secret', {
      headers: { Authorization: 'Bearer wsk_test_secret', other: 'x' },
      list: ['wsk_test_secret'],
      error: new Error('failed for wsk_test_secret'),
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('wsk_test_secret');
    expect(text).toContain('[redacted]');
  });

  it('survives a logger that throws', () => {
    const log = createLogger({
      logger: {
        debug() {},
        info() {},
        warn() {
          throw new Error('broken');
        },
        error() {},
      },
    });
    expect(() => log.warn('x')).not.toThrow();
  });
});

describe('describeInput', () => {
  it('names keys and sizes, never values', () => {
    const described = describeInput({
      prompt: 'a secret prompt',
      image: new Blob(['abc']),
      bytes: new Uint8Array(4),
      seed: 3,
      list: [1, 2],
      url: new URL('file:///tmp/x.png'),
    });
    expect(described.keys).toEqual(['prompt', 'image', 'bytes', 'seed', 'list', 'url']);
    expect(described.sizes).toEqual({
      prompt: 'string(15)',
      image: 'Blob(3 B)',
      bytes: 'bytes(4 B)',
      seed: 'number',
      list: 'array(2)',
      url: 'URL(file:)',
    });
    expect(JSON.stringify(described)).not.toContain('secret prompt');
    expect(describeInput(null)).toEqual({ keys: [], sizes: {} });
  });
});
