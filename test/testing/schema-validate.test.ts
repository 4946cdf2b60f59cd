import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInput, valueOrDefault } from '../../src/testing/schema-validate.js';
import type { SimJsonSchema } from '../../src/testing/types.js';

const schema: SimJsonSchema = {
  type: 'object',
  properties: {
    prompt: { type: 'string' },
    seed: { type: 'integer', minimum: -1, default: -1 },
    strength: { type: 'number', minimum: 0, maximum: 1 },
    mode: { type: 'string', enum: ['a', 'b'] },
    images: { type: 'array', items: { type: 'string' }, minItems: 1 },
    mask: { type: 'string', nullable: true },
  },
  required: ['prompt'],
};

describe('validateInput', () => {
  it('accepts valid input and drops unknown keys', () => {
    expect(validateInput(schema, { prompt: 'x', seed: 3, junk: true })).toEqual({
      issues: [],
      input: { prompt: 'x', seed: 3 },
    });
  });

  it('reports each problem with the field name', () => {
    const { issues } = validateInput(schema, {
      seed: -5,
      strength: 2,
      mode: 'c',
      images: [],
    });
    expect(issues).toEqual([
      "'prompt' is required",
      "'seed' must be >= -1, got -5",
      "'strength' must be <= 1, got 2",
      `'mode' must be one of "a", "b", got "c"`,
      "'images' must have at least 1 items, got 0",
    ]);
    expect(validateInput(schema, { prompt: 'x', images: [1] }).issues).toEqual([
      "'images[0]' must be of type string, got integer",
    ]);
  });

  it('allows null for nullable and optional fields', () => {
    expect(validateInput(schema, { prompt: 'x', mask: null, mode: null }).issues).toEqual([]);
  });

  it('passes everything through when there is no schema', () => {
    expect(validateInput(undefined, { any: 1 })).toEqual({ issues: [], input: { any: 1 } });
  });

  it('never reports valid generated inputs', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            prompt: fc.string({ minLength: 1 }),
            seed: fc.integer({ min: -1, max: 1000 }),
            strength: fc.double({ min: 0, max: 1, noNaN: true }),
            mode: fc.constantFrom('a', 'b'),
          },
          { requiredKeys: ['prompt'] },
        ),
        (input) => {
          expect(validateInput(schema, input).issues).toEqual([]);
        },
      ),
    );
  });

  it('reads defaults', () => {
    expect(valueOrDefault(schema, {}, 'seed')).toBe(-1);
    expect(valueOrDefault(schema, { seed: 4 }, 'seed')).toBe(4);
  });
});
