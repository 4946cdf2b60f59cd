import type { WaveSpeedClient } from '../index.js';

// What a model's input schema says about the settings the AI SDK passes: which fields exist, and
// the sizes and ratios they allow.

/** One field of a model's input schema. */
export interface FieldSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** The fields of a model's input. */
export type Fields = Record<string, FieldSchema>;

/** The model's input fields (empty when the schema is unknown: nothing is then mapped). */
export async function fieldsOf(
  client: WaveSpeedClient,
  model: string,
  signal: AbortSignal | undefined,
): Promise<Fields> {
  const schema = (await client.models.get(model, signal === undefined ? {} : { signal }))
    .inputSchema as { properties?: Fields } | undefined;
  return schema?.properties ?? {};
}

/** `1024x768` → `1024*768` (WaveSpeed's size format). */
export function wireSize(size: `${number}x${number}`): string {
  return size.replace('x', '*');
}

/** A size for `ratio` with about a megapixel, in multiples of 16 (`16:9` → `1360*768`). */
export function sizeForRatio(ratio: `${number}:${number}`): string {
  const [w, h] = ratio.split(':').map(Number) as [number, number];
  const scale = Math.sqrt((1024 * 1024) / (w * h));
  const round = (value: number) => Math.max(16, Math.round((value * scale) / 16) * 16);
  return `${round(w)}*${round(h)}`;
}

/** The closest ratio among `allowed` to `width:height` (for models that take ratios only). */
export function nearestRatio(
  width: number,
  height: number,
  allowed: readonly string[],
): string | undefined {
  let best: string | undefined;
  let distance = Number.POSITIVE_INFINITY;
  for (const ratio of allowed) {
    const [w, h] = ratio.split(':').map(Number);
    if (!w || !h) continue;
    const d = Math.abs(Math.log(w / h) - Math.log(width / height));
    if (d < distance) {
      best = ratio;
      distance = d;
    }
  }
  return best;
}
