import { round } from './stats.js';

/**
 * A goal for one comparison: on the ratio (ours ÷ baseline) or on our own value.
 *
 * @example
 * ```ts
 * const target: Target = { on: 'ratio', op: '<=', value: 1.1 };
 * ```
 */
export interface Target {
  on: 'ratio' | 'value';
  op: '<=' | '>=' | '<';
  value: number;
}

/**
 * One figure of ours next to the same figure of a baseline, measured in the same run.
 *
 * @example
 * ```ts
 * const c = compare({ id: 'x', group: 'overhead', label: 'median', unit: 'ms', ours: 1.05,
 *   baseline: 1, baselineName: 'raw fetch', better: 'lower', target: { on: 'ratio', op: '<=', value: 1.1 } });
 * ```
 */
export interface Comparison {
  id: string;
  group: string;
  label: string;
  unit: string;
  ours: number;
  baseline: number;
  baselineName: string;
  /** ours ÷ baseline. */
  ratio: number;
  better: 'lower' | 'higher';
  target?: Target;
  /** Set when there is a target. */
  pass?: boolean;
  /** How far the target was missed, in words (only when it was). */
  shortfall?: string;
  note?: string;
  /** Why the figure is what it is, computed from the run's own measurements (shown on a miss). */
  why?: string;
}

/**
 * The fields a case supplies; the ratio and the verdict are derived.
 *
 * @example
 * ```ts
 * compare({ ...input, ours: 2, baseline: 4 }).ratio; // 0.5
 * ```
 */
export type ComparisonInput = Omit<Comparison, 'ratio' | 'pass' | 'shortfall'>;

function meets(actual: number, target: Target): boolean {
  if (!Number.isFinite(actual)) return false;
  if (target.op === '<=') return actual <= target.value;
  if (target.op === '<') return actual < target.value;
  return actual >= target.value;
}

function describeShortfall(actual: number, target: Target, unit: string): string {
  if (!Number.isFinite(actual)) return 'no valid measurement';
  const what = target.on === 'ratio' ? 'ratio' : 'value';
  const shown = target.on === 'ratio' ? `${actual.toFixed(3)}×` : `${round(actual, 1)} ${unit}`;
  const goal = target.on === 'ratio' ? `${target.value}×` : `${target.value} ${unit}`;
  const pct = Math.abs(actual / target.value - 1) * 100;
  const side = target.op === '>=' ? 'below' : 'above';
  const op = { '<=': '≤', '>=': '≥', '<': '<' }[target.op];
  return `${what} ${shown} is ${pct.toFixed(pct < 1 ? 2 : 1)} % ${side} the target (${op} ${goal})`;
}

/**
 * Builds a comparison: computes the ratio and checks the target.
 *
 * @example
 * ```ts
 * const c = compare({ id: 'throughput', group: 'throughput', label: 'jobs/s', unit: 'jobs/s',
 *   ours: 900, baseline: 1000, baselineName: 'fetch loop', better: 'higher',
 *   target: { on: 'ratio', op: '>=', value: 0.9 } });
 * c.pass; // true
 * ```
 */
export function compare(input: ComparisonInput): Comparison {
  const ratio = input.baseline === 0 ? Number.NaN : input.ours / input.baseline;
  const result: Comparison = {
    ...input,
    ours: round(input.ours, 3),
    baseline: round(input.baseline, 3),
    ratio: round(ratio, 3),
  };
  if (input.target) {
    const actual = input.target.on === 'ratio' ? ratio : input.ours;
    result.pass = meets(actual, input.target);
    if (!result.pass) result.shortfall = describeShortfall(actual, input.target, input.unit);
  }
  return result;
}

/**
 * What every case returns: its detail (rendered as tables) and its comparisons.
 *
 * @example
 * ```ts
 * const result: CaseResult = { name: 'overhead', title: 'Overhead', details: {}, comparisons: [] };
 * ```
 */
export interface CaseResult {
  name: string;
  title: string;
  /** Free-form detail for results.json and the doc's tables. */
  details: Record<string, unknown>;
  comparisons: Comparison[];
  /** Markdown paragraphs explaining how it was measured. */
  method: string[];
  /** Markdown tables with the raw figures. */
  tables: Table[];
}

/**
 * A table rendered into docs/benchmarks.md.
 *
 * @example
 * ```ts
 * const t: Table = { caption: 'Latency', head: ['client', 'median'], rows: [['ours', '0.4 ms']] };
 * ```
 */
export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}
