import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/table.js';

describe('formatTable', () => {
  it('aligns columns and keeps cells on one line', () => {
    expect(
      formatTable(
        ['ID', 'TYPE', 'NOTE'],
        [
          ['a/b', 'text-to-image', 'two\nlines'],
          ['wavespeed-ai/flux-dev', 'x', ''],
        ],
      ),
    ).toEqual([
      'ID                     TYPE           NOTE',
      'a/b                    text-to-image  two lines',
      'wavespeed-ai/flux-dev  x',
    ]);
  });

  it('truncates to maxWidth', () => {
    const [, row] = formatTable(['K', 'DESCRIPTION'], [['k', 'x'.repeat(100)]], { maxWidth: 40 });
    expect(row).toHaveLength(40);
    expect(row?.endsWith('…')).toBe(true);
  });
});
