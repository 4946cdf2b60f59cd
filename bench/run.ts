// `npm run bench`: every benchmark case in one run, then bench/results.json, docs/benchmarks.md,
// docs/benchmarks.svg and the README's figures block, all from the same measurements.
//
//   npm run bench                        everything (a few minutes on 2 cores)
//   npm run bench -- --only=overhead     some cases; writes bench/.work/results.json only
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { coldStartCase } from './cases/cold-start.js';
import { cpuCase } from './cases/cpu.js';
import { overheadCase } from './cases/overhead.js';
import { pollingCase } from './cases/polling.js';
import { queueCase } from './cases/queue.js';
import { sizeCase } from './cases/size.js';
import { throughputCase } from './cases/throughput.js';
import { uploadCase } from './cases/upload.js';
import { ROOT, snapshotDist } from './lib/paths.js';
import { waitForQuiet } from './lib/quiet.js';
import type { CaseResult } from './lib/results.js';
import { round } from './lib/stats.js';
import { renderChart } from './render/chart.js';
import { formatRatio, formatTarget, formatValue, verdict } from './render/format.js';
import { type BenchReport, renderMarkdown, renderReadmeBlock } from './render/markdown.js';

const CASES: Array<[string, () => Promise<CaseResult>]> = [
  ['overhead', overheadCase],
  ['cpu', cpuCase],
  ['polling', pollingCase],
  ['throughput', throughputCase],
  ['queue', queueCase],
  ['upload', uploadCase],
  ['cold-start', coldStartCase],
  ['size', sizeCase],
];

const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha}, with uncommitted changes in src/` : sha;
  } catch {
    return 'unknown';
  }
}

function replaceBlock(text: string, block: string): string | undefined {
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return `${text.slice(0, from + start.length)}\n${block}\n${text.slice(to)}`;
}

async function main(): Promise<void> {
  const began = Date.now();
  snapshotDist();
  const cases: CaseResult[] = [];
  const errors: BenchReport['errors'] = [];
  const idleAtStart: Record<string, number | null> = {};
  for (const [name, run] of CASES) {
    if (only && !only.includes(name)) continue;
    const idle = await waitForQuiet();
    idleAtStart[name] = idle === undefined ? null : round(idle, 2);
    const t0 = performance.now();
    process.stdout.write(
      `▶ ${name} … (CPU idle at start: ${idle === undefined ? 'unknown' : `${Math.round(idle * 100)} %`})\n`,
    );
    try {
      const result = await run();
      cases.push(result);
      for (const c of result.comparisons) {
        process.stdout.write(
          `  ${verdict(c).padEnd(8)} ${c.label}: ${formatValue(c.ours, c.unit)} vs ${formatValue(c.baseline, c.unit)} ` +
            `(${c.baselineName}) = ${formatRatio(c.ratio)}  target ${formatTarget(c.target, c.unit)}\n`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ name, error: message.split('\n')[0] ?? message });
      process.stdout.write(`  ✗ ${name} did not run: ${message}\n`);
    }
    process.stdout.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }

  const cpu = cpus();
  const report: BenchReport = {
    date: new Date(began).toISOString().replace(/\.\d+Z$/, 'Z'),
    durationSeconds: Math.round((Date.now() - began) / 1000),
    machine: {
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGiB: round(totalmem() / 1024 ** 3, 1),
      os: `${type()} ${release()} ${process.arch}`,
    },
    node: process.version,
    packages: {
      'wavespeed-sdk': packageVersion(ROOT),
      wavespeed: packageVersion(join(ROOT, 'node_modules', 'wavespeed')),
    },
    commit: commit(),
    idleAtStart,
    cases,
    errors,
    comparisons: cases.flatMap((c) => c.comparisons),
  };

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (only) {
    mkdirSync(join(ROOT, 'bench', '.work'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', '.work', 'results.json'), json);
    process.stdout.write('partial run: wrote bench/.work/results.json only\n');
  } else {
    writeFileSync(join(ROOT, 'bench', 'results.json'), json);
    writeFileSync(
      join(ROOT, 'docs', 'benchmarks.svg'),
      renderChart(report.comparisons, report.date.slice(0, 10)),
    );
    writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), renderMarkdown(report, 'benchmarks.svg'));
    const readmePath = join(ROOT, 'README.md');
    const readme = replaceBlock(readFileSync(readmePath, 'utf8'), renderReadmeBlock(report));
    if (readme) writeFileSync(readmePath, readme);
    process.stdout.write(
      'wrote bench/results.json, docs/benchmarks.md, docs/benchmarks.svg and README figures\n',
    );
  }
  const missed = report.comparisons.filter((c) => c.target && !c.pass);
  for (const c of missed)
    process.stdout.write(`target missed — ${c.group}: ${c.label}: ${c.shortfall}\n`);
  process.exitCode = errors.length > 0 ? 1 : 0;
}

await main();
