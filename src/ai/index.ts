/**
 * `wavespeed-sdk/ai`: a Vercel AI SDK provider. `generateImage`, `experimental_generateVideo`,
 * `generateSpeech` and `transcribe` run WaveSpeed models through this SDK (learned polling,
 * uploads of file inputs, typed errors with prediction ids, the rate-tier queue). Needs the
 * optional peer `@ai-sdk/provider` (4): importing this without it fails with the install command.
 *
 * @example
 * ```ts
 * import { generateImage } from 'ai';
 * import { wavespeed } from 'wavespeed-sdk/ai';
 *
 * const { image } = await generateImage({ model: wavespeed.image('wavespeed-ai/flux-dev'), prompt: 'A fox in the snow' });
 * ```
 *
 * @module
 */
export { WaveSpeedImageModel } from './image.js';
export {
  createWaveSpeed,
  type WaveSpeedProvider,
  type WaveSpeedProviderSettings,
  wavespeed,
} from './provider.js';
export { WaveSpeedSpeechModel } from './speech.js';
export { WaveSpeedTranscriptionModel } from './transcription.js';
export { WaveSpeedVideoModel } from './video.js';
