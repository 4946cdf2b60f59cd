import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { auth, FIXTURE_MODELS } from './fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  sim = await createSimulator({ speed: 200, models: FIXTURE_MODELS, ...options });
  return sim;
}

async function post(path: string, body: unknown, key = sim.apiKey): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: auth(key),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function get(path: string, key = sim.apiKey): Promise<Response> {
  return fetch(`${sim.url}${path}`, { headers: auth(key) });
}

async function waitDone(id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await get(`/api/v3/predictions/${id}/result`);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    if (data.status === 'completed' || data.status === 'failed') return data;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('submit and result', () => {
  it('creates a prediction in the real envelope and completes it', async () => {
    await start();
    const res = await post('/api/v3/test/image', { prompt: 'A cat', unknown_key: 1 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      code: number;
      message: string;
      data: Record<string, unknown>;
    };
    expect(body.code).toBe(200);
    expect(body.message).toBe('success');
    const data = body.data;
    expect(data).toMatchObject({
      model: 'test/image',
      status: 'created',
      outputs: [],
      has_nsfw_contents: [],
      error: '',
      timings: { inference: 0 },
    });
    expect(data.id).toMatch(/^[0-9a-f]{32}$/);
    expect(data.urls).toEqual({ get: `${sim.url}/api/v3/predictions/${data.id}/result` });
    expect(data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const done = await waitDone(String(data.id));
    expect(done.status).toBe('completed');
    expect(done.outputs).toEqual([`${sim.storageUrl}/outputs/${data.id}/0.png`]);
    expect(done.has_nsfw_contents).toEqual([false]);
    expect((done.timings as { inference: number }).inference).toBeGreaterThan(0);
    const [job] = sim.state.jobs;
    expect(job?.input).toEqual({ prompt: 'A cat' });
    expect(job?.status).toBe('completed');
  });

  it('serves GET /predictions/{id} like /result', async () => {
    await start();
    const { data } = (await (await post('/api/v3/test/image', { prompt: 'x' })).json()) as {
      data: { id: string };
    };
    const a = (await (await get(`/api/v3/predictions/${data.id}`)).json()) as { data: unknown };
    const b = (await (await get(`/api/v3/predictions/${data.id}/result`)).json()) as {
      data: unknown;
    };
    expect(a.data).toMatchObject({ id: data.id, model: 'test/image' });
    expect(b.data).toMatchObject({ id: data.id, model: 'test/image' });
  });

  it('goes created → processing → completed', async () => {
    await start({ speed: 1, jobDuration: 300 });
    const { data } = (await (await post('/api/v3/test/image', { prompt: 'x' })).json()) as {
      data: { id: string };
    };
    const seen = new Set<string>();
    for (;;) {
      const res = await get(`/api/v3/predictions/${data.id}/result`);
      const { data: p } = (await res.json()) as { data: { status: string } };
      seen.add(p.status);
      if (p.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect([...seen]).toEqual(['created', 'processing', 'completed']);
  });

  it('fails jobs whose prompt contains [[fail]] and jobs failWhen picks', async () => {
    await start({
      failWhen: (job) => (job.input.prompt === 'boom' ? 'Custom failure' : undefined),
    });
    const a = (await (await post('/api/v3/test/image', { prompt: 'x [[fail]]' })).json()) as {
      data: { id: string };
    };
    const b = (await (await post('/api/v3/test/image', { prompt: 'boom' })).json()) as {
      data: { id: string };
    };
    const failed = await waitDone(a.data.id);
    expect(failed.status).toBe('failed');
    expect(failed.outputs).toEqual([]);
    expect(String(failed.error)).toMatch(/Inference failed/);
    expect((await waitDone(b.data.id)).error).toBe('Custom failure');
  });

  it('returns one output per num_images and picks the extension by kind', async () => {
    await start();
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['test/image', { prompt: 'x', num_images: 2, output_format: 'jpeg' }, /\/1\.jpeg$/],
      ['test/video/i2v', { prompt: 'x', image: 'https://e.test/a.png' }, /\/0\.mp4$/],
      ['test/tts', { text: 'hello' }, /\/0\.wav$/],
      ['minimax/speech-02-hd', { text: 'hello' }, /\/0\.mp3$/],
      ['test/3d', { image: 'https://e.test/a.png' }, /\/0\.glb$/],
      ['test/upscaler', { image: 'https://e.test/a.png' }, /\/0\.png$/],
    ];
    for (const [model, input, pattern] of cases) {
      const { data } = (await (await post(`/api/v3/${model}`, input)).json()) as {
        data: { id: string };
      };
      const done = await waitDone(data.id);
      const outputs = done.outputs as string[];
      expect(outputs.at(-1)).toMatch(pattern);
    }
    const llm = (await (
      await post('/api/v3/test/llm', { prompt: 'Why is the sky blue?' })
    ).json()) as {
      data: { id: string };
    };
    const text = (await waitDone(llm.data.id)).outputs as string[];
    expect(text[0]).toContain('Why is the sky blue?');
    expect(text[0]).not.toMatch(/^http/);
  });

  it('answers 404 for unknown and foreign prediction ids', async () => {
    await start({ apiKeys: ['wsk_test_a', 'wsk_test_b'] });
    const missing = await get('/api/v3/predictions/0123456789abcdef0123456789abcdef/result');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 404 });
    const { data } = (await (
      await post('/api/v3/test/image', { prompt: 'x' }, 'wsk_test_a')
    ).json()) as {
      data: { id: string };
    };
    const foreign = await get(`/api/v3/predictions/${data.id}/result`, 'wsk_test_b');
    expect(foreign.status).toBe(404);
  });
});

describe('auth and routing', () => {
  it('answers 401 for a missing or unknown key and 404 for unknown paths and models', async () => {
    await start();
    const missing = await fetch(`${sim.url}/api/v3/balance`);
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { code: number; message: string };
    expect(body.code).toBe(401);
    expect(body.message).toMatch(/^Unauthorized: /);
    const wrong = await get('/api/v3/balance', 'wsk_test_nope');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).not.toContain('wsk_test_nope');
    const xKey = await fetch(`${sim.url}/api/v3/balance`, { headers: { 'x-api-key': sim.apiKey } });
    expect(xKey.status).toBe(401);
    const unknownPath = await get('/api/v3/nothing/here');
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toMatchObject({ code: 404 });
    const outside = await fetch(`${sim.url}/favicon.ico`);
    expect(outside.status).toBe(404);
    const unknownModel = await post('/api/v3/acme/does-not-exist', { prompt: 'x' });
    expect(unknownModel.status).toBe(404);
    expect(((await unknownModel.json()) as { message: string }).message).toContain(
      'acme/does-not-exist',
    );
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('records every request with lower-cased headers', async () => {
    await start();
    await post('/api/v3/test/image', { prompt: 'x' });
    const [request] = sim.state.requests;
    expect(request).toMatchObject({
      origin: 'api',
      method: 'POST',
      path: '/api/v3/test/image',
      status: 200,
      route: 'submit',
    });
    expect(request?.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
    expect(request?.bodyBytes).toBe(JSON.stringify({ prompt: 'x' }).length);
  });
});
