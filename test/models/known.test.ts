import { describe, expect, it } from 'vitest';
import catalog from '../../src/models/catalog.json' with { type: 'json' };
import { isKnownModelId, knownModelIds, loadKnownSchema } from '../../src/models/known.js';
import { compactRequestSchema, requestSchemaOf } from '../../src/models/schema.js';

describe('known models', () => {
  it('lists exactly the snapshot ids, sorted', () => {
    expect([...knownModelIds]).toEqual(catalog.map((entry) => entry.model_id));
    expect([...knownModelIds]).toEqual([...knownModelIds].sort());
  });

  it('recognises known ids only', () => {
    expect(isKnownModelId('wavespeed-ai/flux-dev')).toBe(true);
    expect(isKnownModelId('wavespeed-ai/flux-dev/')).toBe(false);
    expect(isKnownModelId('acme/new-model')).toBe(false);
    expect(isKnownModelId('constructor')).toBe(false);
  });

  it('loads the compact schema of a known model lazily and nothing for others', async () => {
    const schema = await loadKnownSchema('wavespeed-ai/flux-dev');
    expect(schema?.required).toEqual(['prompt']);
    expect(schema?.properties.image).toEqual({ type: 'string', format: 'uri' });
    expect(schema?.properties.num_images).toEqual({ type: 'integer', minimum: 1, maximum: 4 });
    expect(await loadKnownSchema('acme/new-model')).toBeUndefined();
    expect(await loadKnownSchema('toString')).toBeUndefined();
  });

  it('bundles for every model the compact form of its catalog schema', async () => {
    for (const entry of catalog) {
      const full = requestSchemaOf(entry);
      expect(full, entry.model_id).toBeDefined();
      if (!full) continue;
      expect(await loadKnownSchema(entry.model_id)).toEqual(compactRequestSchema(full));
    }
  });
});
