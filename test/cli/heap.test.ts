import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString }));

const { tuneHeap } = await import('../../src/cli/heap.js');

beforeEach(() => {
  setFlagsFromString.mockClear();
});

describe('tuneHeap', () => {
  it('makes a batch collect sooner: the old generation grows by 20 %, the young one not at all', () => {
    expect(tuneHeap('batch', [], undefined)).toBe(true);
    expect(setFlagsFromString.mock.calls.map(([flag]) => flag)).toEqual([
      '--heap-growing-percent=20',
      '--semi-space-growth-factor=1',
    ]);
  });

  it('leaves the short commands (and no command) as they are', () => {
    expect(tuneHeap('run', [], undefined)).toBe(false);
    expect(tuneHeap('models', [], undefined)).toBe(false);
    expect(tuneHeap(undefined, [], undefined)).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it.each([
    [['--max-old-space-size=512'], undefined],
    [['--max_semi_space_size=4'], undefined],
    [[], '--max-semi-space-size=8 --enable-source-maps'],
    [[], '--heap-growing-percent=50'],
    [[], '--max-heap-size=256'],
  ])('leaves a heap the user sized (%j, NODE_OPTIONS %j)', (execArgv, nodeOptions) => {
    expect(tuneHeap('batch', execArgv, nodeOptions)).toBe(false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('is not put off by unrelated node flags', () => {
    expect(tuneHeap('batch', ['--enable-source-maps'], '--no-warnings')).toBe(true);
  });
});
