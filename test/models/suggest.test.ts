import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownModelIds } from '../../src/models/known.js';
import { closest, editDistance } from '../../src/models/suggest.js';

const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnop_'),
  minLength: 0,
  maxLength: 12,
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit', () => {
    expect(editDistance('prompt', 'prompt')).toBe(0);
    expect(editDistance('promt', 'prompt')).toBe(1);
    expect(editDistance('prompts', 'prompt')).toBe(1);
    expect(editDistance('prampt', 'prompt')).toBe(1);
    expect(editDistance('pormpt', 'prompt')).toBe(1);
    expect(editDistance('', 'seed')).toBe(4);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is a symmetric distance that is zero only for equal strings', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(editDistance(a, b)).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('satisfies the triangle inequality for single edits', () => {
    fc.assert(
      fc.property(word, word, fc.nat(12), (a, b, at) => {
        const edited = `${a.slice(0, at)}x${a.slice(at)}`;
        expect(editDistance(edited, b)).toBeLessThanOrEqual(editDistance(a, b) + 1);
      }),
    );
  });
});

describe('closest', () => {
  const fields = ['prompt', 'negative_prompt', 'image', 'images', 'size', 'seed', 'num_images'];

  it('suggests the intended field for common typos', () => {
    expect(closest('promt', fields)).toEqual(['prompt']);
    expect(closest('Prompt', fields)[0]).toBe('prompt');
    expect(closest('num-images', fields)[0]).toBe('num_images');
    expect(closest('image_url', ['prompt', 'image', 'seed'])).toEqual(['image']);
    expect(closest('image_url', ['prompt', 'images', 'seed'])).toEqual(['images']);
    expect(closest('negative', fields)[0]).toBe('negative_prompt');
  });

  it('returns nothing when no candidate is close', () => {
    expect(closest('temperature', fields)).toEqual([]);
    expect(closest('', fields)).toEqual([]);
    expect(closest('prompt', fields, 0)).toEqual([]);
    expect(closest('prompt', [])).toEqual([]);
  });

  it('finds model ids from typos and from their trailing parts', () => {
    expect(closest('wavespeed-ai/flux-dve', knownModelIds)[0]).toBe('wavespeed-ai/flux-dev');
    expect(closest('flux-dev', knownModelIds)[0]).toBe('wavespeed-ai/flux-dev');
    expect(closest('wavespeed-ai/z-image', knownModelIds)).toContain('wavespeed-ai/z-image/turbo');
    expect(closest('google/veo-3', knownModelIds)[0]).toBe('google/veo3');
    expect(closest('minimax/speech-02-hdd', knownModelIds)[0]).toBe('minimax/speech-02-hd');
  });

  it('ranks an exact match first and never returns more than max distinct candidates', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        word,
        fc.integer({ min: 1, max: 5 }),
        (pool, input, max) => {
          const candidates = [...pool, input];
          const result = closest(input, candidates, max);
          if (input.length > 0) expect(result[0]).toBe(input);
          expect(result.length).toBeLessThanOrEqual(max);
          expect(new Set(result).size).toBe(result.length);
          for (const found of result) expect(candidates).toContain(found);
        },
      ),
    );
  });

  it('recovers a candidate from one deleted, inserted or swapped character', () => {
    const edit = fc.oneof(fc.constant('delete'), fc.constant('insert'), fc.constant('swap'));
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat(), edit, (target, seed, kind) => {
        const at = seed % (target.length - 1);
        const typo =
          kind === 'delete'
            ? target.slice(0, at) + target.slice(at + 1)
            : kind === 'insert'
              ? `${target.slice(0, at)}q${target.slice(at)}`
              : target.slice(0, at) +
                (target[at + 1] ?? '') +
                (target[at] ?? '') +
                target.slice(at + 2);
        fc.pre(typo !== target);
        expect(closest(typo, fields)).toContain(target);
      }),
    );
  });

  it('is deterministic whatever the order of the candidates', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(fields, { minLength: fields.length }),
        word,
        (order, input) => {
          expect(closest(input, order)).toEqual(closest(input, fields));
        },
      ),
    );
  });
});
