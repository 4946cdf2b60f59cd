import type { Model } from '../../index.js';
import type { Command } from '../command.js';
import { formatUsd } from '../format.js';
import { formatTable } from '../table.js';

/**
 * Keeps the models whose id, name or description contain every word of `search`, and whose
 * type equals `type` (both case-insensitive).
 */
export function filterModels(
  models: readonly Model[],
  filter: { search?: string | undefined; type?: string | undefined },
): Model[] {
  const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const type = filter.type?.toLowerCase();
  return models.filter((model) => {
    if (type && model.type.toLowerCase() !== type) return false;
    const haystack = `${model.id} ${model.name} ${model.description}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * `wavespeed models`: the model catalog, filterable.
 */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'List models (id, type, base price), optionally filtered',
  usage: 'wavespeed models [--search <words>] [--type <type>] [--json]',
  options: {
    search: {
      type: 'string',
      short: 's',
      value: 'words',
      description: 'Only models whose id, name or description contain every word',
    },
    type: {
      type: 'string',
      value: 'type',
      description: 'Only this type: text-to-image, image-to-video, text-to-speech, llm, …',
    },
  },
  args: { min: 0, max: 0 },
  examples: [
    'wavespeed models',
    'wavespeed models --search flux',
    'wavespeed models --type text-to-video',
    'wavespeed models --json | jq -r ".[].id"',
  ],
  async run(ctx) {
    const all = await ctx.client().models.list();
    const models = filterModels(all, {
      search: ctx.flags.string('search'),
      type: ctx.flags.string('type'),
    });
    const sorted = [...models].sort((a, b) => a.id.localeCompare(b.id));
    if (sorted.length === 0) ctx.out.note('No model matches; try fewer words or no --type.');
    ctx.out.result(
      sorted,
      sorted.length === 0
        ? []
        : formatTable(
            ['ID', 'TYPE', 'PRICE'],
            sorted.map((m) => [m.id, m.type, formatUsd(m.basePrice)]),
          ),
    );
    if (sorted.length > 0) ctx.out.note(`${sorted.length} of ${all.length} models`);
    return undefined;
  },
};
