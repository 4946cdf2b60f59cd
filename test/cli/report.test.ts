import { describe, expect, it } from 'vitest';
import { InterruptedError, UsageError } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { withHint } from '../../src/cli/hints.js';
import { exitCodeFor, reportError } from '../../src/cli/report.js';
import { UnknownModelError } from '../../src/cli/unknown-model.js';
import {
  AuthenticationError,
  ConnectionError,
  PredictionFailedError,
  PredictionTimeoutError,
  ServerError,
  ValidationError,
} from '../../src/index.js';

const failed = { id: 'abc', model: 'm/x', status: 'failed', error: 'boom' };

describe('exitCodeFor', () => {
  it('maps every kind of failure to its documented code', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new UnknownModelError('m/x', []))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new ValidationError('bad input', { status: 400 }))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new PredictionFailedError(failed))).toBe(ExitCode.PredictionFailed);
    expect(
      exitCodeFor(
        new PredictionTimeoutError({ predictionId: 'abc', lastStatus: 'processing', timeout: 1 }),
      ),
    ).toBe(ExitCode.Timeout);
    expect(exitCodeFor(new InterruptedError('abc'))).toBe(ExitCode.Interrupted);
    expect(exitCodeFor(new AuthenticationError('no', { status: 401 }))).toBe(ExitCode.ApiError);
    expect(exitCodeFor(new ServerError('down', { status: 503 }))).toBe(ExitCode.ApiError);
    expect(exitCodeFor(new ConnectionError('refused'))).toBe(ExitCode.ApiError);
    expect(exitCodeFor(new Error('bug'))).toBe(ExitCode.ApiError);
  });
});

describe('reportError', () => {
  it('keeps the SDK message and adds the prediction id, request id and hints', () => {
    const error = withHint(
      new ServerError('The API failed', { status: 500, requestId: 'req_1', predictionId: 'p1' }),
      'Try again later',
    );
    const report = reportError(error);
    expect(report.lines).toEqual([
      'Error: The API failed',
      'Prediction: p1',
      'Request id: req_1',
      'Try again later',
    ]);
    expect(report.json.error).toMatchObject({
      name: 'ServerError',
      status: 500,
      requestId: 'req_1',
      predictionId: 'p1',
      exitCode: 1,
    });
  });

  it('tells how to resume an interrupted or timed-out wait', () => {
    expect(reportError(new InterruptedError('p2')).lines).toEqual([
      'Interrupted. Prediction p2 keeps running on the server.',
      'Wait for it with: wavespeed wait p2',
    ]);
    expect(reportError(new InterruptedError(undefined, { submitting: 'm/x' })).lines[1]).toBe(
      'Check with: wavespeed history --model m/x',
    );
    const timeout = reportError(
      new PredictionTimeoutError({ predictionId: 'p3', lastStatus: 'processing', timeout: 1000 }),
    );
    expect(timeout.lines.at(-1)).toBe('Keep waiting with: wavespeed wait p3');
    expect(timeout.json.error).toMatchObject({ lastStatus: 'processing', predictionId: 'p3' });
  });

  it('points usage errors at the command help', () => {
    expect(
      reportError(new UsageError('--limit must be a positive whole number', 'history')).lines,
    ).toEqual([
      'Error: --limit must be a positive whole number',
      'Run `wavespeed history --help` for usage.',
    ]);
  });
});
