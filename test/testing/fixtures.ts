import type { SimModel } from '../../src/testing/index.js';

function entry(
  model_id: string,
  type: string,
  base_price: number,
  properties: Record<string, Record<string, unknown>>,
  required: string[],
  formula = '{"total_price": base_price * 1}',
): SimModel {
  return {
    model_id,
    name: model_id,
    description: `${type} fixture`,
    type,
    base_price,
    sort_order: 1,
    formula,
    api_schema: {
      api_schemas: [
        {
          type: 'model_run',
          method: 'POST',
          server: 'https://api.wavespeed.ai',
          api_path: `/api/v3/${model_id}`,
          request_schema: {
            type: 'object',
            properties,
            required,
            'x-order-properties': Object.keys(properties),
          },
        },
      ],
    },
  };
}

/** Test models, one per kind, independent of the bundled catalog's content. */
export const FIXTURE_MODELS: SimModel[] = [
  entry(
    'test/image',
    'text-to-image',
    0.025,
    {
      prompt: { type: 'string' },
      size: { type: 'string', default: '1024*1024' },
      seed: { type: 'integer', default: -1, minimum: -1, maximum: 2147483647 },
      num_images: { type: 'integer', default: 1, minimum: 1, maximum: 4 },
      output_format: { type: 'string', enum: ['png', 'jpeg', 'webp'], default: 'png' },
      guidance_scale: { type: 'number', minimum: 0, maximum: 20 },
      enable_safety_checker: { type: 'boolean', default: true },
      loras: { type: 'array', items: { type: 'object' }, maxItems: 3 },
    },
    ['prompt'],
  ),
  entry(
    'test/video/i2v',
    'image-to-video',
    0.4,
    {
      prompt: { type: 'string' },
      image: { type: 'string' },
      duration: { type: 'integer', enum: [5, 10], default: 5 },
    },
    ['prompt', 'image'],
    '{"total_price": base_price * duration / 5}',
  ),
  entry('test/tts', 'text-to-speech', 0.05, { text: { type: 'string' } }, ['text']),
  entry('test/3d', 'image-to-3d', 0.2, { image: { type: 'string' } }, ['image']),
  entry('test/llm', 'llm', 0.001, { prompt: { type: 'string' } }, ['prompt']),
  entry('test/upscaler', 'image-upscaler', 0.01, { image: { type: 'string' } }, ['image']),
  entry('test/video-upscaler', 'video-upscaler', 0.05, { video: { type: 'string' } }, ['video']),
  entry(
    'wavespeed-ai/any-llm',
    'llm',
    0.001,
    { prompt: { type: 'string' }, model: { type: 'string' } },
    ['prompt'],
  ),
  entry('minimax/speech-02-hd', 'text-to-speech', 0.05, { text: { type: 'string' } }, ['text']),
];

/** Authorization + JSON headers for `key`. */
export function auth(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/** Minimal HTTP helpers bound to one simulator. */
export interface Api {
  get(path: string, key?: string): Promise<Response>;
  post(path: string, body: unknown, key?: string): Promise<Response>;
  /** POST and return the envelope's `data` (asserting HTTP 200). */
  data<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  /** Polls a prediction until it is completed or failed. */
  waitDone(id: string): Promise<Record<string, unknown>>;
}

/** Builds {@link Api} helpers for a simulator. */
export function api(sim: { url: string; apiKey: string }): Api {
  const get = (path: string, key = sim.apiKey): Promise<Response> =>
    fetch(`${sim.url}${path}`, { headers: auth(key) });
  const post = (path: string, body: unknown, key = sim.apiKey): Promise<Response> =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: auth(key),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    get,
    post,
    async data<T>(path: string, body?: unknown): Promise<T> {
      const res = body === undefined ? await get(path) : await post(path, body);
      const json = (await res.json()) as { code: number; data: T; message: string };
      if (res.status !== 200 || json.code !== 200) {
        throw new Error(`${path}: HTTP ${res.status} ${json.message}`);
      }
      return json.data;
    },
    async waitDone(id: string): Promise<Record<string, unknown>> {
      for (;;) {
        const res = await get(`/api/v3/predictions/${id}/result`);
        const { data } = (await res.json()) as { data: Record<string, unknown> };
        if (data.status === 'completed' || data.status === 'failed') return data;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

/** A minimal valid input for any catalog model, built from its request schema. */
export function validInput(model: SimModel): Record<string, unknown> {
  const schema = model.api_schema?.api_schemas?.[0]?.request_schema;
  const input: Record<string, unknown> = {};
  for (const name of schema?.required ?? []) {
    const property = schema?.properties?.[name] ?? {};
    const media = /image|video|audio|url|mask|face|cloth/i.test(name);
    if (Array.isArray(property.enum) && property.enum.length > 0) input[name] = property.enum[0];
    else if (property.type === 'array') input[name] = ['https://e.test/a.png'];
    else if (property.type === 'integer' || property.type === 'number') {
      input[name] = property.default ?? property.minimum ?? 1;
    } else if (property.type === 'boolean') input[name] = true;
    else input[name] = media ? 'https://e.test/a.png' : 'x';
  }
  return input;
}
