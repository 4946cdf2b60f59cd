// Which models stream. Shared by the SDK (client.stream) and the simulator (/stream route); this
// module imports nothing.

/**
 * Models known to serve `POST /api/v3/{model}/stream` (Server-Sent Events). Other models answer
 * that path with an error; use `client.run()` for them.
 *
 * @example
 * ```ts
 * const outputs = STREAMING_MODELS.includes(model)
 *   ? await collect(client.stream(model, input))
 *   : await client.run(model, input);
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
