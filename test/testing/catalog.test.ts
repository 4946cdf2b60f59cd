import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  bundledCatalog,
  modelKind,
  producesVideo,
  requestSchemaOf,
} from '../../src/testing/catalog.js';

describe('catalog', () => {
  it('bundles the snapshot with a request schema for every model', () => {
    const models = bundledCatalog();
    expect(models.length).toBeGreaterThanOrEqual(40);
    for (const model of models) {
      expect(requestSchemaOf(model)?.type, model.model_id).toBe('object');
    }
  });

  it('classifies every bundled model by its type', () => {
    const expected = (type: string): string => {
      if (/upscaler/.test(type)) return 'upscale';
      if (/-to-video$/.test(type)) return 'video';
      if (/-to-(image)$/.test(type)) return 'image';
      if (/-to-(audio|speech)$/.test(type)) return 'audio';
      if (/-to-3d$/.test(type)) return '3d';
      if (type === 'llm' || /-to-text$/.test(type)) return 'llm';
      return 'utility';
    };
    for (const model of bundledCatalog()) {
      expect(modelKind(model), `${model.model_id} (${model.type})`).toBe(
        expected(model.type ?? ''),
      );
    }
    expect(modelKind({ model_id: 'acme/video-upscaler', type: 'video-upscaler' })).toBe('upscale');
    expect(modelKind({ model_id: 'acme/x', type: 'face-swap' })).toBe('utility');
    expect(producesVideo({ model_id: 'acme/video-face-swap', type: 'face-swap' })).toBe(true);
    expect(producesVideo({ model_id: 'acme/image-upscaler', type: 'image-upscaler' })).toBe(false);
    expect(modelKind({ model_id: 'acme/unknown' })).toBe('image');
  });

  it('replaces entries by model_id and appends new ones', () => {
    const base = [
      { model_id: 'a', name: 'A' },
      { model_id: 'b', name: 'B' },
    ];
    const merged = buildCatalog([{ model_id: 'b', name: 'B2' }, { model_id: 'c' }], base);
    expect(merged.map((m) => [m.model_id, m.name])).toEqual([
      ['a', 'A'],
      ['b', 'B2'],
      ['c', undefined],
    ]);
  });

  it('gives each call its own copy', () => {
    const first = bundledCatalog();
    first[0] = { model_id: 'mutated' };
    expect(bundledCatalog()[0]?.model_id).not.toBe('mutated');
  });
});
