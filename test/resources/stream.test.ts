import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from '../../src/client.js';
import { ConnectionError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/resources/stream-types.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;
let client: WaveSpeedClient;

beforeEach(async () => {
  sim = await createSimulator({ speed: 50, seed: 2 });
  client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
});

afterEach(async () => {
  await sim.close();
});

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('client.stream', () => {
  it('yields parsed events of an LLM until [DONE], creating no prediction', async () => {
    const events = await collect(client.stream('wavespeed-ai/any-llm', { prompt: 'Say hi' }));
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.event === 'message')).toBe(true);
    expect(typeof events[0]?.data).toBe('object');
    expect(events.some((e) => e.raw.includes('[DONE]'))).toBe(false);
    expect(sim.state.jobs).toHaveLength(0);
    const request = sim.state.requests[0];
    expect(request?.path).toBe('/api/v3/wavespeed-ai/any-llm/stream');
    expect(request?.headers.accept).toBe('text/event-stream');
  });

  it('streams audio models too', async () => {
    const events = await collect(
      client.stream('minimax/speech-02-hd', { text: 'Hello', voice_id: 'Wise_Woman' }),
    );
    expect(events.length).toBeGreaterThan(0);
  });

  it('sends nothing until iteration starts', async () => {
    const iterable = client.stream('wavespeed-ai/any-llm', { prompt: 'x' });
    expect(sim.state.requests).toHaveLength(0);
    await collect(iterable);
    expect(sim.state.requests).toHaveLength(1);
  });

  it('a model that does not stream gets a ValidationError saying what to use', async () => {
    const error = await collect(client.stream('wavespeed-ai/flux-dev', { prompt: 'x' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('use client.run()');
    const unknown = await collect(client.stream('nobody/nothing', { prompt: 'x' })).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(() => client.stream('no-slash', {})).toThrow(ValidationError);
  });

  it('aborts mid-stream with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('enough');
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of client.stream(
        'wavespeed-ai/any-llm',
        { prompt: 'a long answer please' },
        { signal: controller.signal },
      )) {
        seen.push(event);
        controller.abort(reason);
      }
    })().catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(seen).toHaveLength(1);
  });

  it('breaking out early closes the connection', async () => {
    for await (const _event of client.stream('wavespeed-ai/any-llm', { prompt: 'x' })) break;
    const events = await collect(client.stream('wavespeed-ai/any-llm', { prompt: 'y' }));
    expect(events.length).toBeGreaterThan(0);
  });

  it('a stream cut off by the server is a ConnectionError', async () => {
    sim.inject({ route: 'stream', reset: 'after-create' });
    const error = await collect(client.stream('wavespeed-ai/any-llm', { prompt: 'x' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(NotFoundError).toBeDefined();
  });
});
