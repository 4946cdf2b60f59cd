/**
 * Options for {@link formatTable}.
 */
export interface TableOptions {
  /** Total line width to fit; the last column is truncated with `…` beyond it. */
  maxWidth?: number;
}

/**
 * Aligns rows into padded columns under a header line. Cells are single-line (newlines become
 * spaces) so the output stays grep- and `cut`-friendly.
 *
 * @example
 * ```ts
 * formatTable(['ID', 'TYPE'], [['wavespeed-ai/flux-dev', 'text-to-image']]);
 * // ID                     TYPE
 * // wavespeed-ai/flux-dev  text-to-image
 * ```
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string[] {
  const clean = (cell: string | undefined): string => (cell ?? '').replace(/\s*\n\s*/g, ' ');
  const all = [headers.map(clean), ...rows.map((row) => headers.map((_, i) => clean(row[i])))];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const last = headers.length - 1;
  return all.map((row) => {
    let line = row
      .map((cell, i) => (i === last ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
    if (options.maxWidth !== undefined && options.maxWidth > 10 && line.length > options.maxWidth) {
      line = `${line.slice(0, options.maxWidth - 1)}…`;
    }
    return line;
  });
}
