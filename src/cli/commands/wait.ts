import type { Command } from '../command.js';
import { waitFor } from '../predict.js';
import { WAIT_OPTIONS } from '../shared-options.js';

/**
 * `wavespeed wait <id>`: wait for an existing prediction (after Ctrl-C or a time-out).
 */
export const waitCommand: Command = {
  name: 'wait',
  summary: 'Wait for a prediction to finish, then print (or download) its outputs',
  usage: 'wavespeed wait <id> [--timeout <seconds>] [--output-dir <dir>] [--json]',
  description:
    'Exits 0 when it completes, 3 when it failed, 4 when --timeout passes first (it may still finish).',
  options: { ...WAIT_OPTIONS },
  args: { min: 1, max: 1, name: 'id' },
  examples: [
    'wavespeed wait e6832d4abffb4d79bfbca19783fca133',
    'wavespeed wait e6832d4abffb4d79bfbca19783fca133 --timeout 1800 -o ./videos',
  ],
  async run(ctx) {
    return waitFor(ctx, ctx.positionals[0] ?? '', 'wait');
  },
};
