import type {
  SharedV4Warning,
  SpeechModelV4,
  SpeechModelV4CallOptions,
  SpeechModelV4Result,
} from '@ai-sdk/provider';
import { STREAMING_MODELS, type WaveSpeedClient } from '../index.js';
import { toAiError } from './errors.js';
import { download } from './files.js';
import { callOptions, fieldSetter, unsupported } from './options.js';
import { fieldsOf } from './schema.js';

// `wavespeed.speech(id)`: the AI SDK's speech model (generateSpeech). Models that stream (MiniMax
// speech) are read as a stream, piece by piece; others run as a job and their audio file is
// downloaded.

/** A MiniMax speech chunk: hex-encoded audio; status 1 = a piece, 2 = the whole again. */
interface SpeechChunk {
  data?: { audio?: string; status?: number };
}

/** An AI SDK speech model running `modelId` on WaveSpeed. */
export class WaveSpeedSpeechModel implements SpeechModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'wavespeed.speech';
  readonly modelId: string;
  readonly #client: () => WaveSpeedClient;

  constructor(modelId: string, client: () => WaveSpeedClient) {
    this.modelId = modelId;
    this.#client = client;
  }

  async doGenerate(options: SpeechModelV4CallOptions): Promise<SpeechModelV4Result> {
    const client = this.#client();
    const signal = options.abortSignal;
    const own = callOptions(options.providerOptions);
    const warnings: SharedV4Warning[] = [];
    let body: Record<string, unknown> = {};
    try {
      const fields = await fieldsOf(client, this.modelId, signal);
      const input: Record<string, unknown> = { text: options.text };
      const set = fieldSetter(fields, input, warnings);
      set('voice', 'voice_id', options.voice);
      set('speed', 'speed', options.speed);
      set('outputFormat', 'format', options.outputFormat);
      set('language', 'language_boost', options.language);
      if (options.instructions !== undefined)
        warnings.push(unsupported('instructions', 'not supported'));
      const voices = fields.voice_id?.enum;
      if (input.voice_id === undefined && fields.voice_id) {
        input.voice_id = fields.voice_id.default ?? voices?.[0] ?? 'Wise_Woman';
      }
      body = { ...input, ...own.input };
      let audio: Uint8Array;
      if (STREAMING_MODELS.includes(this.modelId)) {
        const pieces: Buffer[] = [];
        for await (const event of client.stream(this.modelId as never, body as never, { signal })) {
          const { audio: hex, status } = (event.data as SpeechChunk).data ?? {};
          if (hex && status === 1) pieces.push(Buffer.from(hex, 'hex'));
        }
        audio = new Uint8Array(Buffer.concat(pieces));
      } else {
        const p = await client.predictions.run(this.modelId as never, body as never, {
          ...own.run,
          signal,
        });
        const [file] = await download(p.outputs.slice(0, 1), signal);
        if (file === undefined) throw new Error(`Prediction ${p.id} returned no audio`);
        audio = file.bytes;
      }
      return { audio, warnings, response: { timestamp: new Date(), modelId: this.modelId } };
    } catch (error) {
      throw toAiError(error, this.modelId, body);
    }
  }
}
