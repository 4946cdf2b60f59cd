import { lazy } from '../../core/util.js';
import type { SaveOutputsOptions } from './save.js';

export type { SaveOutputsOptions } from './save.js';

// saveOutputs(): the one way outputs reach the disk (the CLI, batches and queue workers use it).
// The file code loads on first use.

const loadSave = lazy(() => import('./save.js'));

/**
 * Saves a prediction's outputs into `dir` (created if missing) and returns the paths, in output
 * order. URLs are downloaded without any API key (output URLs are public files on a CDN), with
 * the extension taken from the `Content-Type`, else the URL; `data:` URIs are decoded; other text
 * is saved as `.txt`, other values as `.json`. Each file is written under a temporary name and
 * renamed when whole, so a crash never leaves a truncated file under the final name. Failures
 * are `DownloadError`s.
 *
 * @example
 * ```ts
 * const done = await client.predictions.run('wavespeed-ai/flux-dev', { prompt: 'A lighthouse' });
 * const [path] = await saveOutputs(done.outputs, './out', { name: done.id, predictionId: done.id });
 * ```
 */
export async function saveOutputs(
  outputs: readonly unknown[],
  dir: string,
  options: SaveOutputsOptions,
): Promise<string[]> {
  const { save } = await loadSave();
  return save(outputs, dir, options);
}
