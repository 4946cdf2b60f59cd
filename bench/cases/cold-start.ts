import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT } from '../lib/paths.js';
import { type CaseResult, compare } from '../lib/results.js';
import { round, summarize } from '../lib/stats.js';

const STARTS = 21;
const WARMUP = 2;

interface Start {
  importMs: number;
  wallMs: number;
}

/** One fresh `node` that imports `specifier` once and reports how long the import took. */
function start(specifier: string): Promise<Start> {
  const code = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t));`;
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (exit) => {
      if (exit !== 0) reject(new Error(`import of ${specifier} failed: ${err.slice(-400)}`));
      else resolve({ importMs: Number(out), wallMs: performance.now() - began });
    });
  });
}

/**
 * Import time of the built client entry against the official SDK: a fresh process per sample,
 * the two interleaved, plus a bare `node` start for reference.
 *
 * @example
 * ```ts
 * const result = await coldStartCase();
 * ```
 */
export async function coldStartCase(): Promise<CaseResult> {
  const sides = {
    ours: pathToFileURL(join(DIST, 'index.js')).href,
    official: 'wavespeed',
    bare: 'node:path',
  } as const;
  type Side = keyof typeof sides;
  const samples: Record<Side, Start[]> = { ours: [], official: [], bare: [] };
  for (let i = 0; i < WARMUP + STARTS; i++) {
    const order: Side[] = i % 2 === 0 ? ['ours', 'official', 'bare'] : ['official', 'ours', 'bare'];
    for (const side of order) {
      const sample = await start(sides[side]);
      if (i >= WARMUP) samples[side].push(sample);
    }
  }
  const imp = (side: Side) => summarize(samples[side].map((s) => s.importMs));
  const wall = (side: Side) => summarize(samples[side].map((s) => s.wallMs));
  const ms = (v: number) => `${round(v, 1)} ms`;
  const row = (name: string, side: Side) => [
    name,
    ms(imp(side).median),
    ms(imp(side).p99),
    ms(wall(side).median),
  ];
  return {
    name: 'cold-start',
    title: 'Cold start',
    details: {
      starts: STARTS,
      ours: { import: imp('ours'), wall: wall('ours') },
      official: { import: imp('official'), wall: wall('official') },
      bareNode: { import: imp('bare'), wall: wall('bare') },
    },
    comparisons: [
      compare({
        id: 'cold-start.import',
        group: 'Cold start',
        label: '`import` of the main entry, median',
        unit: 'ms',
        ours: imp('ours').median,
        baseline: imp('official').median,
        baselineName: 'wavespeed@0.3.2',
        better: 'lower',
      }),
      compare({
        id: 'cold-start.process',
        group: 'Cold start',
        label: 'process start to exit with the import, median',
        unit: 'ms',
        ours: wall('ours').median,
        baseline: wall('official').median,
        baselineName: 'wavespeed@0.3.2',
        better: 'lower',
      }),
    ],
    method: [
      `${STARTS} fresh \`node\` processes per side after ${WARMUP} warm-up starts, interleaved (the order alternates every start). Each process measures \`await import(…)\` of the entry with \`performance.now()\`; the wall time is spawn to exit as seen by the parent. Ours is \`dist/index.js\` (ESM, with its dependencies ky, p-retry, p-queue and zod loaded from node_modules); the official SDK is CommonJS with no dependencies. “bare node” imports only \`node:path\`.`,
    ],
    tables: [
      {
        caption: 'Per process',
        head: ['entry', 'import, median', 'import, p99', 'process wall time, median'],
        rows: [
          row('wavespeed-sdk `dist/index.js`', 'ours'),
          row('wavespeed@0.3.2', 'official'),
          row('bare node (reference)', 'bare'),
        ],
      },
    ],
  };
}
