import { ValidationError } from '../core/errors.js';
import { preflightIssues } from '../models/preflight.js';

// The one pre-flight check of a model input, shared by predictions and streams.

/**
 * Checks a model input against its schema before anything is sent; rejects with a
 * `ValidationError` listing every issue (with "did you mean" suggestions).
 */
export type InputCheck = (
  model: string,
  input: Record<string, unknown>,
  signal?: AbortSignal | undefined,
) => Promise<void>;

/**
 * The input check of a client: the bundled schema of a known model, else (when given) the one
 * `schemaOf` finds (cached per model; a failure to find one skips the check rather than failing
 * the call). Schemas and the validator load on first use, so a model without a schema loads
 * neither.
 *
 * @example
 * ```ts
 * const checkInput = createInputCheck(async (id) => (await models.get(id)).inputSchema);
 * await checkInput('wavespeed-ai/flux-dev', { promt: 'A cat' }); // ValidationError: did you mean "prompt"?
 * ```
 */
export function createInputCheck(schemaOf?: (model: string) => Promise<unknown>): InputCheck {
  const options =
    schemaOf === undefined
      ? {}
      : { fetchSchema: (id: string): Promise<unknown> => schemaOf(id).catch(() => undefined) };
  return async (model, input, signal) => {
    const issues = await preflightIssues(model, input, options);
    signal?.throwIfAborted();
    if (issues.length > 0) throw ValidationError.fromIssues(`Invalid input for ${model}`, issues);
  };
}
