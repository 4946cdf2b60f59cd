import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCodes, huffmanLengths } from '../../../src/testing/media/huffman.js';

/** Kraft sum of the used lengths: exactly 1 for a complete prefix code. */
function kraft(lengths: Uint8Array): number {
  let sum = 0;
  for (const length of lengths) if (length > 0) sum += 2 ** -length;
  return sum;
}

describe('huffmanLengths', () => {
  it('gives complete codes within the length limit for any counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 2, maxLength: 300 }),
        fc.integer({ min: 9, max: 16 }),
        (counts, maxLength) => {
          const lengths = huffmanLengths(counts, maxLength);
          expect(Math.max(...lengths)).toBeLessThanOrEqual(maxLength);
          expect(kraft(lengths)).toBeCloseTo(1, 12);
          counts.forEach((count, symbol) => {
            if (count > 0) expect(lengths[symbol]).toBeGreaterThan(0);
          });
        },
      ),
    );
  });

  it('keeps two symbols of length 1 when fewer than two are used', () => {
    expect([...huffmanLengths([0, 0, 0], 15)]).toEqual([1, 1, 0]);
    expect([...huffmanLengths([0, 0, 9], 15)]).toEqual([1, 0, 1]);
    expect([...huffmanLengths([4, 0], 15)]).toEqual([1, 1]);
  });

  it('limits deep trees (Fibonacci counts) to the maximum length', () => {
    const fibonacci = [1, 1];
    while (fibonacci.length < 30) {
      fibonacci.push((fibonacci.at(-1) ?? 0) + (fibonacci.at(-2) ?? 0));
    }
    const lengths = huffmanLengths(fibonacci, 15);
    expect(Math.max(...lengths)).toBe(15);
    expect(kraft(lengths)).toBeCloseTo(1, 12);
  });

  it('puts the last of the lightest symbols deepest (the JPEG all-ones reserve)', () => {
    const counts = [5, 1, 7, 1, 3, 1];
    const lengths = huffmanLengths(counts, 16);
    expect(lengths[5]).toBe(Math.max(...lengths));
    const codes = canonicalCodes(lengths);
    expect(codes[5]).toBe(2 ** (lengths[5] ?? 0) - 1);
  });
});

describe('canonicalCodes', () => {
  it('assigns prefix-free codes in length then symbol order', () => {
    expect([...canonicalCodes(Uint8Array.of(1, 2, 2))]).toEqual([0b0, 0b10, 0b11]);
    expect([...canonicalCodes(Uint8Array.of(3, 3, 3, 3, 3, 2, 4, 4))]).toEqual([
      0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111,
    ]);
  });
});
