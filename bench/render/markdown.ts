import type { CaseResult, Comparison, Table } from '../lib/results.js';
import { formatRatio, formatTarget, formatValue, verdict } from './format.js';

/**
 * Everything a bench run produced, as written to bench/results.json.
 *
 * @example
 * ```ts
 * const report: BenchReport = JSON.parse(readFileSync('bench/results.json', 'utf8'));
 * ```
 */
export interface BenchReport {
  date: string;
  durationSeconds: number;
  machine: Record<string, string | number>;
  node: string;
  packages: Record<string, string>;
  commit: string;
  /** Share of CPU time idle in the second before each case started (other load on the machine). */
  idleAtStart: Record<string, number | null>;
  cases: CaseResult[];
  errors: Array<{ name: string; error: string }>;
  comparisons: Comparison[];
}

function table(t: Table): string {
  const esc = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `**${t.caption}**`,
    '',
    `| ${t.head.map(esc).join(' | ')} |`,
    `|${t.head.map(() => ' --- ').join('|')}|`,
    ...t.rows.map((row) => `| ${row.map(esc).join(' | ')} |`),
    '',
  ].join('\n');
}

function comparisonTable(rows: readonly Comparison[], withGroup: boolean): string {
  const head = [
    ...(withGroup ? ['case'] : []),
    'metric',
    'wavespeed-sdk',
    'baseline',
    'ratio',
    'target',
    'result',
  ];
  return table({
    caption: withGroup ? 'All figures' : 'Figures',
    head,
    rows: rows.map((c) => [
      ...(withGroup ? [c.group] : []),
      c.note ? `${c.label} (${c.note})` : c.label,
      formatValue(c.ours, c.unit),
      `${formatValue(c.baseline, c.unit)} (${c.baselineName})`,
      formatRatio(c.ratio),
      formatTarget(c.target, c.unit),
      verdict(c),
    ]),
  });
}

/**
 * docs/benchmarks.md from a bench report: summary, missed targets with the size of the miss,
 * the chart, and per case its method and raw tables.
 *
 * @example
 * ```ts
 * writeFileSync('docs/benchmarks.md', renderMarkdown(report, 'benchmarks.svg'));
 * ```
 */
export function renderMarkdown(report: BenchReport, chartPath: string): string {
  const m = report.machine;
  const targeted = report.comparisons.filter((c) => c.target);
  const missed = targeted.filter((c) => !c.pass);
  const out: string[] = [
    '# Benchmarks',
    '',
    `<!-- Written by \`npm run bench\` (bench/run.ts) from bench/results.json. Do not edit; rerun the bench. -->`,
    '',
    `Measured on ${report.date} in one run of \`npm run bench\` (${report.durationSeconds} s): ` +
      `${m.cpu} (${m.cores} cores), ${m.memoryGiB} GiB RAM, ${m.os}; Node ${report.node}; ` +
      `wavespeed-sdk ${report.packages['wavespeed-sdk']} (commit ${report.commit}) against ` +
      `raw \`fetch\` and the official SDK wavespeed@${report.packages.wavespeed}, all on the ` +
      'bundled simulator over loopback. Each case waited for an idle machine before it started ' +
      `(CPU idle then: ${Object.entries(report.idleAtStart)
        .map(
          ([name, idle]) => `${name} ${idle === null ? 'unknown' : `${Math.round(idle * 100)} %`}`,
        )
        .join(', ')}). Raw data: [bench/results.json](../bench/results.json).`,
    '',
    `**${targeted.length - missed.length} of ${targeted.length} targets met.**`,
    '',
    `![wavespeed-sdk against its baselines](${chartPath})`,
    '',
  ];
  if (missed.length > 0) {
    out.push('## Targets missed', '');
    for (const c of missed) {
      out.push(`- **${c.group} — ${c.label}:** ${c.shortfall}.${c.why ? ` ${c.why}` : ''}`);
    }
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push('## Cases that did not run', '');
    for (const e of report.errors) out.push(`- **${e.name}:** ${e.error}`);
    out.push('');
  }
  out.push('## Summary', '', comparisonTable(report.comparisons, true));
  for (const c of report.cases) {
    out.push(`## ${c.title}`, '');
    for (const paragraph of c.method) out.push(paragraph, '');
    out.push(comparisonTable(c.comparisons, false));
    for (const t of c.tables) out.push(table(t));
  }
  out.push(
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench        # builds dist/ if needed; takes a few minutes on 2 cores',
    '```',
    '',
    'It rewrites bench/results.json, this page, its chart and the figures in the README. Ratios are',
    'always wavespeed-sdk ÷ baseline from the same run; loopback latencies are far below real',
    'network latencies, so the per-request overhead here is an upper bound of what users see.',
    '',
  );
  return out.join('\n');
}

/**
 * The README's generated figures block (between `<!-- bench:start -->` and `<!-- bench:end -->`).
 *
 * @example
 * ```ts
 * const block = renderReadmeBlock(report);
 * ```
 */
export function renderReadmeBlock(report: BenchReport): string {
  const find = (id: string) => report.comparisons.find((c) => c.id === id);
  const lines: string[] = [
    `Measured ${report.date.slice(0, 10)} (Node ${report.node}, ${report.machine.cores} cores; [details](docs/benchmarks.md)):`,
    '',
    '| what | wavespeed-sdk | baseline | ratio |',
    '| --- | --- | --- | --- |',
  ];
  const ids = [
    'overhead.median',
    'polling.repeat-8s.gets',
    'polling.repeat-8s.latency',
    'polling.first-8s.latency',
    'throughput.rate',
    'upload.rss',
    'upload.throughput',
    'upload.official.rss',
    'cold-start.import',
  ];
  for (const id of ids) {
    const c = find(id);
    if (!c) continue;
    const mark = c.pass === undefined ? '' : c.pass ? ' ✓' : ' ✗';
    lines.push(
      `| ${c.group}: ${c.label} | ${formatValue(c.ours, c.unit)} | ${formatValue(c.baseline, c.unit)} (${c.baselineName}) | ${formatRatio(c.ratio)}${mark} |`,
    );
  }
  return lines.join('\n');
}
