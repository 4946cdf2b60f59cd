import type { Command } from '../command.js';
import { modelAndInput } from '../inputs.js';
import { submitAndWait } from '../predict.js';
import { INPUT_OPTIONS, SYNC_OPTION, WAIT_OPTIONS } from '../shared-options.js';

/**
 * `wavespeed run <model>`: build the input, upload `@path` files, submit, wait, print outputs.
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run a model: submit a job, wait for it, print (or download) its outputs',
  usage: 'wavespeed run <model> [--prompt <text>] [--input key=value ...] [options]',
  description:
    'Outputs (URLs, or file paths with --output-dir) go to stdout, one per line; progress goes to ' +
    'stderr. Ctrl-C stops waiting and prints the prediction id: resume with `wavespeed wait <id>`.',
  options: { ...INPUT_OPTIONS, ...SYNC_OPTION, ...WAIT_OPTIONS },
  args: { min: 1, max: 1, name: 'model' },
  examples: [
    'wavespeed run wavespeed-ai/flux-dev --prompt "A cyberpunk city at night"',
    'wavespeed run wavespeed-ai/flux-dev -p "A cat" -i size=1024*1024 -i seed=42 -o ./out',
    'wavespeed run wavespeed-ai/wan-2.1/i2v-480p -i image=@photo.jpg -p "She smiles" --timeout 900',
    'wavespeed run wavespeed-ai/flux-dev --input-file params.json --json | jq -r ".outputs[0]"',
  ],
  async run(ctx) {
    const { model, input } = await modelAndInput(ctx, 'run', ctx.positionals[0] ?? '');
    return submitAndWait(ctx, { model, input, sync: ctx.flags.boolean('sync'), command: 'run' });
  },
};
