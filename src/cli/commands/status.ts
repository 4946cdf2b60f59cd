import type { Prediction } from '../../index.js';
import type { Command } from '../command.js';
import { formatDate, formatDuration } from '../format.js';

/**
 * Readable lines describing a prediction (status, timings, error, outputs).
 */
export function describePrediction(prediction: Prediction): string[] {
  const rows: [string, string][] = [
    ['id', prediction.id],
    ['model', prediction.model],
    ['status', prediction.status],
    ['created', formatDate(prediction.createdAt)],
  ];
  const inference = prediction.timings?.inference;
  if (typeof inference === 'number' && inference > 0) {
    rows.push(['inference', formatDuration(inference)]);
  }
  if (prediction.error) rows.push(['error', prediction.error]);
  const lines = rows.map(([key, value]) => `${key.padEnd(10)}${value}`);
  if (prediction.outputs.length > 0) {
    lines.push('outputs');
    for (const output of prediction.outputs) lines.push(`  ${String(output)}`);
  }
  return lines;
}

/**
 * `wavespeed status <id>`: one look at a prediction, no waiting.
 */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show a prediction’s status and outputs (no waiting)',
  usage: 'wavespeed status <id> [--json]',
  description: 'Exits 0 whatever the status is; use `wavespeed wait <id>` to wait for the end.',
  options: {},
  args: { min: 1, max: 1, name: 'id' },
  examples: [
    'wavespeed status e6832d4abffb4d79bfbca19783fca133',
    'wavespeed status e6832d4abffb4d79bfbca19783fca133 --json | jq -r .status',
  ],
  async run(ctx) {
    const id = ctx.positionals[0] ?? '';
    const prediction = await ctx.client().predictions.get(id, { signal: ctx.signal });
    ctx.out.result(prediction, describePrediction(prediction));
    return undefined;
  },
};
