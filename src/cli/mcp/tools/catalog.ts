import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolDeps } from '../context.js';
import { failed, ok } from '../results.js';

// The catalog: finding a model, reading its input schema, quoting a run.

const modelSummary = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  basePrice: z.number(),
  description: z.string(),
});

/** Registers list_models, get_model_schema and get_price. */
export function registerCatalogTools(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        'Search the WaveSpeed model catalog (image, video, audio, 3D, LLM). Returns model ids usable ' +
        'with run_model; never invent a model id.',
      inputSchema: z.object({
        query: z.string().optional().describe('Words to find in the id, name or description'),
        type: z.string().optional().describe('Model type, e.g. text-to-image, image-to-video'),
        limit: z.number().int().min(1).max(200).default(30).describe('Most models to return'),
        offset: z.number().int().min(0).default(0).describe('Models to skip (pagination)'),
        refresh: z
          .boolean()
          .default(false)
          .describe('Read the catalog again instead of the cached one'),
      }),
      outputSchema: z.object({
        total: z.number(),
        offset: z.number(),
        models: z.array(modelSummary),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ query, type, limit, offset, refresh }, ctx) => {
      try {
        const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const allowed = deps.guard.config.models;
        const all = (
          await deps.client().models.list({ signal: ctx.mcpReq.signal, refresh })
        ).filter(
          (m) =>
            (type === undefined || m.type === type) &&
            (allowed === undefined || allowed.has(m.id)) &&
            words.every((w) => `${m.id} ${m.name} ${m.description}`.toLowerCase().includes(w)),
        );
        const page = all.slice(offset, offset + limit).map((m) => ({
          id: m.id,
          name: m.name,
          type: m.type,
          basePrice: m.basePrice,
          description: m.description.slice(0, 200),
        }));
        const more =
          offset + page.length < all.length ? ` (more with offset ${offset + page.length})` : '';
        const text = [
          `${all.length} model(s)${more}:`,
          ...page.map((m) => `- ${m.id} [${m.type}] from $${m.basePrice}: ${m.name}`),
        ].join('\n');
        return ok(text, { total: all.length, offset, models: page });
      } catch (error) {
        return failed(error);
      }
    },
  );

  server.registerTool(
    'get_model_schema',
    {
      title: 'Get a model’s input schema',
      description:
        'The input fields a model takes (required ones, types, defaults, allowed values). Call it ' +
        'before run_model so the input matches.',
      inputSchema: z.object({
        model: z.string().min(1).describe('Model id, e.g. wavespeed-ai/flux-dev'),
      }),
      outputSchema: z.object({
        id: z.string(),
        type: z.string(),
        basePrice: z.number(),
        inputSchema: z.record(z.string(), z.unknown()),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ model }, ctx) => {
      try {
        const m = await deps.client().models.get(model, { signal: ctx.mcpReq.signal });
        const schema = (m.inputSchema ?? {}) as Record<string, unknown>;
        const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
        return ok(
          `${m.id} (${m.type}), from $${m.basePrice}. Required: ${required.join(', ') || 'none'}.\n` +
            JSON.stringify(schema, null, 2),
          { id: m.id, type: m.type, basePrice: m.basePrice, inputSchema: schema },
        );
      } catch (error) {
        return failed(error);
      }
    },
  );

  server.registerTool(
    'get_price',
    {
      title: 'Quote a run',
      description:
        'The price of one run before running it (free). Pass the input you would pass to run_model: ' +
        'prices often depend on inputs such as duration or resolution.',
      inputSchema: z.object({
        model: z.string().min(1).describe('Model id'),
        input: z.record(z.string(), z.unknown()).default({}).describe('The run’s input'),
      }),
      outputSchema: z.object({
        model: z.string(),
        price: z.number(),
        spent: z.number(),
        budgetLeft: z.number().optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ model, input }, ctx) => {
      try {
        const quote = await deps.client().models.price(model, input, { signal: ctx.mcpReq.signal });
        const { maxSpend } = deps.guard.config;
        const left = maxSpend === undefined ? undefined : Math.max(0, maxSpend - deps.guard.spent);
        return ok(
          `${model}: $${quote.price} per run.${left === undefined ? '' : ` Budget left on this server: $${left.toFixed(4)}.`}`,
          {
            model,
            price: quote.price,
            spent: deps.guard.spent,
            ...(left === undefined ? {} : { budgetLeft: left }),
          },
        );
      } catch (error) {
        return failed(error);
      }
    },
  );
}
