import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, STREAMING_MODELS } from '../../../src/testing/index.js';
import { api } from '../fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

/** Reads an SSE body, returning each `data:` payload and when it arrived. */
async function events(res: Response): Promise<Array<{ data: string; at: number }>> {
  const out: Array<{ data: string; at: number }> = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) out.push({ data: line.slice(6), at: Date.now() });
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return out;
}

describe('POST /api/v3/{model}/stream', () => {
  it('streams OpenAI-style chunks for any-llm, then [DONE], and creates no prediction', async () => {
    sim = await createSimulator({ speed: 10 });
    const res = await api(sim).post('/api/v3/wavespeed-ai/any-llm/stream', {
      prompt: 'Name a colour',
      model: 'openai/gpt-4o',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const received = await events(res);
    expect(received.at(-1)?.data).toBe('[DONE]');
    const chunks = received.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'openai/gpt-4o',
      choices: [{ index: 0, delta: { role: 'assistant' } }],
    });
    const text = chunks.map((c) => c.choices[0].delta.content ?? '').join('');
    expect(text).toContain('Name a colour');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    // Chunks arrive over time, not in one write.
    expect((received.at(-1)?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThan(20);
    expect(sim.state.jobs).toHaveLength(0);
    expect(sim.state.requests[0]).toMatchObject({ route: 'stream', status: 200 });
  });

  it('streams hex audio pieces and a final chunk for speech models', async () => {
    sim = await createSimulator({ speed: 100 });
    const res = await api(sim).post('/api/v3/minimax/speech-02-hd/stream', {
      text: 'Hello there',
      voice_id: 'Wise_Woman',
    });
    expect(res.status).toBe(200);
    const chunks = (await events(res)).map((e) => JSON.parse(e.data));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const pieces = chunks.filter((c) => c.data.status === 1).map((c) => c.data.audio as string);
    const final = chunks.at(-1);
    expect(final.data.status).toBe(2);
    expect(final.extra_info.audio_format).toBe('mp3');
    expect(pieces.join('')).toBe(final.data.audio);
    const audio = Buffer.from(final.data.audio, 'hex');
    expect(audio[0]).toBe(0xff);
    expect((audio[1] ?? 0) & 0xe0).toBe(0xe0);
  });

  it('refuses non-streaming and unknown models, and validates input', async () => {
    sim = await createSimulator({ speed: 100 });
    const flux = await api(sim).post('/api/v3/wavespeed-ai/flux-dev/stream', { prompt: 'x' });
    expect(flux.status).toBe(400);
    expect(((await flux.json()) as { message: string }).message).toMatch(
      /does not support streaming/,
    );
    expect((await api(sim).post('/api/v3/acme/nothing/stream', { prompt: 'x' })).status).toBe(404);
    const invalid = await api(sim).post('/api/v3/wavespeed-ai/any-llm/stream', {});
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/'prompt' is required/);
    expect(STREAMING_MODELS.includes('minimax/music-02')).toBe(true);
  });
});

describe('stream faults', () => {
  it('truncated: half the events, then a clean end without [DONE]', async () => {
    sim = await createSimulator({ speed: 100 });
    sim.inject({ route: 'stream', body: 'truncated' });
    const res = await api(sim).post('/api/v3/wavespeed-ai/any-llm/stream', {
      prompt: 'hello world',
    });
    expect(res.status).toBe(200);
    const received = await events(res);
    expect(received.length).toBeGreaterThan(0);
    expect(received.some((e) => e.data === '[DONE]')).toBe(false);
  });

  it("reset: 'after-create' drops the connection mid-stream", async () => {
    sim = await createSimulator({ speed: 100 });
    sim.inject({ route: 'stream', reset: 'after-create' });
    const res = await api(sim).post('/api/v3/wavespeed-ai/any-llm/stream', {
      prompt: 'hello world',
    });
    expect(res.status).toBe(200);
    await expect(events(res)).rejects.toThrow();
  });

  it('status faults answer before streaming', async () => {
    sim = await createSimulator({ speed: 100 });
    sim.inject({ route: 'stream', status: 503 });
    const res = await api(sim).post('/api/v3/wavespeed-ai/any-llm/stream', { prompt: 'x' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 503 });
  });
});
