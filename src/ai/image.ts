import type {
  ImageModelV4,
  ImageModelV4CallOptions,
  ImageModelV4Result,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { Prediction, WaveSpeedClient } from '../index.js';
import { toAiError } from './errors.js';
import { download, fileUrl } from './files.js';
import { callOptions, unsupported } from './options.js';
import { type Fields, fieldsOf, nearestRatio, sizeForRatio, wireSize } from './schema.js';

// `wavespeed.image(id)`: the AI SDK's image model (generateImage) on a WaveSpeed model. Settings
// map to the model's own fields (size → `size: "W*H"` or the nearest `aspect_ratio`; n →
// `num_images` or parallel jobs; files → `image`/`images`; mask → `mask_image`), and what the
// model has no field for comes back as a warning.

/** Jobs of one call running at once when the model makes one image per job. */
const PARALLEL = 4;

/** The input for one call, and the warnings for what it could not map. */
export function imageInput(
  options: Pick<ImageModelV4CallOptions, 'prompt' | 'n' | 'size' | 'aspectRatio' | 'seed'>,
  fields: Fields,
): { input: Record<string, unknown>; perJob: number; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const input: Record<string, unknown> = {};
  if (options.prompt !== undefined) input.prompt = options.prompt;
  const ratios = (fields.aspect_ratio?.enum ?? []).map(String);
  if (options.size !== undefined) {
    const [w, h] = options.size.split('x').map(Number) as [number, number];
    if (fields.size) input.size = wireSize(options.size);
    else if (fields.aspect_ratio && nearestRatio(w, h, ratios) !== undefined) {
      input.aspect_ratio = nearestRatio(w, h, ratios);
      warnings.push(
        unsupported('size', `the model takes aspect_ratio only: used ${input.aspect_ratio}`),
      );
    } else warnings.push(unsupported('size', 'the model has no size input'));
  }
  if (options.aspectRatio !== undefined) {
    if (fields.aspect_ratio && (ratios.length === 0 || ratios.includes(options.aspectRatio))) {
      input.aspect_ratio = options.aspectRatio;
    } else if (fields.size && options.size === undefined) {
      input.size = sizeForRatio(options.aspectRatio);
    } else {
      warnings.push(unsupported('aspectRatio', `the model does not take ${options.aspectRatio}`));
    }
  }
  if (options.seed !== undefined) {
    if (fields.seed) input.seed = options.seed;
    else warnings.push(unsupported('seed', 'the model has no seed input'));
  }
  const most = fields.num_images?.maximum ?? 1;
  const perJob = fields.num_images ? Math.max(1, Math.min(options.n, most)) : 1;
  if (fields.num_images) input.num_images = perJob;
  return { input, perJob, warnings };
}

/** An AI SDK image model running `modelId` on WaveSpeed. */
export class WaveSpeedImageModel implements ImageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'wavespeed.image';
  readonly modelId: string;
  /** Calls take any `n`: the model's `num_images`, or several jobs at once. */
  readonly maxImagesPerCall = 16;
  readonly #client: () => WaveSpeedClient;

  constructor(modelId: string, client: () => WaveSpeedClient) {
    this.modelId = modelId;
    this.#client = client;
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const client = this.#client();
    const signal = options.abortSignal;
    const own = callOptions(options.providerOptions);
    let body: Record<string, unknown> = {};
    try {
      const fields = await fieldsOf(client, this.modelId, signal);
      const mapped = imageInput(options, fields);
      const warnings = mapped.warnings;
      body = { ...mapped.input, ...own.input };
      if (options.files !== undefined && options.files.length > 0) {
        const urls = await Promise.all(options.files.map((file) => fileUrl(client, file, signal)));
        if (fields.images) body.images = urls;
        else if (fields.image) {
          body.image = urls[0];
          if (urls.length > 1)
            warnings.push(unsupported('files', 'the model takes one image: used the first'));
        } else warnings.push(unsupported('files', 'the model has no image input'));
      }
      if (options.mask !== undefined) {
        if (fields.mask_image) body.mask_image = await fileUrl(client, options.mask, signal);
        else warnings.push(unsupported('mask', 'the model has no mask_image input'));
      }
      const jobs = Math.ceil(options.n / mapped.perJob);
      const predictions: Prediction[] = [];
      for (let start = 0; start < jobs; start += PARALLEL) {
        const batch = Array.from({ length: Math.min(PARALLEL, jobs - start) }, () =>
          client.predictions.run(this.modelId as never, body as never, { ...own.run, signal }),
        );
        predictions.push(...(await Promise.all(batch)));
      }
      const outputs = predictions
        .flatMap((p) => p.outputs.map((url, i) => ({ p, url, i })))
        .slice(0, options.n);
      const files = await download(
        outputs.map((o) => o.url),
        signal,
      );
      return {
        images: files.map((file) => file.bytes),
        warnings,
        providerMetadata: {
          wavespeed: {
            images: outputs.map(({ p, url, i }) => ({
              predictionId: p.id,
              url,
              nsfw: p.hasNsfwContents?.[i] ?? null,
              inferenceMs: typeof p.timings?.inference === 'number' ? p.timings.inference : null,
            })),
          },
        },
        response: { timestamp: new Date(), modelId: this.modelId, headers: undefined },
      };
    } catch (error) {
      throw toAiError(error, `${this.modelId}`, body);
    }
  }
}
