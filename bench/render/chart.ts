import type { Comparison } from '../lib/results.js';
import { advantage } from './format.js';

const WIDTH = 1030;
const LABEL_W = 470;
const PLOT_W = 400;
const ROW_H = 24;
const TOP = 56;
const LOG_RANGE = 4; // the axis spans 2^-4 … 2^4

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '');
}

function x(value: number): number {
  const clamped = Math.max(-LOG_RANGE, Math.min(LOG_RANGE, Math.log2(value)));
  return LABEL_W + PLOT_W / 2 + (clamped / LOG_RANGE) * (PLOT_W / 2);
}

function targetAdvantage(c: Comparison): number | undefined {
  if (c.target?.on !== 'ratio') return undefined;
  return c.better === 'lower' ? 1 / c.target.value : c.target.value;
}

/**
 * A horizontal bar chart (SVG) of how many times better or worse `wavespeed-sdk` is than each
 * baseline, on a log scale centred on parity, with each ratio target marked.
 *
 * @example
 * ```ts
 * writeFileSync('docs/benchmarks.svg', renderChart(comparisons, '2026-01-01'));
 * ```
 */
export function renderChart(comparisons: readonly Comparison[], date: string): string {
  const rows = comparisons.filter((c) => Number.isFinite(c.ratio) && c.ratio > 0);
  const height = TOP + rows.length * ROW_H + 66;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12" role="img">`,
    `<title>wavespeed-sdk against raw fetch and the official SDK (${esc(date)})</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600" fill="#111">wavespeed-sdk against its baselines (${esc(date)})</text>`,
    `<text x="12" y="40" fill="#555">bar = times better (right) or worse (left) than the baseline; log scale; | = target</text>`,
  );
  for (let p = -LOG_RANGE + 1; p <= LOG_RANGE - 1; p++) {
    const gx = x(2 ** p);
    const label = p === 0 ? '1×' : p > 0 ? `${2 ** p}×` : `1/${2 ** -p}`;
    out.push(
      `<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${TOP + rows.length * ROW_H}" stroke="${p === 0 ? '#333' : '#e3e3e3'}" stroke-width="${p === 0 ? 1.2 : 1}"/>`,
      `<text x="${gx}" y="${TOP + rows.length * ROW_H + 16}" text-anchor="middle" fill="#666" font-size="10">${label}</text>`,
    );
  }
  rows.forEach((c, i) => {
    const y = TOP + i * ROW_H;
    const adv = advantage(c);
    const x0 = x(1);
    const x1 = x(adv);
    const color = c.pass === undefined ? '#78909c' : c.pass ? '#2e7d32' : '#c62828';
    const shown = adv >= 1 ? `${adv.toFixed(2)}× better` : `${(1 / adv).toFixed(2)}× worse`;
    out.push(
      `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" fill="#222">${esc(`${c.group}: ${c.label}`)}</text>`,
      `<rect x="${Math.min(x0, x1)}" y="${y + 5}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${ROW_H - 10}" fill="${color}"/>`,
      `<text x="${LABEL_W + PLOT_W + 12}" y="${y + 15}" fill="${adv >= 1 ? '#333' : '#a11'}" font-size="11">${shown}</text>`,
    );
    const t = targetAdvantage(c);
    if (t !== undefined) {
      const tx = x(t);
      out.push(
        `<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + ROW_H - 2}" stroke="#111" stroke-width="2"/>`,
      );
    }
  });
  out.push(
    `<text x="${x(1) - 8}" y="${TOP + rows.length * ROW_H + 30}" text-anchor="end" fill="#666" font-size="10">← worse than the baseline</text>`,
    `<text x="${x(1) + 8}" y="${TOP + rows.length * ROW_H + 30}" fill="#666" font-size="10">better than the baseline →</text>`,
  );
  const ly = TOP + rows.length * ROW_H + 52;
  const legend: Array<[string, string]> = [
    ['#2e7d32', 'target met'],
    ['#c62828', 'target missed'],
    ['#78909c', 'no target (for information)'],
  ];
  legend.forEach(([color, text], i) => {
    const lx = 12 + i * 200;
    out.push(
      `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${color}"/>`,
      `<text x="${lx + 18}" y="${ly}" fill="#333">${text}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
