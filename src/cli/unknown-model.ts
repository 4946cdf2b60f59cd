import type { NotFoundError, WaveSpeedClient } from '../index.js';
import { closest } from '../models/suggest.js';
import { UsageError } from './errors.js';

/**
 * The model id is not in the catalog. A usage error (exit code 2) that lists the closest ids.
 */
export class UnknownModelError extends UsageError {
  override name = 'UnknownModelError';
  /** The id that was asked for. */
  readonly model: string;
  /** The closest known ids, best first (may be empty). */
  readonly suggestions: readonly string[];

  constructor(model: string, suggestions: readonly string[], command?: string) {
    const hint =
      suggestions.length > 0
        ? ` Did you mean: ${suggestions.join(', ')}?`
        : ' List the available ids with `wavespeed models --search <words>`.';
    super(`Unknown model "${model}".${hint}`, command);
    this.model = model;
    this.suggestions = suggestions;
  }
}

/**
 * After a 404 about a model: checks the catalog and returns an {@link UnknownModelError} with
 * close ids, or the original error when the model does exist (the 404 meant something else) or
 * the catalog can't be read.
 */
export async function unknownModelError(
  client: WaveSpeedClient,
  model: string,
  error: NotFoundError,
  command: string,
): Promise<Error> {
  let ids: string[];
  try {
    ids = (await client.models.list()).map((m) => m.id);
  } catch {
    return error.suggestions.length > 0
      ? new UnknownModelError(model, error.suggestions, command)
      : error;
  }
  if (ids.includes(model)) return error;
  const suggestions = error.suggestions.length > 0 ? error.suggestions : closest(model, ids, 3);
  return new UnknownModelError(model, suggestions, command);
}
