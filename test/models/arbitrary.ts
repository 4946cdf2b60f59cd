import fc from 'fast-check';
import {
  isMediaProperty,
  type RequestSchema,
  type SchemaProperty,
  typeList,
} from '../../src/models/schema.js';

/** Values a media field accepts: URL strings and the local data the SDK uploads. */
export const fileInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.webUrl(),
  fc.constant(new Blob(['x'], { type: 'image/png' })),
  fc.uint8Array({ maxLength: 8 }),
  fc.webUrl().map((url) => new URL(url)),
);

/** An arbitrary of values valid for one schema property. */
export function valueFor(name: string, property: SchemaProperty): fc.Arbitrary<unknown> {
  if (property.enum) return fc.constantFrom(...property.enum);
  const [type] = typeList(property);
  switch (type) {
    case 'string':
      return isMediaProperty(name, property)
        ? fileInput
        : fc.string({
            minLength: property.minLength ?? 0,
            maxLength: Math.min(property.maxLength ?? 20, 20),
          });
    case 'integer':
      return fc.integer({ min: property.minimum ?? -1000, max: property.maximum ?? 1000 });
    case 'number':
      return fc.double({
        min: property.minimum ?? -1000,
        max: property.maximum ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = property.items;
      return fc.array(items ? valueFor(name, items) : fc.anything(), {
        minLength: property.minItems ?? 0,
        maxLength: Math.min(property.maxItems ?? 4, 4),
      });
    }
    case 'object':
      return property.properties
        ? objectFor(property.properties, property.required ?? [])
        : fc.dictionary(fc.string(), fc.jsonValue());
    default:
      return isMediaProperty(name, property) ? fileInput : fc.jsonValue();
  }
}

function objectFor(
  properties: Readonly<Record<string, SchemaProperty>>,
  required: readonly string[],
): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) shape[key] = valueFor(key, property);
  return fc.record(shape, { requiredKeys: required.filter((key) => key in shape) });
}

/** An arbitrary of inputs that satisfy a request schema (required keys always present). */
export function inputFor(schema: RequestSchema): fc.Arbitrary<Record<string, unknown>> {
  return objectFor(schema.properties, schema.required ?? []);
}
