import { APIError, ConnectionError, isWaveSpeedError, ValidationError } from '../core/errors.js';
import { readSse } from '../core/sse.js';
import { STREAMING_MODELS } from '../models/streaming.js';
import type { StreamDeps, StreamEvent, StreamOptions } from './stream-types.js';

// The body of `client.stream`: it loads when the first stream starts, so clients that never
// stream do not carry the request handling or the SSE parser.

function notStreaming(model: string, cause?: unknown): ValidationError {
  return ValidationError.fromIssues(
    `Model ${model} does not stream`,
    [
      {
        path: 'model',
        message:
          `only these models stream: ${STREAMING_MODELS.join(', ')}; ` +
          'use client.run() for the others',
      },
    ],
    { cause },
  );
}

/**
 * Validates the input, sends `POST /api/v3/{model}/stream` and yields the SSE events as they
 * arrive. Breaking out of the loop or aborting closes the connection. `createStream` checks the
 * arguments first and calls this when iteration starts.
 */
export async function* streamEvents(
  deps: StreamDeps,
  model: string,
  input: Record<string, unknown>,
  options: StreamOptions = {},
): AsyncGenerator<StreamEvent> {
  const { signal } = options;
  signal?.throwIfAborted();
  await deps.checkInput?.(model, input, signal);
  let response: Response;
  try {
    response = await deps.http.request<Response>({
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
    if (!STREAMING_MODELS.includes(model) && (status === 400 || status === 404 || status === 405)) {
      throw notStreaming(model, error);
    }
    throw error;
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw notStreaming(model);
  }
  deps.logger.debug(`streaming from ${model}`);
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
}
