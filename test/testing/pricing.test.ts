import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceOf } from '../../src/testing/pricing.js';
import type { SimModel } from '../../src/testing/types.js';

function model(formula: string, base = 0.5, defaults: Record<string, unknown> = {}): SimModel {
  const properties = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => [name, { default: value }]),
  );
  return {
    model_id: 'm',
    base_price: base,
    formula,
    api_schema: { api_schemas: [{ request_schema: { type: 'object', properties } }] },
  };
}

describe('priceOf', () => {
  it('evaluates the common formulas', () => {
    expect(priceOf(model('{"total_price": base_price * 1}'), {})).toBe(0.5);
    expect(priceOf(model('{"total_price": base_price * duration / 5}'), { duration: 10 })).toBe(1);
    expect(
      priceOf(model('{"total_price": base_price * num_images}', 0.012), { num_images: 3 }),
    ).toBe(0.036);
    expect(
      priceOf(model('{"total_price": base_price * duration / 5}', 0.5, { duration: 5 }), {}),
    ).toBe(0.5);
  });

  it('supports comparisons, ternaries and strings', () => {
    const formula =
      '{"total_price": resolution = "1080p" ? base_price * 2 : (base_price + 0.1) * 1}';
    expect(priceOf(model(formula), { resolution: '1080p' })).toBe(1);
    expect(priceOf(model(formula), { resolution: '720p' })).toBe(0.6);
  });

  it('falls back to base_price for missing inputs, junk and negative results', () => {
    expect(priceOf(model('{"total_price": base_price * duration / 5}'), {})).toBe(0.5);
    expect(priceOf(model('{"total_price": base_price * duration / 5}'), { duration: 'long' })).toBe(
      0.5,
    );
    expect(priceOf(model('{"total_price": $sum(1)}'), {})).toBe(0.5);
    expect(priceOf(model('{"total_price": 0 - base_price}'), {})).toBe(0.5);
    expect(priceOf({ model_id: 'x' }, {})).toBe(0);
  });

  it('never throws, whatever the formula', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (formula, input) => {
        const price = priceOf(model(formula), input);
        expect(Number.isFinite(price)).toBe(true);
        expect(price).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
