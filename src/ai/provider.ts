import type { ProviderV4 } from '@ai-sdk/provider';
import { type ClientOptions, WaveSpeedClient } from '../index.js';
import { WaveSpeedImageModel } from './image.js';
import { aiSdk } from './peers.js';
import { WaveSpeedSpeechModel } from './speech.js';
import { WaveSpeedTranscriptionModel } from './transcription.js';
import { WaveSpeedVideoModel } from './video.js';

// The provider: one SDK client (made on first use), and a model object per kind.

/** Options of {@link createWaveSpeed}. */
export interface WaveSpeedProviderSettings extends ClientOptions {
  /** A client to use instead of making one (its options then apply; the others are ignored). */
  client?: WaveSpeedClient | undefined;
}

/** The WaveSpeed provider for the Vercel AI SDK. */
export interface WaveSpeedProvider extends Omit<ProviderV4, 'languageModel' | 'embeddingModel'> {
  /** An image model for `generateImage`. */
  image(modelId: string): WaveSpeedImageModel;
  /** A video model for `experimental_generateVideo`. */
  video(modelId: string): WaveSpeedVideoModel;
  /** A speech model for `generateSpeech`. */
  speech(modelId: string): WaveSpeedSpeechModel;
  /** A transcription model for `transcribe`. */
  transcription(modelId: string): WaveSpeedTranscriptionModel;
  imageModel(modelId: string): WaveSpeedImageModel;
  videoModel(modelId: string): WaveSpeedVideoModel;
  speechModel(modelId: string): WaveSpeedSpeechModel;
  transcriptionModel(modelId: string): WaveSpeedTranscriptionModel;
  /** WaveSpeed serves no language models through this provider: throws `NoSuchModelError`. */
  languageModel(modelId: string): never;
  /** WaveSpeed serves no embedding models: throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
}

/**
 * A WaveSpeed provider. The API key comes from `apiKey` or, at the first call (not at import),
 * `WAVESPEED_API_KEY`. The SDK retries what is worth retrying; its errors reach the AI SDK as
 * non-retryable `APICallError`s (with the SDK error, and its prediction id, as `cause`).
 *
 * @example
 * ```ts
 * import { generateImage } from 'ai';
 * import { createWaveSpeed } from 'wavespeed-sdk/ai';
 *
 * const wavespeed = createWaveSpeed({ maxConcurrency: 4 });
 * const { image } = await generateImage({ model: wavespeed.image('wavespeed-ai/flux-dev'), prompt: 'A fox' });
 * ```
 */
export function createWaveSpeed(settings: WaveSpeedProviderSettings = {}): WaveSpeedProvider {
  const { client: given, ...options } = settings;
  let made: WaveSpeedClient | undefined = given;
  const client = () => {
    made ??= new WaveSpeedClient(options);
    return made;
  };
  const noSuchModel = (modelType: 'languageModel' | 'embeddingModel') => (modelId: string) => {
    throw new aiSdk.NoSuchModelError({
      modelId,
      modelType,
      message: `WaveSpeed has no ${modelType === 'languageModel' ? 'language' : 'embedding'} models in this provider; use wavespeed.image/video/speech/transcription.`,
    });
  };
  const image = (id: string) => new WaveSpeedImageModel(id, client);
  const video = (id: string) => new WaveSpeedVideoModel(id, client);
  const speech = (id: string) => new WaveSpeedSpeechModel(id, client);
  const transcription = (id: string) => new WaveSpeedTranscriptionModel(id, client);
  return {
    specificationVersion: 'v4',
    image,
    video,
    speech,
    transcription,
    imageModel: image,
    videoModel: video,
    speechModel: speech,
    transcriptionModel: transcription,
    languageModel: noSuchModel('languageModel'),
    embeddingModel: noSuchModel('embeddingModel'),
  };
}

/** The default provider: `WAVESPEED_API_KEY` (and `WAVESPEED_BASE_URL`) from the environment. */
export const wavespeed: WaveSpeedProvider = createWaveSpeed();
