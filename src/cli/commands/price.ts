import { NotFoundError } from '../../index.js';
import type { Command } from '../command.js';
import { formatUsd } from '../format.js';
import { modelAndInput } from '../inputs.js';
import { uploadLocalFiles } from '../predict.js';
import { INPUT_OPTIONS } from '../shared-options.js';
import { unknownModelError } from '../unknown-model.js';

/**
 * `wavespeed price <model>`: what a run with these inputs would cost (nothing is charged).
 */
export const priceCommand: Command = {
  name: 'price',
  summary: 'Quote the price of a run with the given inputs (no charge)',
  usage: 'wavespeed price <model> [--prompt <text>] [--input key=value ...] [--json]',
  description:
    'Prices depend on inputs such as duration or resolution; without them the quote is the ' +
    'model’s base (lowest) price.',
  options: { ...INPUT_OPTIONS },
  args: { min: 1, max: 1, name: 'model' },
  examples: [
    'wavespeed price wavespeed-ai/flux-dev',
    'wavespeed price wavespeed-ai/wan-2.1/t2v-480p --input duration=10',
    'wavespeed price google/veo3 --input-file params.json --json | jq .price',
  ],
  async run(ctx) {
    const { model, input: collected } = await modelAndInput(ctx, 'price', ctx.positionals[0] ?? '');
    const client = ctx.client();
    const input = await uploadLocalFiles(ctx, collected);
    try {
      const quote = await client.models.price(model, input, { signal: ctx.signal });
      const discounted =
        typeof quote.discountedPrice === 'number' && quote.discountedPrice !== quote.price
          ? ` (${formatUsd(quote.discountedPrice, quote.currency)} after discount)`
          : '';
      ctx.out.result(quote, `${formatUsd(quote.price, quote.currency)}${discounted}`);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw await unknownModelError(client, model, error, 'price');
      throw error;
    }
    return undefined;
  },
};
