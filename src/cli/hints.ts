const hints = new WeakMap<object, string[]>();

/**
 * Attaches a next-step line to an error (shown under its message) without changing the error, so
 * SDK errors keep their class, fields and exit code.
 */
export function withHint<E extends object>(error: E, hint: string): E {
  hints.set(error, [...(hints.get(error) ?? []), hint]);
  return error;
}

/**
 * The hints attached to an error with {@link withHint}.
 */
export function hintsOf(error: unknown): readonly string[] {
  return typeof error === 'object' && error !== null ? (hints.get(error) ?? []) : [];
}
