/**
 * The command line itself is wrong (unknown flag, bad value, missing argument, missing key).
 * Exits with code 2 and, when `command` is set, points at that command's `--help`.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose `--help` explains the right usage. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/**
 * The user pressed Ctrl-C. Used as the abort reason of every SDK call, so an interrupted call
 * rejects with this and the command can say which prediction is still running.
 */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  /** The prediction that keeps running on the server, when one was created. */
  readonly predictionId: string | undefined;
  /** The model a submit was in flight for (its outcome is unknown) when Ctrl-C came. */
  readonly submitting: string | undefined;

  constructor(predictionId?: string, context: { submitting?: string } = {}) {
    super(predictionId ? `Interrupted; prediction ${predictionId} keeps running` : 'Interrupted');
    this.predictionId = predictionId;
    this.submitting = predictionId ? undefined : context.submitting;
  }
}
