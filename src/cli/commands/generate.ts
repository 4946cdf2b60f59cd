import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { modelAndInput } from '../inputs.js';
import { submitAndWait } from '../predict.js';
import { INPUT_OPTIONS, SYNC_OPTION, WAIT_OPTIONS } from '../shared-options.js';

const { prompt: _prompt, ...inputOptions } = INPUT_OPTIONS;

/**
 * `wavespeed generate "<prompt>" --model <id>`: the curl helper's syntax, on top of `run`.
 */
export const generateCommand: Command = {
  name: 'generate',
  aliases: ['gen'],
  summary: 'Generate from a prompt (same as run; compatible with wavespeed-helper.sh generate)',
  usage: 'wavespeed generate "<prompt>" --model <id> [--sync] [--timeout 600] [options]',
  description:
    'Takes the prompt as its argument, like the old curl helper, and otherwise behaves like ' +
    '`wavespeed run <model> --prompt "<prompt>"`.',
  options: {
    model: { type: 'string', short: 'm', value: 'id', description: 'Model id (required)' },
    ...inputOptions,
    ...SYNC_OPTION,
    ...WAIT_OPTIONS,
  },
  args: { min: 1, max: 1, name: 'prompt' },
  examples: [
    'wavespeed generate "A cyberpunk city" --model wavespeed-ai/flux-dev',
    'wavespeed generate "A cat" --model wavespeed-ai/flux-schnell --sync',
    'wavespeed generate "Waves at dusk" --model wavespeed-ai/wan-2.1/t2v-480p --timeout 600 -o out',
  ],
  async run(ctx) {
    const model = ctx.flags.string('model');
    if (model === undefined || model === '') {
      throw new UsageError('--model is required, e.g. --model wavespeed-ai/flux-dev', 'generate');
    }
    const { input } = await modelAndInput(ctx, 'generate', model, {
      flag: '--model',
      prompt: ctx.positionals[0],
    });
    return submitAndWait(ctx, {
      model,
      input,
      sync: ctx.flags.boolean('sync'),
      command: 'generate',
    });
  },
};
