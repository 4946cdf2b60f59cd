import type {
  JSONValue,
  SharedV4Warning,
  Experimental_VideoModelV4 as VideoModelV4,
  Experimental_VideoModelV4CallOptions as VideoModelV4CallOptions,
  Experimental_VideoModelV4OperationStartResult as VideoModelV4OperationStartResult,
  Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
  Experimental_VideoModelV4OperationWebhook as VideoModelV4OperationWebhook,
  Experimental_VideoModelV4Result as VideoModelV4Result,
} from '@ai-sdk/provider';
import type { Prediction, WaveSpeedClient } from '../index.js';
import { toAiError } from './errors.js';
import { fileUrl } from './files.js';
import { callOptions, fieldSetter, unsupported } from './options.js';
import { type Fields, fieldsOf, nearestRatio, wireSize } from './schema.js';

// `wavespeed.video(id)`: the AI SDK's video model. Long jobs do not hold a request: `doStart`
// submits and returns the prediction id, `doStatus` looks once. Videos come back as URLs (no
// forced download of large files).

function response(modelId: string) {
  return { timestamp: new Date(), modelId, headers: undefined };
}

/** The input for a video call, and the warnings for what the model has no field for. */
export function videoInput(
  options: VideoModelV4CallOptions,
  fields: Fields,
): { input: Record<string, unknown>; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const input: Record<string, unknown> = {};
  if (options.prompt !== undefined) input.prompt = options.prompt;
  const set = fieldSetter(fields, input, warnings);
  set('duration', 'duration', options.duration);
  set('seed', 'seed', options.seed);
  set('generateAudio', 'generate_audio', options.generateAudio);
  set('fps', 'fps', options.fps);
  if (options.aspectRatio !== undefined && options.aspectRatio !== 'adaptive') {
    set('aspectRatio', 'aspect_ratio', options.aspectRatio);
  }
  if (options.resolution !== undefined) {
    const [w, h] = options.resolution.split('x').map(Number) as [number, number];
    if (fields.size) input.size = wireSize(options.resolution);
    else if (fields.resolution) input.resolution = `${Math.min(w, h)}p`;
    else if (fields.aspect_ratio && input.aspect_ratio === undefined) {
      input.aspect_ratio = nearestRatio(w, h, (fields.aspect_ratio.enum ?? []).map(String));
    } else warnings.push(unsupported('resolution', 'the model has no size or resolution input'));
  }
  if (options.n > 1) warnings.push(unsupported('n', 'one video per call'));
  return { input, warnings };
}

function videosOf(p: Prediction) {
  return p.outputs.map((url) => ({ type: 'url' as const, url, mediaType: 'video/mp4' }));
}

function metadata(p: Prediction) {
  return {
    wavespeed: {
      predictionId: p.id,
      status: p.status,
      outputs: p.outputs,
      ...(typeof p.timings?.inference === 'number' ? { inferenceMs: p.timings.inference } : {}),
    },
  };
}

/** An AI SDK video model running `modelId` on WaveSpeed. */
export class WaveSpeedVideoModel implements VideoModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'wavespeed.video';
  readonly modelId: string;
  readonly maxVideosPerCall = 1;
  readonly #client: () => WaveSpeedClient;

  constructor(modelId: string, client: () => WaveSpeedClient) {
    this.modelId = modelId;
    this.#client = client;
  }

  async #submit(options: VideoModelV4CallOptions, webhookUrl: string | undefined) {
    const client = this.#client();
    const signal = options.abortSignal;
    const own = callOptions(options.providerOptions);
    const fields = await fieldsOf(client, this.modelId, signal);
    const { input, warnings } = videoInput(options, fields);
    if (options.image !== undefined) {
      if (fields.image) input.image = await fileUrl(client, options.image, signal);
      else warnings.push(unsupported('image', 'the model has no image input'));
    }
    const body = { ...input, ...own.input };
    const webhook = webhookUrl ?? own.run.webhook;
    try {
      const prediction = await client.predictions.submit(this.modelId as never, body as never, {
        signal,
        ...(webhook === undefined ? {} : { webhook }),
      });
      return { prediction, warnings, own, body };
    } catch (error) {
      throw toAiError(error, this.modelId, body);
    }
  }

  /** Submits and waits: for short jobs, or when the caller does not poll. */
  async doGenerate(options: VideoModelV4CallOptions): Promise<VideoModelV4Result> {
    const { prediction, warnings, own, body } = await this.#submit(options, undefined);
    try {
      const done = await this.#client().predictions.wait(prediction, {
        signal: options.abortSignal,
        ...(own.run.timeout === undefined ? {} : { timeout: own.run.timeout }),
      });
      return {
        videos: videosOf(done),
        warnings,
        providerMetadata: metadata(done),
        response: response(this.modelId),
      };
    } catch (error) {
      throw toAiError(error, this.modelId, body);
    }
  }

  /** Submits (with the webhook URL when the caller has one) and returns the prediction id. */
  async doStart(
    options: VideoModelV4CallOptions & { webhookUrl?: string },
  ): Promise<VideoModelV4OperationStartResult> {
    const { prediction, warnings } = await this.#submit(options, options.webhookUrl);
    return {
      operation: { predictionId: prediction.id },
      warnings,
      providerMetadata: metadata(prediction),
      response: response(this.modelId),
    };
  }

  /** One look at the job. */
  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
  }): Promise<VideoModelV4OperationStatusResult> {
    const id = (options.operation as { predictionId?: unknown } | null)?.predictionId;
    if (typeof id !== 'string') throw new TypeError('doStatus: the operation has no predictionId');
    try {
      const p = await this.#client().predictions.get(id, { signal: options.abortSignal });
      if (p.status === 'completed') {
        return {
          status: 'completed',
          videos: videosOf(p),
          warnings: [],
          providerMetadata: metadata(p),
          response: response(this.modelId),
        };
      }
      if (p.status === 'failed') {
        return {
          status: 'error',
          error: `${p.error ?? 'the job failed'} (prediction ${p.id})`,
          providerMetadata: metadata(p),
          response: response(this.modelId),
        };
      }
      return { status: 'pending', providerMetadata: metadata(p), response: response(this.modelId) };
    } catch (error) {
      throw toAiError(error, this.modelId, { predictionId: id });
    }
  }

  /** Uses the webhook the caller offers: the job reports to it instead of being polled. */
  async handleWebhookOption(options: {
    webhook: () => PromiseLike<{
      url: string;
      received: PromiseLike<VideoModelV4OperationWebhook>;
    }>;
  }): Promise<{ webhookUrl: string; received: PromiseLike<VideoModelV4OperationWebhook> }> {
    const { url, received } = await options.webhook();
    return { webhookUrl: url, received };
  }
}
