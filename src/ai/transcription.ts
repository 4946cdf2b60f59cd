import type {
  TranscriptionModelV4,
  TranscriptionModelV4CallOptions,
  TranscriptionModelV4Result,
} from '@ai-sdk/provider';
import type { WaveSpeedClient } from '../index.js';
import { toAiError } from './errors.js';
import { audioUrl, download } from './files.js';
import { callOptions } from './options.js';

// `wavespeed.transcription(id)`: the AI SDK's transcription model (transcribe), e.g. on
// `wavespeed-ai/openai-whisper`. The audio is uploaded, the job run; the text is the output
// (or, when a model answers with a file, that file's text).

/** An AI SDK transcription model running `modelId` on WaveSpeed. */
export class WaveSpeedTranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'wavespeed.transcription';
  readonly modelId: string;
  readonly #client: () => WaveSpeedClient;

  constructor(modelId: string, client: () => WaveSpeedClient) {
    this.modelId = modelId;
    this.#client = client;
  }

  async doGenerate(options: TranscriptionModelV4CallOptions): Promise<TranscriptionModelV4Result> {
    const client = this.#client();
    const signal = options.abortSignal;
    const own = callOptions(options.providerOptions);
    let body: Record<string, unknown> = {};
    try {
      const audio = await audioUrl(client, options.audio, options.mediaType, signal);
      body = { audio, ...own.input };
      const p = await client.predictions.run(this.modelId as never, body as never, {
        ...own.run,
        signal,
      });
      const first = p.outputs[0] ?? '';
      const text = /^https?:\/\//.test(first)
        ? Buffer.from((await download([first], signal))[0]?.bytes ?? []).toString('utf8')
        : p.outputs.join('\n');
      return {
        text,
        segments: [],
        language: typeof body.language === 'string' ? body.language : undefined,
        durationInSeconds: undefined,
        warnings: [],
        response: { timestamp: new Date(), modelId: this.modelId },
        providerMetadata: { wavespeed: { predictionId: p.id } },
      };
    } catch (error) {
      throw toAiError(error, this.modelId, body);
    }
  }
}
