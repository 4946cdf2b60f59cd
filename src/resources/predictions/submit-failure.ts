import { NotFoundError } from '../../core/errors.js';
import { submitOutcomeUnknown } from '../../core/retry.js';
import { closest } from '../../models/suggest.js';
import { type RecoveryDeps, recoverSubmission } from './history.js';
import type { Prediction } from './prediction.js';

// What happens when a submit fails: a 404 names the closest models, a failure that may have
// created the job looks for it in the history, anything else is thrown as it is. Rare, so
// loaded on first use.

/**
 * Turns a failed submit into the job it may have created (found in the history) or into the
 * error to throw: an unknown model's 404 with suggestions, `SubmissionUnknownError`, or the
 * original error when it proves that no job exists.
 */
export async function afterSubmitFailure(
  deps: RecoveryDeps & { modelIds: () => Promise<string[]> },
  model: string,
  input: Record<string, unknown>,
  started: number,
  error: unknown,
  signal: AbortSignal | undefined,
): Promise<Prediction> {
  if (error instanceof NotFoundError) throw await unknownModelError(model, error, deps.modelIds);
  if (!submitOutcomeUnknown(error)) throw error;
  return recoverSubmission(deps, model, input, started, error, signal);
}

/**
 * The submit's 404 rebuilt with the closest known model ids (`suggestions`, and "did you mean"
 * in the message). When the ids cannot be listed, the message says how to list them.
 */
export async function unknownModelError(
  model: string,
  error: NotFoundError,
  modelIds: () => Promise<string[]>,
): Promise<NotFoundError> {
  const ids = await modelIds().catch(() => []);
  const suggestions = closest(model, ids, 3);
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`
      : ' List the models with client.models.list().';
  return new NotFoundError(`Model "${model}" was not found (HTTP 404).${hint}`, {
    status: 404,
    code: error.code,
    requestId: error.requestId,
    body: error.body,
    headers: error.headers,
    suggestions,
    cause: error,
  });
}
