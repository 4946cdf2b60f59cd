import { ValidationError } from './core/errors.js';
import type { SseEvent } from './core/sse.js';
import type { ModelId, ModelInput } from './models/types.js';
import type { ClientContext } from './resources/resource.js';

/**
 * One event of a streaming model (`client.stream`): `data` is the parsed JSON chunk the model
 * sent (or its text), `raw` the payload as received.
 *
 * @example
 * ```ts
 * for await (const event of client.stream('wavespeed-ai/any-llm', { prompt: 'Hi' })) {
 *   console.log(event.event, event.data);
 * }
 * ```
 */
export type StreamEvent = SseEvent;

/**
 * Options of `client.stream`.
 *
 * @example
 * ```ts
 * const options: StreamOptions = { signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface StreamOptions {
  /** Stops the stream; iteration rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Models known to serve `POST /api/v3/{model}/stream`.
 *
 * @example
 * ```ts
 * STREAMING_MODELS.includes('wavespeed-ai/any-llm'); // true
 * ```
 */
export const STREAMING_MODELS: readonly string[] = [
  'minimax/speech-02-hd',
  'minimax/speech-02-turbo',
  'minimax/speech-2.5-hd-preview',
  'minimax/speech-2.5-turbo-preview',
  'minimax/speech-2.6-hd',
  'minimax/speech-2.6-turbo',
  'minimax/music-02',
  'wavespeed-ai/any-llm',
  'wavespeed-ai/any-llm/vision',
];

/**
 * Opens the SSE stream of `model` and yields its events as they arrive. The request is sent
 * when iteration starts; breaking out of the loop or aborting closes the connection.
 *
 * @example
 * ```ts
 * const events = createStream(ctx, 'wavespeed-ai/any-llm', { prompt: 'Hi' });
 * for await (const event of events) console.log(event.data);
 * ```
 */
export function createStream<M extends ModelId>(
  ctx: ClientContext,
  model: M,
  input: ModelInput<M>,
  options: StreamOptions = {},
): AsyncIterable<StreamEvent> {
  if (typeof model !== 'string' || !model.includes('/') || /\s/.test(model)) {
    throw ValidationError.fromIssues('Invalid model id', [
      {
        path: 'model',
        message: `expected an id like "wavespeed-ai/any-llm", got ${JSON.stringify(model)}`,
      },
    ]);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw ValidationError.fromIssues('Invalid request', [
      { path: '', message: 'the input must be an object of model fields, e.g. { prompt: "Hi" }' },
    ]);
  }
  return {
    async *[Symbol.asyncIterator]() {
      // The request, validation and SSE parsing load when the first stream starts.
      const { streamEvents } = await import('./stream-events.js');
      yield* streamEvents(ctx, model, input as Record<string, unknown>, options);
    },
  };
}
