import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCommandLine,
  parsePositiveInt,
  parseSeconds,
  parseTime,
  splitCommand,
} from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';

describe('splitCommand', () => {
  it('finds the command after global flags and their values', () => {
    expect(splitCommand(['--base-url', 'http://127.0.0.1:1', '--json', 'balance', '-x'])).toEqual({
      command: 'balance',
      rest: ['--base-url', 'http://127.0.0.1:1', '--json', '-x'],
    });
    expect(splitCommand(['--json'])).toEqual({ command: undefined, rest: ['--json'] });
    expect(splitCommand(['run', 'm/x', '--prompt', 'p'])).toEqual({
      command: 'run',
      rest: ['m/x', '--prompt', 'p'],
    });
  });
});

describe('parseCommandLine', () => {
  const options = {
    input: { type: 'string', short: 'i', multiple: true, description: '' },
    sync: { type: 'boolean', description: '' },
    timeout: { type: 'string', short: 't', description: '' },
  } as const;

  it('parses command and global flags in any order', () => {
    const { flags, positionals } = parseCommandLine(
      ['m/x', '--json', '-i', 'a=1', '--input', 'b=2', '--sync', '-t', '5', '--timeout', '6'],
      options,
      'run',
    );
    expect(positionals).toEqual(['m/x']);
    expect(flags.strings('input')).toEqual(['a=1', 'b=2']);
    expect(flags.boolean('sync')).toBe(true);
    expect(flags.boolean('json')).toBe(true);
    expect(flags.string('timeout')).toBe('6');
    expect(flags.string('base-url')).toBeUndefined();
  });

  it('turns unknown flags and missing values into usage errors', () => {
    expect(() => parseCommandLine(['--nope'], options, 'run')).toThrow('Unknown option --nope');
    expect(() => parseCommandLine(['--timeout'], options, 'run')).toThrow(UsageError);
    expect(() => parseCommandLine(['--api-key', 'x'], options, 'run')).toThrow(/--api-key/);
  });
});

describe('value parsers', () => {
  it('reads seconds as milliseconds and rejects non-positive values', () => {
    expect(parseSeconds('--timeout', '600', 'run')).toBe(600_000);
    expect(parseSeconds('--timeout', '0.25', 'run')).toBe(250);
    for (const bad of ['0', '-1', 'soon', '', 'Infinity', 'NaN']) {
      expect(() => parseSeconds('--timeout', bad, 'run')).toThrow(/--timeout/);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (s) => {
        expect(parseSeconds('--timeout', String(s), 'run')).toBe(s * 1000);
      }),
    );
  });

  it('reads positive whole numbers', () => {
    expect(parsePositiveInt('--limit', '5', 'history')).toBe(5);
    for (const bad of ['0', '-2', '1.5', 'x', '']) {
      expect(() => parsePositiveInt('--limit', bad, 'history')).toThrow(/--limit/);
    }
  });

  it('reads dates and ages', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(parseTime('--from', '2026-01-05', 'usage', now).toISOString()).toBe(
      '2026-01-05T00:00:00.000Z',
    );
    expect(parseTime('--from', '24h', 'usage', now).toISOString()).toBe('2026-01-09T00:00:00.000Z');
    expect(parseTime('--from', '7d', 'usage', now).toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(parseTime('--from', '30m', 'usage', now).getTime()).toBe(now - 30 * 60_000);
    expect(parseTime('--from', '1w', 'usage', now).getTime()).toBe(now - 7 * 86_400_000);
    expect(() => parseTime('--to', 'yesterday-ish', 'usage', now)).toThrow(/--to/);
  });
});
