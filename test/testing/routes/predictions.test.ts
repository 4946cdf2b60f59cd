import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { api, auth, FIXTURE_MODELS } from '../fixtures.js';

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

  it('never leaves a job behind in processing when many tiny jobs run at once', async () => {
    await start({ speed: 1000 });
    const ids = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const res = await post('/api/v3/test/image', { prompt: `p${i}` });
        return ((await res.json()) as { data: { id: string } }).data.id;
      }),
    );
    const done = await Promise.all(ids.map((id) => api(sim).waitDone(id)));
    expect(done.every((p) => p.status === 'completed')).toBe(true);
    for (const job of sim.state.jobs) {
      expect(job.status).toBe('completed');
      expect(job.startedAt).toBeLessThanOrEqual(job.completedAt ?? 0);
    }
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

describe('input validation', () => {
  it('names the field for required, type, enum, range and array problems', async () => {
    await start();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /'prompt' is required/],
      [{ prompt: 42 }, /'prompt' must be of type string, got integer/],
      [{ prompt: 'x', seed: 1.5 }, /'seed' must be of type integer, got number/],
      [{ prompt: 'x', seed: -2 }, /'seed' must be >= -1/],
      [{ prompt: 'x', num_images: 5 }, /'num_images' must be <= 4/],
      [
        { prompt: 'x', output_format: 'gif' },
        /'output_format' must be one of "png", "jpeg", "webp"/,
      ],
      [
        { prompt: 'x', enable_safety_checker: 'yes' },
        /'enable_safety_checker' must be of type boolean/,
      ],
      [{ prompt: 'x', guidance_scale: '3' }, /'guidance_scale' must be of type number, got string/],
      [{ prompt: 'x', loras: [{}, {}, {}, {}] }, /'loras' must have at most 3 items/],
      [{ prompt: 'x', loras: ['a'] }, /'loras\[0\]' must be of type object/],
    ];
    for (const [input, message] of cases) {
      const res = await post('/api/v3/test/image', input);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: number; message: string };
      expect(body.code).toBe(400);
      expect(body.message).toMatch(message);
    }
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('accepts integers for number fields and drops unknown keys silently', async () => {
    await start();
    const res = await post('/api/v3/test/image', { prompt: 'x', guidance_scale: 3, promt: 'typo' });
    expect(res.status).toBe(200);
    expect(sim.state.jobs[0]?.input).toEqual({ prompt: 'x', guidance_scale: 3 });
  });

  it('answers 400 for bodies that are not a JSON object', async () => {
    await start();
    const notJson = await post('/api/v3/test/image', '{"prompt":');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/Invalid JSON/);
    const array = await post('/api/v3/test/image', '[1,2]');
    expect(array.status).toBe(400);
    expect(sim.state.jobs).toHaveLength(0);
  });

  it('rejects base64 output with a webhook using the real error body', async () => {
    await start();
    const res = await post('/api/v3/test/image?webhook=https://hooks.example.test/ws', {
      prompt: 'x',
      enable_base64_output: true,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error:
        'webhook callback does not support base64 output, please use the normal API to use base64 output',
    });
    const viaBody = await post('/api/v3/test/image', {
      prompt: 'x',
      enable_base64_output: true,
      webhook_url: 'https://hooks.example.test/ws',
    });
    expect(viaBody.status).toBe(400);
    const badUrl = await post('/api/v3/test/image?webhook=not-a-url', { prompt: 'x' });
    expect(badUrl.status).toBe(400);
    expect(sim.state.jobs).toHaveLength(0);
  });
});

describe('sync mode and base64', () => {
  it('blocks until the job completes and returns the full prediction', async () => {
    await start();
    const res = await post('/api/v3/test/image', { prompt: 'x', enable_sync_mode: true });
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(res.status).toBe(200);
    expect(data.status).toBe('completed');
    expect(data.outputs).toHaveLength(1);
    expect(data.code).toBeUndefined();
    expect(sim.state.jobs[0]?.sync).toBe(true);
    expect(sim.state.requests[0]?.route).toBe('sync-submit');
  });

  it('answers HTTP 200 with code 5004 when the sync wait times out; the job keeps running', async () => {
    await start({ speed: 1, jobDuration: 400, syncTimeoutMs: 50 });
    const res = await post('/api/v3/test/image', { prompt: 'x', enable_sync_mode: true });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      status: 'processing',
      code: 5004,
      error:
        'Sync mode timed out after 90 seconds. The prediction is still processing asynchronously.',
    });
    expect((data.urls as { get: string }).get).toBe(
      `${sim.url}/api/v3/predictions/${data.id}/result`,
    );
    const done = await api(sim).waitDone(String(data.id));
    expect(done.status).toBe('completed');
  });

  it('returns a failed sync prediction with its error', async () => {
    await start();
    const res = await post('/api/v3/test/image', { prompt: '[[fail]]', enable_sync_mode: true });
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data.status).toBe('failed');
    expect(data.error).not.toBe('');
    expect(data.outputs).toEqual([]);
  });

  it('returns bare base64 outputs when enable_base64_output is set', async () => {
    await start();
    const res = await post('/api/v3/test/image', {
      prompt: 'x',
      enable_sync_mode: true,
      enable_base64_output: true,
    });
    const { data } = (await res.json()) as { data: { outputs: string[]; id: string } };
    const [output] = data.outputs;
    expect(output).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(output ?? '', 'base64');
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const polled = await api(sim).waitDone(data.id);
    expect(polled.outputs).toEqual(data.outputs);
  });
});

describe('history and delete', () => {
  async function seedJobs(): Promise<string[]> {
    const ids: string[] = [];
    for (const [model, input] of [
      ['test/image', { prompt: 'one' }],
      ['test/llm', { prompt: 'two' }],
      ['test/image', { prompt: '[[fail]]' }],
    ] as const) {
      const { data } = (await (await post(`/api/v3/${model}`, input)).json()) as {
        data: { id: string };
      };
      ids.push(data.id);
      await api(sim).waitDone(data.id);
    }
    return ids;
  }

  it('lists newest first with pagination, filters and inputs', async () => {
    await start();
    const ids = await seedJobs();
    const all = await api(sim).data<{
      page: number;
      total: number;
      items: Array<Record<string, unknown>>;
    }>('/api/v3/predictions', { page: 1, page_size: 2 });
    expect(all.page).toBe(1);
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect(all.items[0]).toMatchObject({ status: 'failed', urls: { get: expect.any(String) } });
    expect(typeof all.items[1]?.executionTime).toBe('number');
    expect(all.items[1]?.inputs).toBeUndefined();
    const page2 = await api(sim).data<{ items: Array<{ id: string }> }>('/api/v3/predictions', {
      page: 2,
      page_size: 2,
    });
    expect(page2.items.map((i) => i.id)).toEqual([ids[0]]);
    const images = await api(sim).data<{ total: number }>('/api/v3/predictions', {
      page: 1,
      page_size: 10,
      model: 'test/image',
      status: 'completed',
    });
    expect(images.total).toBe(1);
    const withInputs = await api(sim).data<{ items: Array<{ inputs: unknown }> }>(
      '/api/v3/predictions',
      {
        page: 1,
        page_size: 1,
        include_inputs: true,
      },
    );
    expect(withInputs.items[0]?.inputs).toEqual({ prompt: '[[fail]]' });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await api(sim).data<{ total: number }>('/api/v3/predictions', {
      page: 1,
      page_size: 10,
      created_after: future,
    });
    expect(none.total).toBe(0);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const window = await api(sim).data<{ total: number }>('/api/v3/predictions', {
      page: 1,
      page_size: 10,
      created_after: past,
      created_before: future,
    });
    expect(window.total).toBe(3);
  });

  it('answers 400 for bad history parameters', async () => {
    await start();
    for (const body of [
      { page: 0, page_size: 10 },
      { page: 1, page_size: 101 },
      { page: 1, page_size: 0 },
      { page: 1, page_size: 10, created_after: '2026-01-01' },
      { page: 1, page_size: 10, created_before: 'yesterday' },
      { page: 1, page_size: 10, status: 5 },
    ]) {
      const res = await post('/api/v3/predictions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { code: number }).code).toBe(400);
    }
  });

  it('deletes in bulk, ignores unknown ids and hides deleted predictions', async () => {
    await start();
    const ids = await seedJobs();
    const res = await api(sim).data<{ deleted_count: number }>('/api/v3/predictions/delete', {
      ids: [ids[0], ids[1], 'ffffffffffffffffffffffffffffffff'],
    });
    expect(res.deleted_count).toBe(2);
    expect((await get(`/api/v3/predictions/${ids[0]}/result`)).status).toBe(404);
    expect((await get(`/api/v3/predictions/${ids[2]}/result`)).status).toBe(200);
    const again = await api(sim).data<{ deleted_count: number }>('/api/v3/predictions/delete', {
      ids: [ids[0]],
    });
    expect(again.deleted_count).toBe(0);
    const list = await api(sim).data<{ total: number }>('/api/v3/predictions', {
      page: 1,
      page_size: 10,
    });
    expect(list.total).toBe(1);
    expect(sim.state.deletedIds).toEqual([ids[0], ids[1]]);
    expect((await post('/api/v3/predictions/delete', { ids: 'x' })).status).toBe(400);
  });

  it('stops a running job when it is deleted', async () => {
    await start({ speed: 1, jobDuration: 10_000 });
    const { data } = (await (await post('/api/v3/test/image', { prompt: 'x' })).json()) as {
      data: { id: string };
    };
    await api(sim).data('/api/v3/predictions/delete', { ids: [data.id] });
    expect(sim.state.jobs[0]).toMatchObject({ deleted: true });
    expect(sim.state.jobs[0]?.completedAt).toBeUndefined();
  });
});
