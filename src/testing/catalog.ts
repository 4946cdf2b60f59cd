import catalog from '../models/catalog.json' with { type: 'json' };
import type { SimJsonSchema, SimModel, SimModelKind } from './types.js';

/** Models that answer on `POST /api/v3/{model_id}/stream`: the SDK's own list, one source. */
export { STREAMING_MODELS } from '../models/streaming.js';

/**
 * The bundled catalog snapshot (src/models/catalog.json), as `GET /api/v3/models` serves it.
 */
export function bundledCatalog(): SimModel[] {
  // A structured clone keeps one simulator's edits out of every other one.
  return structuredClone(catalog as SimModel[]);
}

/**
 * The catalog a simulator serves: the bundled snapshot with `extra` entries added or replacing
 * entries of the same `model_id`, in snapshot order followed by new ids.
 */
export function buildCatalog(extra: readonly SimModel[] = [], base = bundledCatalog()): SimModel[] {
  const byId = new Map<string, SimModel>();
  for (const model of base) byId.set(model.model_id, model);
  for (const model of extra) byId.set(model.model_id, model);
  return [...byId.values()];
}

/**
 * The request JSON schema of a model (`api_schema.api_schemas[0].request_schema`).
 */
export function requestSchemaOf(model: SimModel): SimJsonSchema | undefined {
  return model.api_schema?.api_schemas?.[0]?.request_schema;
}

/**
 * Classifies a model by its `type` (the part after `-to-` wins) and, failing that, its id.
 *
 * @example
 * ```ts
 * modelKind({ model_id: 'x/y', type: 'image-to-video' }); // 'video'
 * ```
 */
export function modelKind(model: Pick<SimModel, 'model_id' | 'type'>): SimModelKind {
  const type = (model.type ?? '').toLowerCase();
  const id = model.model_id.toLowerCase();
  if (/upscal|super-resolution|enhance/.test(type) || /upscal/.test(id)) return 'upscale';
  const target = type.includes('-to-') ? type.slice(type.lastIndexOf('-to-') + 4) : type;
  const byWord = kindOfWord(target);
  if (byWord) return byWord;
  if (/llm|chat|text-generation|vision-language|ocr/.test(type) || /any-llm/.test(id)) return 'llm';
  // A known but non-generative type (face-swap, background-removal, try-on …).
  if (type.length > 0) return 'utility';
  return kindOfWord(id) ?? 'image';
}

function kindOfWord(text: string): SimModelKind | undefined {
  if (/video|animate|lipsync|lip-sync/.test(text)) return 'video';
  if (/3d|mesh/.test(text)) return '3d';
  if (/audio|speech|music|voice|tts|sound|song/.test(text)) return 'audio';
  if (/^text$|llm/.test(text)) return 'llm';
  if (/image|img|photo|picture|flux|imagen|seedream/.test(text)) return 'image';
  return undefined;
}

/**
 * Whether an upscaler (or other utility) model produces video rather than images.
 *
 * @example
 * ```ts
 * producesVideo({ model_id: 'acme/video-upscaler', type: 'video-upscaler' }); // true
 * ```
 */
export function producesVideo(model: Pick<SimModel, 'model_id' | 'type'>): boolean {
  return /video/.test(`${model.type ?? ''} ${model.model_id}`.toLowerCase());
}
