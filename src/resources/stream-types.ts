import type { HttpClient } from '../core/http.js';
import type { SdkLogger } from '../core/logger.js';
import type { SseEvent } from '../core/sse.js';
import type { InputCheck } from './input-check.js';

// The types of `client.stream`, apart from the code (stream.ts checks, stream-events.ts sends).

/**
 * What a stream uses, given by the client.
 */
export interface StreamDeps {
  http: HttpClient;
  logger: SdkLogger;
  /** Checks inputs against model schemas; absent when validation is off. */
  checkInput?: InputCheck | undefined;
}

/**
 * One event of a streaming model (`client.stream`): `data` is the parsed JSON chunk the model
 * sent (or its text), `raw` the payload as received.
 */
export type StreamEvent = SseEvent;

/**
 * Options of `client.stream`.
 */
export interface StreamOptions {
  /** Stops the stream; iteration rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}
