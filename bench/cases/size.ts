import { execFileSync } from 'node:child_process';
import { ROOT } from '../lib/paths.js';
import { type CaseResult, type Comparison, compare } from '../lib/results.js';

interface SizeRow {
  name: string;
  size: number;
  sizeLimit?: number;
  passed?: boolean;
}

const OFFICIAL_UNPACKED_KB = 82;

/**
 * The size budgets (size-limit: min+gzip with dependencies) and the published package's size
 * (`npm pack --json`), as rows of the report.
 */
export async function sizeCase(): Promise<CaseResult> {
  const json = execFileSync(process.execPath, ['node_modules/size-limit/bin.js', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).replace(/^[^[]*/, '');
  const rows = JSON.parse(json) as SizeRow[];
  const comparisons: Comparison[] = rows
    .filter((row) => row.sizeLimit !== undefined)
    .map((row) =>
      compare({
        id: `size.${row.name.replace(/\W+/g, '-').toLowerCase()}`,
        group: 'Size',
        label: row.name,
        unit: 'KB',
        ours: row.size / 1000,
        baseline: (row.sizeLimit ?? 0) / 1000,
        baselineName: 'budget',
        better: 'lower',
        target: { on: 'ratio', op: '<=', value: 1 },
      }),
    );
  const pack = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
  const packed = pack[0];
  if (packed !== undefined) {
    comparisons.push(
      compare({
        id: 'size.unpacked',
        group: 'Size',
        label: `published package, unpacked (${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB packed)`,
        unit: 'KB',
        ours: packed.unpackedSize / 1024,
        baseline: 1536,
        baselineName: 'target 1.5 MB',
        better: 'lower',
        target: { on: 'ratio', op: '<=', value: 1 },
        note: `the official wavespeed package installs ${OFFICIAL_UNPACKED_KB} KB (it bundles no dependencies, has no CLI or simulator)`,
      }),
    );
  }
  return {
    name: 'size',
    title: 'Size',
    details: { rows, pack: packed },
    comparisons,
    method: [
      'size-limit with the budgets of `.size-limit.cjs` (min+gzip, every runtime dependency bundled, optional peers left out); `npm pack --dry-run --json` for the published package.',
    ],
    tables: [],
  };
}
