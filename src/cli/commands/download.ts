import { PredictionFailedError } from '../../index.js';
import type { Command } from '../command.js';
import { printPrediction } from '../predict.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'timeout', 'deleted']);

/**
 * Thrown by `download` when the prediction has not finished yet.
 */
export class NotFinishedError extends Error {
  override name = 'NotFinishedError';
  readonly predictionId: string;

  constructor(id: string, status: string) {
    super(
      `Prediction ${id} is still ${status}; nothing to download yet. ` +
        `Run \`wavespeed wait ${id} --output-dir <dir>\` to wait and download.`,
    );
    this.predictionId = id;
  }
}

/**
 * `wavespeed download <id>`: save a completed prediction's outputs as files.
 */
export const downloadCommand: Command = {
  name: 'download',
  summary: 'Download a completed prediction’s outputs as <id>-<index>.<ext> files',
  usage: 'wavespeed download <id> [--output-dir <dir>] [--json]',
  description:
    'Extensions come from the Content-Type (or the URL). Output URLs are fetched without your ' +
    'API key. Prints the paths of the saved files.',
  options: {
    'output-dir': {
      type: 'string',
      short: 'o',
      value: 'dir',
      description: 'Directory to save into (default: the current directory)',
    },
  },
  args: { min: 1, max: 1, name: 'id' },
  examples: [
    'wavespeed download e6832d4abffb4d79bfbca19783fca133',
    'wavespeed download e6832d4abffb4d79bfbca19783fca133 -o ./renders',
  ],
  async run(ctx) {
    const id = ctx.positionals[0] ?? '';
    const prediction = await ctx.client().predictions.get(id, { signal: ctx.signal });
    if (prediction.status !== 'completed') {
      if (TERMINAL.has(prediction.status)) throw new PredictionFailedError(prediction);
      throw new NotFinishedError(id, prediction.status);
    }
    const dir = ctx.flags.string('output-dir') ?? ctx.cwd;
    return printPrediction(ctx, prediction, dir);
  },
};
