import type { Command } from '../command.js';

/**
 * `wavespeed delete <id..>`: permanently delete predictions and their outputs.
 */
export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Permanently delete predictions (and their outputs)',
  usage: 'wavespeed delete <id> [<id> ...] [--json]',
  description: 'Ids that do not exist or belong to another account are ignored by the API.',
  options: {},
  args: { min: 1, name: 'id' },
  examples: [
    'wavespeed delete e6832d4abffb4d79bfbca19783fca133',
    'wavespeed history --status failed --json | jq -r ".[].id" | xargs wavespeed delete',
  ],
  async run(ctx) {
    const ids = [...new Set(ctx.positionals)];
    await ctx.client().predictions.delete(ids, { signal: ctx.signal });
    ctx.out.note(`Deleted ${ids.length} prediction(s).`);
    ctx.out.result({ deleted: ids }, ids);
    return undefined;
  },
};
