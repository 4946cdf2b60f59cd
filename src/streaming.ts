import { APIError, ConnectionError, isWaveSpeedError, ValidationError } from './core/errors.js';
import { readSse, type SseEvent } from './core/sse.js';
import { preflightIssues } from './models/preflight.js';
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

function notStreaming(model: string, cause?: unknown): ValidationError {
  const error = ValidationError.fromIssues(`Model ${model} does not stream`, [
    {
      path: 'model',
      message:
        `only these models stream: ${STREAMING_MODELS.join(', ')}; ` +
        'use client.run() for the others',
    },
  ]);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}

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
  const known = STREAMING_MODELS.includes(model);
  return {
    async *[Symbol.asyncIterator]() {
      const { signal } = options;
      signal?.throwIfAborted();
      if (ctx.http.config.validateInput) {
        const schemaOf = ctx.schemaOf;
        const issues = await preflightIssues(model, input as Record<string, unknown>, {
          ...(schemaOf === undefined
            ? {}
            : { fetchSchema: (id: string) => schemaOf(id).catch(() => undefined) }),
        });
        if (issues.length > 0)
          throw ValidationError.fromIssues(`Invalid input for ${model}`, issues);
        signal?.throwIfAborted();
      }
      let response: Response;
      try {
        response = await ctx.http.request<Response>({
          method: 'POST',
          path: `/api/v3/${model}/stream`,
          json: input,
          headers: { accept: 'text/event-stream' },
          retry: 'never',
          raw: true,
          signal,
        });
      } catch (error) {
        const status = error instanceof APIError ? error.status : undefined;
        if (!known && (status === 400 || status === 404 || status === 405)) {
          throw notStreaming(model, error);
        }
        throw error;
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream') || response.body === null) {
        await response.body?.cancel().catch(() => undefined);
        throw notStreaming(model);
      }
      ctx.logger.debug(`streaming from ${model}`);
      try {
        yield* readSse(response.body);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isWaveSpeedError(error)) throw error;
        throw new ConnectionError(
          `The stream from ${model} was cut off. Start a new stream to try again.`,
          { maybeSent: true, cause: error },
        );
      }
    },
  };
}
