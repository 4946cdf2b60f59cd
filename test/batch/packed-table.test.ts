import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey, keyIndex, MAX_PACKED, packedTable } from '../../src/batch/packed-table.js';
import { jobKey } from '../../src/core/job-key.js';

/** Every key starts its probes at slot 0: the worst case of colliding keys. */
const collide = () => 0;

const hexKey = fc
  .tuple(fc.constantFrom('00000000', 'ffffffff', 'deadbeef'), fc.stringMatching(/^[0-9a-f]{24}$/))
  .map(([head, tail]) => head + tail);
/** Job keys and user keys, alike enough to collide often: few distinct values. */
const anyKey = fc.oneof(
  hexKey,
  fc.constantFrom('shot-1', 'shot-2', 'A'.repeat(32), `${'0'.repeat(31)}g`, 'ü', ''),
  fc.string({ maxLength: 3 }),
);

describe('packedTable', () => {
  it('property: finds, inserts and replaces like a list of entries, whatever collides', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        key: fc.nat(5),
        value: fc.nat(MAX_PACKED),
      }),
      fc.record({ kind: fc.constant('replace' as const), key: fc.nat(5), value: fc.nat(100) }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 3000 }), (weak, ops) => {
        const table = packedTable(2, weak ? collide : undefined, 4);
        const model: Array<[number, number]> = [];
        const words = (key: number) => [key, key * 7];
        for (const { kind, key, value } of ops) {
          if (kind === 'insert') {
            table.insert(words(key), value);
            model.push([key, value]);
          } else {
            const at = model.findIndex(([k]) => k === key);
            const old = at >= 0 ? (model[at] as [number, number])[1] : 12345;
            expect(table.replace(words(key), old, value)).toBe(at >= 0);
            if (at >= 0) model[at] = [key, value];
          }
        }
        expect(table.values()).toHaveLength(model.length);
        for (let key = 0; key <= 5; key += 1) {
          const expected = model.filter(([k]) => k === key).map(([, v]) => v);
          expect(table.find(words(key))).toEqual(expected);
        }
        expect(table.values().sort()).toEqual(model.map(([, v]) => v).sort());
      }),
      { numRuns: 60 },
    );
  });

  it('grows past its starting size and keeps 100,000 entries in typed arrays', () => {
    const table = packedTable(1);
    for (let i = 0; i < 100_000; i += 1) table.insert([hashKey(`k${i}`)], i * 300);
    expect(table.values()).toHaveLength(100_000);
    for (let i = 0; i < 100_000; i += 997) {
      expect(table.find([hashKey(`k${i}`)])).toContain(i * 300);
    }
    expect(table.find([hashKey('absent')])).toEqual([]);
  });
});

describe('keyIndex', () => {
  it('property: an exact map of keys, even when every key lands on one slot', () => {
    const value = fc.oneof(fc.nat(), fc.constantFrom(MAX_PACKED, MAX_PACKED + 1, 2 ** 40));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(anyKey, value), { maxLength: 400 }),
        fc.array(anyKey, { maxLength: 50 }),
        (weak, entries, probes) => {
          const index = keyIndex(weak ? collide : undefined);
          const model = new Map<string, number>();
          for (const [key, value] of entries) {
            expect(index.get(key)).toBe(model.get(key));
            if (model.has(key)) continue;
            index.add(key, value);
            model.set(key, value);
          }
          for (const key of [...model.keys(), ...probes]) {
            expect(index.get(key)).toBe(model.get(key));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never takes two job keys that share all but one bit for one', () => {
    const key = jobKey('wavespeed-ai/flux-dev', { prompt: 'a cat' });
    const index = keyIndex(collide);
    index.add(key, 1);
    for (let i = 0; i < 32; i += 1) {
      const digit = Number.parseInt(key[i] as string, 16) ^ 1;
      const near = key.slice(0, i) + digit.toString(16) + key.slice(i + 1);
      expect(index.get(near)).toBeUndefined();
      index.add(near, i + 2);
    }
    expect(index.get(key)).toBe(1);
    // Upper-case hex is another key (kept as a string), not the same 128 bits.
    expect(index.get(key.toUpperCase())).toBeUndefined();
  });
});

describe('hashKey', () => {
  it('is stable and spreads 100,000 job keys (few share a hash)', () => {
    expect(hashKey('shot-12')).toBe(hashKey('shot-12'));
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i += 1) {
      seen.add(hashKey(jobKey('wavespeed-ai/flux-dev', { prompt: `shot ${i}` })));
    }
    // About n² / 2³³ ≈ 1.2 pairs expected of a 32-bit hash.
    expect(seen.size).toBeGreaterThan(99_990);
  });
});
