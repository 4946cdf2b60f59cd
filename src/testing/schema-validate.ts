import type { SimJsonSchema } from './types.js';

/**
 * Result of checking a submit body against a model's request schema.
 */
export interface InputCheck {
  /** Human-readable problems, each naming the field. Empty when valid. */
  issues: string[];
  /** The input with keys unknown to the schema dropped (as the real API does). */
  input: Record<string, unknown>;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

function checkValue(path: string, schema: SimJsonSchema, value: unknown, issues: string[]): void {
  if (value === null && schema.nullable === true) return;
  const types =
    schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((t) => matchesType(t, value))) {
    issues.push(`'${path}' must be of type ${types.join(' or ')}, got ${typeOf(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (!schema.enum.some((allowed) => allowed === value)) {
      const allowed = schema.enum.map((v) => JSON.stringify(v)).join(', ');
      issues.push(`'${path}' must be one of ${allowed}, got ${JSON.stringify(value)}`);
      return;
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      issues.push(`'${path}' must be >= ${schema.minimum}, got ${value}`);
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      issues.push(`'${path}' must be <= ${schema.maximum}, got ${value}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      issues.push(`'${path}' must have at least ${schema.minItems} items, got ${value.length}`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      issues.push(`'${path}' must have at most ${schema.maxItems} items, got ${value.length}`);
    }
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, index) => {
        checkValue(`${path}[${index}]`, items, item, issues);
      });
    }
  }
}

/**
 * Validates a flat submit body against a request schema: required fields, JSON types, enums,
 * minimum/maximum and array sizes. Keys the schema does not list are dropped, not rejected.
 *
 * @example
 * ```ts
 * validateInput({ type: 'object', properties: { seed: { type: 'integer' } } }, { seed: 'x' })
 *   .issues; // ["'seed' must be of type integer, got string"]
 * ```
 */
export function validateInput(
  schema: SimJsonSchema | undefined,
  body: Record<string, unknown>,
): InputCheck {
  const properties = schema?.properties;
  if (!schema || !properties || Object.keys(properties).length === 0) {
    return { issues: [], input: { ...body } };
  }
  const issues: string[] = [];
  const input: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const value = body[name];
    if (value === undefined || value === null || value === '') {
      issues.push(`'${name}' is required`);
    }
  }
  for (const [name, value] of Object.entries(body)) {
    const property = properties[name];
    if (!property || value === undefined) continue;
    input[name] = value;
    if (value === null && !(schema.required ?? []).includes(name)) continue;
    checkValue(name, property, value, issues);
  }
  return { issues, input };
}

/**
 * Reads a field's value from the input, falling back to the schema default.
 *
 * @example
 * ```ts
 * valueOrDefault(schema, {}, 'duration'); // 5 when the schema says default 5
 * ```
 */
export function valueOrDefault(
  schema: SimJsonSchema | undefined,
  input: Record<string, unknown>,
  name: string,
): unknown {
  const value = input[name];
  if (value !== undefined && value !== null) return value;
  return schema?.properties?.[name]?.default;
}
