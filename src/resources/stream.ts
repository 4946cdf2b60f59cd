import { ValidationError } from '../core/errors.js';
import { isRecord, lazy } from '../core/util.js';
import { modelIdIssues } from '../models/model-id.js';
import type { ModelId, ModelInput } from '../models/types.js';
import type { StreamDeps, StreamEvent, StreamOptions } from './stream-types.js';

// `client.stream`: arguments are checked at once; the request and the SSE parser load when the
// first stream starts (stream-events.ts).

const loadStreamEvents = lazy(() => import('./stream-events.js'));

/**
 * Opens the SSE stream of `model` and yields its events as they arrive. The request is sent
 * when iteration starts; breaking out of the loop or aborting closes the connection.
 */
export function createStream<M extends ModelId>(
  deps: StreamDeps,
  model: M,
  input: ModelInput<M>,
  options: StreamOptions = {},
): AsyncIterable<StreamEvent> {
  const issues = modelIdIssues(model);
  if (issues.length > 0) throw ValidationError.fromIssues('Invalid model id', issues);
  if (!isRecord(input)) {
    throw ValidationError.fromIssues('Invalid request', [
      { path: '', message: 'the input must be an object of model fields, e.g. { prompt: "Hi" }' },
    ]);
  }
  return {
    async *[Symbol.asyncIterator]() {
      const { streamEvents } = await loadStreamEvents();
      yield* streamEvents(deps, model, input as Record<string, unknown>, options);
    },
  };
}
