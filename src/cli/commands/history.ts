import type { Prediction } from '../../index.js';
import { parsePositiveInt, parseTime } from '../args.js';
import type { Command } from '../command.js';
import { formatDate } from '../format.js';
import { formatTable } from '../table.js';

const DEFAULT_LIMIT = 20;

/**
 * `wavespeed history`: recent predictions, newest first.
 */
export const historyCommand: Command = {
  name: 'history',
  summary: 'List recent predictions, newest first (the API keeps 7 days)',
  usage:
    'wavespeed history [--model <id>] [--status <status>] [--limit <n>] [--from <time>] [--to <time>] [--json]',
  description:
    'Defaults to the last 24 hours and 20 predictions. Times are dates, date-times or ages (30m, 24h, 7d).',
  options: {
    model: { type: 'string', short: 'm', value: 'id', description: 'Only this model' },
    status: {
      type: 'string',
      value: 'status',
      description: 'Only this status: created, processing, completed, failed',
    },
    limit: {
      type: 'string',
      short: 'n',
      value: 'n',
      description: `At most n predictions (default ${DEFAULT_LIMIT})`,
    },
    from: { type: 'string', value: 'time', description: 'Created after (default 24h ago)' },
    to: { type: 'string', value: 'time', description: 'Created before (default now)' },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed history',
    'wavespeed history --status failed --limit 5',
    'wavespeed history --model wavespeed-ai/flux-dev --from 7d --json | jq -r ".[].id"',
  ],
  async run(ctx) {
    const rawLimit = ctx.flags.string('limit');
    const limit =
      rawLimit === undefined ? DEFAULT_LIMIT : parsePositiveInt('--limit', rawLimit, 'history');
    const from = ctx.flags.string('from');
    const to = ctx.flags.string('to');
    const model = ctx.flags.string('model');
    const status = ctx.flags.string('status');
    const query = {
      ...(model === undefined ? {} : { model }),
      ...(status === undefined ? {} : { status }),
      ...(from === undefined ? {} : { from: parseTime('--from', from, 'history') }),
      ...(to === undefined ? {} : { to: parseTime('--to', to, 'history') }),
      pageSize: Math.min(limit, 100),
      signal: ctx.signal,
    };
    const items: Prediction[] = [];
    for await (const prediction of ctx.client().predictions.list(query)) {
      items.push(prediction);
      if (items.length >= limit) break;
    }
    if (items.length === 0) ctx.out.note('No predictions in this window.');
    ctx.out.result(
      items,
      items.length === 0
        ? []
        : formatTable(
            ['ID', 'MODEL', 'STATUS', 'CREATED'],
            items.map((p) => [p.id, p.model, p.status, formatDate(p.createdAt)]),
          ),
    );
    return undefined;
  },
};
