import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString }));

const { tuneMemory } = await import('../../src/cli/memory.js');

beforeEach(() => {
  setFlagsFromString.mockClear();
});

describe('tuneMemory', () => {
  it('makes a batch collect sooner (old generation +20 %, young fixed) and run no optimizer', () => {
    expect(tuneMemory('batch', [], undefined)).toBe(true);
    expect(setFlagsFromString.mock.calls.map(([flag]) => flag)).toEqual([
      '--heap-growing-percent=20',
      '--semi-space-growth-factor=1',
      '--no-opt',
    ]);
  });

  it('leaves the short commands (and no command) as they are', () => {
    expect(tuneMemory('run', [], undefined)).toBe(false);
    expect(tuneMemory('models', [], undefined)).toBe(false);
    expect(tuneMemory(undefined, [], undefined)).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it.each([
    [['--max-old-space-size=512'], undefined],
    [['--max_semi_space_size=4'], undefined],
    [[], '--max-semi-space-size=8 --enable-source-maps'],
    [[], '--heap-growing-percent=50'],
    [[], '--max-heap-size=256'],
    [['--opt'], undefined],
    [['--max-opt=3'], undefined],
    [['--no-maglev'], undefined],
    [['--jitless'], undefined],
  ])('leaves heap and compilers the user set (%j, NODE_OPTIONS %j)', (execArgv, nodeOptions) => {
    expect(tuneMemory('batch', execArgv, nodeOptions)).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('is not put off by unrelated node flags', () => {
    expect(
      tuneMemory('batch', ['--enable-source-maps', '--optimize-for-size'], '--no-warnings'),
    ).toBe(true);
  });
});
