// Types shared across layers. This module imports nothing.

/**
 * One problem found in a request before it is sent (or listed by the API in a 400).
 */
export interface ValidationIssue {
  /** Dotted path of the offending field (`''` for the whole input; array items as `images.0`). */
  path: string;
  /** What is wrong, in words a user can act on. */
  message: string;
  /** The closest valid key or value, when there is one. */
  suggestion?: string;
}
