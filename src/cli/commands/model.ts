import { type Model, NotFoundError } from '../../index.js';
import type { Command } from '../command.js';
import { formatUsd } from '../format.js';
import { formatTable } from '../table.js';
import { unknownModelError } from '../unknown-model.js';

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  items?: PropertySchema;
  format?: string;
}

interface ObjectSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
  'x-order-properties'?: string[];
}

function asObjectSchema(value: unknown): ObjectSchema {
  return typeof value === 'object' && value !== null ? (value as ObjectSchema) : {};
}

function typeOf(schema: PropertySchema): string {
  const base = Array.isArray(schema.type) ? schema.type.join('|') : (schema.type ?? 'any');
  if (base === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  const hasMin = typeof schema.minimum === 'number';
  const hasMax = typeof schema.maximum === 'number';
  if (hasMin && hasMax) return `${base} ${schema.minimum}..${schema.maximum}`;
  if (hasMin) return `${base} >=${schema.minimum}`;
  if (hasMax) return `${base} <=${schema.maximum}`;
  return base;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The rows of the input-schema table: field, type, default, required, description (or enum).
 * Fields come in the schema's `x-order-properties` order, then any others.
 *
 * @example
 * ```ts
 * schemaRows({ properties: { prompt: { type: 'string' } }, required: ['prompt'] });
 * // [['prompt', 'string', '', 'yes', '']]
 * ```
 */
export function schemaRows(inputSchema: unknown): string[][] {
  const schema = asObjectSchema(inputSchema);
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const order = (schema['x-order-properties'] ?? []).filter((key) => key in properties);
  const keys = [...order, ...Object.keys(properties).filter((key) => !order.includes(key))];
  return keys.map((key) => {
    const property = properties[key] ?? {};
    const values = property.enum ?? property.items?.enum;
    const description = values
      ? `one of: ${values.map(show).join(', ')}${property.description ? ` (${property.description})` : ''}`
      : (property.description ?? '');
    return [
      key,
      typeOf(property),
      show(property.default),
      required.has(key) ? 'yes' : '',
      description,
    ];
  });
}

function describeModel(model: Model, width: number | undefined): string[] {
  const lines = [`${model.id}${model.name ? ` (${model.name})` : ''}`];
  const facts = [
    model.type ? `type ${model.type}` : '',
    typeof model.basePrice === 'number' ? `from ${formatUsd(model.basePrice)} per run` : '',
  ].filter(Boolean);
  if (facts.length > 0) lines.push(facts.join(', '));
  if (model.description) lines.push('', model.description.trim());
  const rows = schemaRows(model.inputSchema);
  lines.push('');
  if (rows.length === 0) {
    lines.push('No input schema published for this model.');
  } else {
    lines.push(
      ...formatTable(['FIELD', 'TYPE', 'DEFAULT', 'REQUIRED', 'DESCRIPTION'], rows, {
        ...(width === undefined ? {} : { maxWidth: width }),
      }),
    );
  }
  return lines;
}

/**
 * `wavespeed model <id>`: a model's details and its input schema as a table.
 */
export const modelCommand: Command = {
  name: 'model',
  summary: 'Show a model and its inputs (field, type, default, required, description)',
  usage: 'wavespeed model <id> [--json]',
  options: {},
  args: { min: 1, max: 1, name: 'id' },
  examples: [
    'wavespeed model wavespeed-ai/flux-dev',
    'wavespeed model wavespeed-ai/flux-dev --json | jq .inputSchema.required',
  ],
  async run(ctx) {
    const id = ctx.positionals[0] ?? '';
    const client = ctx.client();
    let model: Model;
    try {
      model = await client.models.get(id);
    } catch (error) {
      if (error instanceof NotFoundError) throw await unknownModelError(client, id, error, 'model');
      throw error;
    }
    ctx.out.result(model, describeModel(model, ctx.out.width));
    return undefined;
  },
};
