import { describe, expect, it } from 'vitest';
import {
  compactRequestSchema,
  isMediaProperty,
  isRequestSchema,
  requestSchemaOf,
  typeList,
} from '../../src/models/schema.js';

describe('isMediaProperty', () => {
  it('spots media by format, upload widget or name', () => {
    expect(isMediaProperty('x', { type: 'string', format: 'uri' })).toBe(true);
    expect(isMediaProperty('x', { type: 'string', 'x-ui-component': 'uploader' })).toBe(true);
    for (const name of [
      'image',
      'mask_image',
      'images',
      'audio',
      'video',
      'face_image',
      'back_image_url',
      'last_image',
    ]) {
      expect(isMediaProperty(name, { type: 'string' }), name).toBe(true);
    }
    expect(isMediaProperty('images', { type: 'array', items: { type: 'string' } })).toBe(true);
  });

  it('leaves ordinary fields alone', () => {
    for (const name of [
      'prompt',
      'size',
      'image_size',
      'voice_id',
      'face_enhance',
      'seed',
      'output_format',
    ]) {
      expect(isMediaProperty(name, { type: 'string' }), name).toBe(false);
    }
    expect(isMediaProperty('image', { type: 'integer' })).toBe(false);
    expect(isMediaProperty('image', { type: 'string', enum: ['a', 'b'] })).toBe(false);
    expect(
      isMediaProperty('loras', {
        type: 'array',
        items: { type: 'object', properties: { path: { type: 'string' } } },
      }),
    ).toBe(false);
  });
});

describe('requestSchemaOf', () => {
  const schema = {
    type: 'object',
    properties: { prompt: { type: 'string' } },
    required: ['prompt'],
  };

  it('reads api_schema.api_schemas[0].request_schema, preferring the model_run item', () => {
    expect(
      requestSchemaOf({
        api_schema: { api_schemas: [{ type: 'model_run', request_schema: schema }] },
      }),
    ).toBe(schema);
    const other = { properties: {} };
    expect(
      requestSchemaOf({
        api_schema: {
          api_schemas: [
            { type: 'other', request_schema: other },
            { type: 'model_run', request_schema: schema },
          ],
        },
      }),
    ).toBe(schema);
    expect(requestSchemaOf({ api_schema: { api_schemas: [{ request_schema: schema }] } })).toBe(
      schema,
    );
  });

  it('returns undefined for anything else', () => {
    for (const entry of [
      undefined,
      null,
      'x',
      {},
      { api_schema: {} },
      { api_schema: { api_schemas: [] } },
      { api_schema: { api_schemas: [{ request_schema: { type: 'object' } }] } },
    ]) {
      expect(requestSchemaOf(entry)).toBeUndefined();
    }
    expect(isRequestSchema({ properties: [] })).toBe(false);
  });
});

describe('compactRequestSchema', () => {
  it('keeps validation keys, drops UI hints and marks media', () => {
    expect(
      compactRequestSchema({
        type: 'object',
        properties: {
          prompt: { type: 'string', title: 'Prompt', description: 'd', maxLength: 10 },
          image: { type: 'string', 'x-ui-component': 'uploader', 'x-accept': 'image/*' },
          images: { type: 'array', maxItems: 3, 'x-ui-component': 'uploaders' },
          steps: { type: 'integer', default: 4, minimum: 1, maximum: 8, step: 1 },
          loras: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
          },
        },
        required: ['prompt'],
        'x-order-properties': ['prompt'],
      }),
    ).toEqual({
      properties: {
        prompt: { type: 'string', maxLength: 10 },
        image: { type: 'string', format: 'uri' },
        images: { type: 'array', maxItems: 3, items: { type: 'string', format: 'uri' } },
        steps: { type: 'integer', minimum: 1, maximum: 8 },
        loras: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        },
      },
      required: ['prompt'],
    });
  });

  it('lists the types of a property', () => {
    expect(typeList({})).toEqual([]);
    expect(typeList({ type: 'string' })).toEqual(['string']);
    expect(typeList({ type: ['string', 'null'] })).toEqual(['string', 'null']);
  });
});
