import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import catalog from '../../src/models/catalog.json' with { type: 'json' };
import { knownSchemas } from '../../src/models/schemas.generated.js';
import {
  compileRequestSchema,
  type RequestSchema,
  requestSchemaOf,
  validateModelInput,
} from '../../src/models/validate.js';
import { inputFor } from './arbitrary.js';

function schemaOf(id: string): RequestSchema {
  const schema = requestSchemaOf(catalog.find((entry) => entry.model_id === id));
  if (!schema) throw new Error(`no schema for ${id}`);
  return schema;
}

const FLUX = 'wavespeed-ai/flux-dev';
const flux = schemaOf(FLUX);

describe('validateModelInput', () => {
  it('accepts a valid input, with media as URL strings or local data', () => {
    expect(validateModelInput(FLUX, flux, { prompt: 'A cat' })).toEqual([]);
    expect(
      validateModelInput(FLUX, flux, {
        prompt: 'A cat',
        image: new Blob(['png']),
        mask_image: new URL('file:///tmp/mask.png'),
        size: '1024*768',
        num_images: 4,
        output_format: 'png',
        enable_sync_mode: true,
      }),
    ).toEqual([]);
  });

  it('reports a missing required field', () => {
    expect(validateModelInput(FLUX, flux, {})).toEqual([
      { path: 'prompt', message: 'required field is missing (expected a string)' },
    ]);
  });

  it('reports unknown keys with the closest valid key', () => {
    expect(validateModelInput(FLUX, flux, { promt: 'A cat' })).toEqual([
      { path: 'prompt', message: 'required field is missing (expected a string)' },
      {
        path: 'promt',
        message: `unknown field for ${FLUX}; the API would ignore it and still bill the job`,
        suggestion: 'prompt',
      },
    ]);
    const [issue] = validateModelInput(FLUX, flux, { prompt: 'x', temperature: 1 });
    expect(issue).toEqual({
      path: 'temperature',
      message: `unknown field for ${FLUX}; the API would ignore it and still bill the job`,
    });
  });

  it('suggests `image` for `image_url` and `images` for a plural schema', () => {
    const i2v = schemaOf('wavespeed-ai/wan-2.1/i2v-480p');
    const issues = validateModelInput('m', i2v, { prompt: 'go', image_url: 'https://x/y.png' });
    expect(issues.map((issue) => [issue.path, issue.suggestion])).toEqual([
      ['image', undefined],
      ['image_url', 'image'],
    ]);
    const edit = schemaOf('bytedance/seedream-v4/edit');
    const [unknown] = validateModelInput('m', edit, { prompt: 'x', images: ['u'], image: 'u' });
    expect(unknown?.suggestion).toBe('images');
  });

  it('reports wrong types, including integers given as fractions', () => {
    const issues = validateModelInput(FLUX, flux, {
      prompt: 42,
      num_inference_steps: 2.5,
      strength: '0.5',
      enable_safety_checker: 'yes',
      image: 7,
    });
    expect(issues).toEqual([
      { path: 'prompt', message: 'expected a string (got 42)' },
      { path: 'image', message: 'expected a URL string, Blob, Uint8Array or URL (got 7)' },
      { path: 'strength', message: 'expected a number (got "0.5")' },
      { path: 'num_inference_steps', message: 'expected an integer (got 2.5)' },
      { path: 'enable_safety_checker', message: 'expected true or false (got "yes")' },
    ]);
  });

  it('reports enum values with the closest allowed value', () => {
    expect(validateModelInput(FLUX, flux, { prompt: 'x', output_format: 'jpg' })).toEqual([
      {
        path: 'output_format',
        message: 'must be one of "jpeg", "png", "webp" (got "jpg")',
        suggestion: 'jpeg',
      },
    ]);
    const veo = schemaOf('google/veo3');
    expect(validateModelInput('google/veo3', veo, { prompt: 'x', duration: 5 })).toEqual([
      { path: 'duration', message: 'must be one of 4, 6, 8 (got 5)' },
    ]);
  });

  it('reports numbers out of range', () => {
    expect(
      validateModelInput(FLUX, flux, { prompt: 'x', num_images: 0, guidance_scale: 21 }),
    ).toEqual([
      { path: 'guidance_scale', message: 'must be <= 20 (got 21)' },
      { path: 'num_images', message: 'must be >= 1 (got 0)' },
    ]);
  });

  it('reports string lengths', () => {
    const music = schemaOf('minimax/music-02');
    expect(
      validateModelInput('minimax/music-02', music, { prompt: 'pop', lyrics: 'la'.repeat(1501) }),
    ).toEqual([
      { path: 'prompt', message: 'must have at least 10 characters (got 3)' },
      { path: 'lyrics', message: 'must have at most 3000 characters (got 3002)' },
    ]);
  });

  it('checks array sizes and every item, nested objects included', () => {
    const lora = schemaOf('wavespeed-ai/flux-dev-lora');
    const issues = validateModelInput('m', lora, {
      prompt: 'x',
      loras: [{ pth: 'a/b' }, { path: 'c/d', scale: 9 }, 3, { path: 'e' }, { path: 'f' }],
    });
    expect(issues).toEqual([
      { path: 'loras.0.path', message: 'required field is missing (expected a string)' },
      {
        path: 'loras.0.pth',
        message: 'unknown field for m; the API would ignore it and still bill the job',
        suggestion: 'path',
      },
      { path: 'loras.1.scale', message: 'must be <= 4 (got 9)' },
      { path: 'loras.2', message: 'expected an object (got 3)' },
      { path: 'loras', message: 'must have at most 4 items (got 5)' },
    ]);
    const edit = schemaOf('bytedance/seedream-v4/edit');
    expect(validateModelInput('m', edit, { prompt: 'x', images: [] })).toEqual([
      { path: 'images', message: 'must have at least 1 item (got 0)' },
    ]);
    expect(validateModelInput('m', edit, { prompt: 'x', images: ['https://a/b.png', 5] })).toEqual([
      { path: 'images.1', message: 'expected a URL string, Blob, Uint8Array or URL (got 5)' },
    ]);
  });

  it('rejects an input that is not an object', () => {
    expect(validateModelInput(FLUX, flux, 'A cat')).toEqual([
      { path: '', message: 'input must be an object (got "A cat")' },
    ]);
    expect(validateModelInput(FLUX, flux, null)[0]?.path).toBe('');
    expect(validateModelInput(FLUX, flux, [])[0]?.path).toBe('');
  });

  it('honours nullable, untyped and multi-type properties of fetched schemas', () => {
    const schema: RequestSchema = {
      properties: {
        note: { type: 'string', nullable: true },
        anything: {},
        either: { type: ['string', 'integer'] },
        meta: { type: 'object' },
        voice_sample: {},
      },
      required: ['note', 'ghost'],
    };
    expect(
      validateModelInput('acme/x', schema, {
        note: null,
        anything: [1],
        either: 3,
        meta: { a: 1 },
        ghost: 0,
      }),
    ).toEqual([]);
    expect(validateModelInput('acme/x', schema, { note: 'n', either: true })).toEqual([
      { path: 'either', message: 'expected a string or an integer (got true)' },
      { path: 'ghost', message: 'required field is missing (expected a value)' },
    ]);
    expect(validateModelInput('acme/x', schema, { note: 1, voice_sample: 2, ghost: 1 })).toEqual([
      { path: 'note', message: 'expected a string or null (got 1)' },
      { path: 'voice_sample', message: 'expected a URL string, Blob, Uint8Array or URL (got 2)' },
    ]);
  });

  it('compiles each schema once', () => {
    expect(compileRequestSchema(flux)).toBe(compileRequestSchema(flux));
  });

  it('accepts every generated valid input for every bundled model (full and compact schema)', () => {
    const ids = catalog.map((entry) => entry.model_id);
    fc.assert(
      fc.property(
        fc.constantFrom(...ids).chain((id) => fc.tuple(fc.constant(id), inputFor(schemaOf(id)))),
        ([id, input]) => {
          expect(validateModelInput(id, schemaOf(id), input)).toEqual([]);
          expect(validateModelInput(id, knownSchemas[id] ?? { properties: {} }, input)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports the missing field whenever a required key is removed', () => {
    const withRequired = catalog
      .map((entry) => entry.model_id)
      .filter((id) => (schemaOf(id).required ?? []).length > 0);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...withRequired)
          .chain((id) =>
            fc.tuple(
              fc.constant(id),
              inputFor(schemaOf(id)),
              fc.constantFrom(...(schemaOf(id).required ?? [])),
            ),
          ),
        ([id, input, key]) => {
          const { [key]: _removed, ...rest } = input;
          const issues = validateModelInput(id, schemaOf(id), rest);
          expect(issues).toContainEqual(
            expect.objectContaining({ path: key, message: expect.stringContaining('required') }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports exactly the unknown key added to a valid input', () => {
    const ids = catalog.map((entry) => entry.model_id);
    const key = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc
          .constantFrom(...ids)
          .chain((id) => fc.tuple(fc.constant(id), inputFor(schemaOf(id)), key)),
        ([id, input, extra]) => {
          const schema = schemaOf(id);
          fc.pre(
            !(extra in schema.properties) && !extra.startsWith('enable_') && !(extra in input),
          );
          const issues = validateModelInput(id, schema, { ...input, [extra]: 1 });
          expect(issues.map((issue) => issue.path)).toEqual([extra]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
