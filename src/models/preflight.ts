// Placeholder contract; the typed catalog replaces the body, keeping these names.

/**
 * One problem found in a model input before it is sent.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'promt', message: 'unknown key', suggestion: 'prompt' };
 * ```
 */
export interface ValidationIssue {
  /** Dotted path of the offending field (`''` for the whole input). */
  path: string;
  /** What is wrong, in words a user can act on. */
  message: string;
  /** The closest valid key or value, when there is one. */
  suggestion?: string;
}

/**
 * Checks a model input against the model's schema when the schema is known.
 * Returns the issues found (empty when valid or when nothing is known about the model).
 *
 * @example
 * ```ts
 * const issues = await preflightIssues('wavespeed-ai/flux-dev', { prompt: 'A cat' });
 * ```
 */
export async function preflightIssues(
  _modelId: string,
  _input: Record<string, unknown>,
  _options: { fetchSchema?: (modelId: string) => Promise<unknown> } = {},
): Promise<ValidationIssue[]> {
  return [];
}
