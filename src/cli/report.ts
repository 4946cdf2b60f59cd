import { isWaveSpeedError } from '../index.js';
import { InterruptedError, UsageError } from './errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { hintsOf } from './hints.js';

/**
 * How the CLI reports a failed command: the exit code, the lines for stderr and the JSON
 * document printed on stdout with `--json`.
 */
export interface ErrorReport {
  exitCode: ExitCodeValue;
  /** Lines for stderr. */
  lines: string[];
  /** `{ error: { … } }` for `--json` output. */
  json: { error: Record<string, unknown> };
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The exit code for an error: 2 usage (bad flags/input, missing key, unknown model, input the API
 * rejected), 3 prediction failed, 4 wait deadline passed, 130 interrupted, 1 anything else.
 *
 * @example
 * ```ts
 * exitCodeFor(new UsageError('--limit must be a positive whole number')); // 2
 * ```
 */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof InterruptedError) return ExitCode.Interrupted;
  if (error instanceof UsageError) return ExitCode.Usage;
  if (isWaveSpeedError(error)) {
    switch (error.name) {
      case 'PredictionFailedError':
        return ExitCode.PredictionFailed;
      case 'PredictionTimeoutError':
        return ExitCode.Timeout;
      case 'ValidationError':
      case 'ConfigurationError':
        return ExitCode.Usage;
      default:
        return ExitCode.ApiError;
    }
  }
  return ExitCode.ApiError;
}

/**
 * Turns any error into what the user sees: the SDK error's own message, the prediction id when
 * there is one, and the next command to run.
 */
export function reportError(error: unknown, options: { verbose?: boolean } = {}): ErrorReport {
  const exitCode = exitCodeFor(error);
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const predictionId = text(field(error, 'predictionId'));
  const lines: string[] = [];

  if (error instanceof InterruptedError) {
    if (error.predictionId) {
      lines.push(
        `Interrupted. Prediction ${error.predictionId} keeps running on the server.`,
        `Wait for it with: wavespeed wait ${error.predictionId}`,
      );
    } else if (error.submitting) {
      lines.push(
        `Interrupted while submitting to ${error.submitting}; the job may have been created.`,
        `Check with: wavespeed history --model ${error.submitting}`,
      );
    } else {
      lines.push('Interrupted.');
    }
  } else {
    lines.push(`Error: ${message}`);
    if (predictionId && !message.includes(predictionId)) lines.push(`Prediction: ${predictionId}`);
    const requestId = text(field(error, 'requestId'));
    if (requestId) lines.push(`Request id: ${requestId}`);
    if (exitCode === ExitCode.Timeout && predictionId) {
      lines.push(`Keep waiting with: wavespeed wait ${predictionId}`);
    }
    if (error instanceof UsageError && error.command) {
      lines.push(`Run \`wavespeed ${error.command} --help\` for usage.`);
    }
    lines.push(...hintsOf(error));
    if (name === 'AuthenticationError') {
      lines.push('Check WAVESPEED_API_KEY (create a key at https://wavespeed.ai/accesskey).');
    }
    if (name === 'InsufficientBalanceError') {
      lines.push('Top up at https://wavespeed.ai, then check with: wavespeed balance');
    }
    if (exitCode === ExitCode.ApiError && !isWaveSpeedError(error)) {
      // Not an SDK error: a bug or an environment problem; the stack helps a report.
      if (options.verbose && error instanceof Error && error.stack) lines.push(error.stack);
    }
  }

  const json: Record<string, unknown> = { name, message, exitCode };
  if (predictionId) json.predictionId = predictionId;
  if (error instanceof InterruptedError && error.submitting) json.model = error.submitting;
  for (const key of ['status', 'code', 'requestId', 'lastStatus', 'suggestions', 'issues']) {
    const value = field(error, key);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) json[key] = value;
  }
  return { exitCode, lines, json: { error: json } };
}
