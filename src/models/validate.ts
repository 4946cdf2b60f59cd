import * as z from 'zod/mini';
import type { ValidationIssue } from '../core/types.js';
import {
  isMediaProperty,
  type JsonTypeName,
  type RequestSchema,
  type SchemaProperty,
  typeList,
} from './schema.js';
import { closest } from './suggest.js';

export type { ValidationIssue } from '../core/types.js';

export type { RequestSchema, SchemaProperty } from './schema.js';
export { requestSchemaOf } from './schema.js';

/**
 * Body flags the API accepts beside every model's own fields (wavespeed-api.md §3 #1), so they
 * are never reported as unknown even when a schema does not list them.
 *
 * @example
 * ```ts
 * SUBMIT_FLAGS.includes('enable_sync_mode'); // true
 * ```
 */
export const SUBMIT_FLAGS: readonly string[] = ['enable_sync_mode', 'enable_base64_output'];

type Schema = z.ZodMiniType;

const compiled = new WeakMap<RequestSchema, Schema>();

function fileInput(): Schema {
  return z.union([z.string(), z.instanceof(Blob), z.instanceof(Uint8Array), z.instanceof(URL)]);
}

function enumSchema(values: readonly unknown[]): Schema {
  const literals = values.filter(
    (value): value is string | number | boolean =>
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
  );
  if (literals.length === 0) return z.unknown();
  return z.literal(literals);
}

function bounded(property: SchemaProperty, base: z.ZodMiniNumber<number>): Schema {
  const checks: Array<z.core.CheckFn<number> | z.core.$ZodCheck<number>> = [];
  if (property.minimum !== undefined) checks.push(z.gte(property.minimum));
  if (property.maximum !== undefined) checks.push(z.lte(property.maximum));
  if (property.exclusiveMinimum !== undefined) checks.push(z.gt(property.exclusiveMinimum));
  if (property.exclusiveMaximum !== undefined) checks.push(z.lt(property.exclusiveMaximum));
  return checks.length > 0 ? base.check(...checks) : base;
}

function forType(name: string, type: JsonTypeName, property: SchemaProperty): Schema {
  switch (type) {
    case 'string': {
      if (isMediaProperty(name, property)) return fileInput();
      const checks: Array<z.core.$ZodCheck<string>> = [];
      if (property.minLength !== undefined) checks.push(z.minLength(property.minLength));
      if (property.maxLength !== undefined) checks.push(z.maxLength(property.maxLength));
      return checks.length > 0 ? z.string().check(...checks) : z.string();
    }
    case 'integer':
      return bounded(property, z.int());
    case 'number':
      return bounded(property, z.number());
    case 'boolean':
      return z.boolean();
    case 'null':
      return z.null();
    case 'array': {
      // Item counts are checked by sizeIssues: zod skips the items once a length check fails.
      return z.array(property.items ? compileProperty(name, property.items) : z.unknown());
    }
    case 'object':
      return property.properties
        ? compileObject(property.properties, property.required ?? [], false)
        : z.record(z.string(), z.unknown());
  }
}

function compileProperty(name: string, property: SchemaProperty): Schema {
  let schema: Schema;
  const types = typeList(property);
  if (property.enum) {
    schema = enumSchema(property.enum);
  } else if (types.length === 0) {
    schema = isMediaProperty(name, property) ? fileInput() : z.unknown();
  } else {
    const options = types.map((type) => forType(name, type, property));
    const [first, ...rest] = options;
    schema = first !== undefined && rest.length === 0 ? first : z.union(options);
  }
  return property.nullable === true ? z.nullable(schema) : schema;
}

function compileObject(
  properties: Readonly<Record<string, SchemaProperty>>,
  required: readonly string[],
  topLevel: boolean,
): Schema {
  const shape: Record<string, Schema> = {};
  for (const [key, property] of Object.entries(properties)) {
    const schema = compileProperty(key, property);
    shape[key] = required.includes(key) ? schema : z.optional(schema);
  }
  for (const key of required) {
    if (!(key in shape)) shape[key] = z.unknown().check(z.refine((value) => value !== undefined));
  }
  if (topLevel) {
    for (const flag of SUBMIT_FLAGS) {
      if (!(flag in shape)) shape[flag] = z.optional(z.boolean());
    }
  }
  return z.strictObject(shape);
}

/**
 * The zod/mini schema for a request schema, built once per schema object and cached.
 */
export function compileRequestSchema(schema: RequestSchema): z.ZodMiniType {
  let parser = compiled.get(schema);
  if (!parser) {
    parser = compileObject(schema.properties, schema.required ?? [], true);
    compiled.set(schema, parser);
  }
  return parser;
}

type Path = ReadonlyArray<PropertyKey>;

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function nodeAt(schema: RequestSchema, path: Path): SchemaProperty | undefined {
  let node: SchemaProperty | undefined = { type: 'object', properties: schema.properties };
  for (const key of path) {
    if (!node) return undefined;
    if (typeof key === 'number') node = node.items;
    else node = node.properties?.[String(key)];
  }
  return node;
}

function formatPath(path: Path): string {
  return path.map(String).join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Blob) return 'a Blob';
  if (value instanceof Uint8Array) return 'binary data';
  if (value instanceof URL) return 'a URL object';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function expected(name: string, node: SchemaProperty | undefined): string {
  if (!node) return 'a value';
  if (node.enum) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const types = typeList(node);
  if (types.length === 0) {
    return isMediaProperty(name, node) ? 'a URL string, Blob, Uint8Array or URL' : 'a value';
  }
  const words = types.map((type) => {
    if (type === 'string' && isMediaProperty(name, node)) {
      return 'a URL string, Blob, Uint8Array or URL';
    }
    if (type === 'array' && node.items) return `an array of ${expected(name, node.items)}`;
    return {
      string: 'a string',
      integer: 'an integer',
      number: 'a number',
      boolean: 'true or false',
      array: 'an array',
      object: 'an object',
      null: 'null',
    }[type];
  });
  const list = node.nullable === true ? [...words, 'null'] : words;
  return list.join(' or ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function rangeMessage(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  value: unknown,
): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'array' || issue.origin === 'string') {
    const unit = issue.origin === 'array' ? 'item' : 'character';
    const size =
      issue.origin === 'array' && Array.isArray(value) ? value.length : String(value).length;
    return `must have ${small ? 'at least' : 'at most'} ${plural(bound, unit)} (got ${size})`;
  }
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `must be ${op} ${bound} (got ${describe(value)})`;
}

function convert(
  modelId: string,
  schema: RequestSchema,
  input: unknown,
  issue: z.core.$ZodIssue,
  out: ValidationIssue[],
): void {
  const path = issue.path;
  const name = String([...path].reverse().find((key) => typeof key === 'string') ?? '');
  const value = valueAt(input, path);
  const node = nodeAt(schema, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const parent = path.length === 0 ? undefined : nodeAt(schema, path);
      const known =
        path.length === 0
          ? [...Object.keys(schema.properties), ...SUBMIT_FLAGS]
          : Object.keys(parent?.properties ?? {});
      for (const key of issue.keys) {
        const found: ValidationIssue = {
          path: formatPath([...path, key]),
          message: `unknown field for ${modelId}; the API would ignore it and still bill the job`,
        };
        const [suggestion] = closest(key, known, 1);
        if (suggestion !== undefined) found.suggestion = suggestion;
        out.push(found);
      }
      return;
    }
    case 'invalid_value': {
      if (value === undefined) break;
      const found: ValidationIssue = {
        path: formatPath(path),
        message: `must be ${expected(name, node)} (got ${describe(value)})`,
      };
      if (typeof value === 'string') {
        const options = issue.values.filter(
          (option): option is string => typeof option === 'string',
        );
        const [suggestion] = closest(value, options, 1);
        if (suggestion !== undefined) found.suggestion = suggestion;
      }
      out.push(found);
      return;
    }
    case 'too_small':
    case 'too_big':
      if (value === undefined) break;
      out.push({ path: formatPath(path), message: rangeMessage(issue, value) });
      return;
    default:
      break;
  }
  if (value === undefined && path.length > 0) {
    out.push({
      path: formatPath(path),
      message: `required field is missing (expected ${expected(name, node)})`,
    });
    return;
  }
  if (path.length === 0) {
    out.push({ path: '', message: `input must be an object (got ${describe(value)})` });
    return;
  }
  out.push({
    path: formatPath(path),
    message: `expected ${expected(name, node)} (got ${describe(value)})`,
  });
}

function sizeIssues(
  node: SchemaProperty,
  value: unknown,
  path: PropertyKey[],
  out: ValidationIssue[],
): void {
  if (Array.isArray(value)) {
    const { minItems, maxItems } = node;
    if (minItems !== undefined && value.length < minItems) {
      out.push({
        path: formatPath(path),
        message: `must have at least ${plural(minItems, 'item')} (got ${value.length})`,
      });
    }
    if (maxItems !== undefined && value.length > maxItems) {
      out.push({
        path: formatPath(path),
        message: `must have at most ${plural(maxItems, 'item')} (got ${value.length})`,
      });
    }
    const items = node.items;
    if (items) {
      for (const [index, item] of value.entries()) sizeIssues(items, item, [...path, index], out);
    }
    return;
  }
  if (typeof value !== 'object' || value === null || !node.properties) return;
  for (const [key, child] of Object.entries(node.properties)) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) sizeIssues(child, inner, [...path, key], out);
  }
}

/**
 * Checks a model input against the model's request schema: required fields, types, enums,
 * ranges, array sizes and items, and unknown keys (with a "did you mean" suggestion). Returns
 * every issue found, `[]` when the input is valid. Never throws; callers decide what an issue
 * means (the client raises `ValidationError`). Media fields accept a URL string or local data
 * (`Blob`, `Uint8Array`, `URL`) that the SDK uploads before submitting.
 *
 * @example
 * ```ts
 * const issues = validateModelInput('wavespeed-ai/flux-dev', schema, { promt: 'A cat' });
 * // [{ path: 'prompt', message: 'required field is missing (expected a string)' },
 * //  { path: 'promt', message: 'unknown field …', suggestion: 'prompt' }]
 * ```
 */
export function validateModelInput(
  modelId: string,
  schema: RequestSchema,
  input: unknown,
): ValidationIssue[] {
  const result = z.safeParse(compileRequestSchema(schema), input);
  const issues: ValidationIssue[] = [];
  for (const issue of result.error?.issues ?? []) convert(modelId, schema, input, issue, issues);
  sizeIssues({ type: 'object', properties: schema.properties }, input, [], issues);
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
