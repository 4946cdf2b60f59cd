import { parseTime } from '../args.js';
import type { Command } from '../command.js';
import { formatDate, formatUsd } from '../format.js';
import { formatTable } from '../table.js';

/**
 * `wavespeed usage`: spend and request counts per model over a time window.
 */
export const usageCommand: Command = {
  name: 'usage',
  summary: 'Show usage and spend per model (default: the last 7 days)',
  usage: 'wavespeed usage [--from <time>] [--to <time>] [--model <id>] [--json]',
  description:
    'Times are dates (2026-01-05), date-times (2026-01-05T10:00:00Z) or ages (30m, 24h, 7d, 2w). ' +
    'The window can be at most 31 days.',
  options: {
    from: { type: 'string', value: 'time', description: 'Start of the window (default 7d ago)' },
    to: { type: 'string', value: 'time', description: 'End of the window (default now)' },
    model: { type: 'string', short: 'm', value: 'id', description: 'Only this model' },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed usage',
    'wavespeed usage --from 2026-01-01 --to 2026-01-31',
    'wavespeed usage --from 24h --model wavespeed-ai/flux-dev --json',
  ],
  async run(ctx) {
    const from = ctx.flags.string('from');
    const to = ctx.flags.string('to');
    const model = ctx.flags.string('model');
    const usage = await ctx.client().account.usage({
      ...(from === undefined ? {} : { from: parseTime('--from', from, 'usage') }),
      ...(to === undefined ? {} : { to: parseTime('--to', to, 'usage') }),
      ...(model === undefined ? {} : { model }),
      signal: ctx.signal,
    });
    const { summary, perModel } = usage;
    const lines = [
      `Usage from ${formatDate(usage.from)} to ${formatDate(usage.to)} (UTC)`,
      `Total cost: ${formatUsd(summary.totalCost)}`,
      `Requests:   ${summary.totalRequests} (${summary.successRequests} succeeded)`,
    ];
    if (perModel.length > 0) {
      lines.push(
        '',
        ...formatTable(
          ['MODEL', 'TYPE', 'COUNT', 'COST', 'LAST USED'],
          perModel.map((row) => [
            row.model,
            row.modelType,
            String(row.totalCount),
            formatUsd(row.totalCost),
            row.lastUsedDate,
          ]),
        ),
      );
    }
    ctx.out.result(usage, lines);
    return undefined;
  },
};
