import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  isWaveSpeedError,
  RateLimitError,
  ValidationError,
  WaveSpeedError,
} from '../../src/core/errors.js';
import {
  PredictionFailedError,
  PredictionTimeoutError,
  SubmissionUnknownError,
} from '../../src/core/prediction-errors.js';

describe('errors', () => {
  it('form one hierarchy with a cross-realm guard', () => {
    const error = new AuthenticationError('bad key', { status: 401, requestId: 'req_1' });
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(WaveSpeedError);
    expect(error.name).toBe('AuthenticationError');
    expect(isWaveSpeedError(error)).toBe(true);
    expect(isWaveSpeedError(new Error('x'))).toBe(false);
    expect(isWaveSpeedError(null)).toBe(false);
  });

  it('serialise identifying fields but not bodies or headers', () => {
    const error = new RateLimitError('slow down', {
      status: 429,
      code: 429,
      requestId: 'req_2',
      retryAfter: 1000,
      headers: { 'retry-after': '1' },
      body: { message: 'slow down' },
    });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toEqual({
      name: 'RateLimitError',
      message: 'slow down',
      status: 429,
      code: 429,
      requestId: 'req_2',
      retryAfter: 1000,
    });
    expect(inspect(error)).toContain('RateLimitError: slow down');
  });

  it('list every issue and suggestion in a validation message', () => {
    const error = ValidationError.fromIssues('Invalid input for m/x', [
      { path: 'promt', message: 'unknown key', suggestion: 'prompt' },
      { path: '', message: 'must be an object' },
    ]);
    expect(error.message).toBe(
      'Invalid input for m/x:\n  - "promt": unknown key (did you mean "prompt"?)\n  - input: must be an object',
    );
    expect(error.issues).toHaveLength(2);
  });

  it('say what to do next for job-level errors', () => {
    const failed = new PredictionFailedError({
      id: 'p1',
      model: 'm/x',
      status: 'failed',
      error: 'NSFW',
    });
    expect(failed.message).toContain('p1');
    expect(failed.message).toContain('NSFW');
    const timeout = new PredictionTimeoutError({
      predictionId: 'p2',
      lastStatus: 'processing',
      timeout: 5,
    });
    expect(timeout.message).toContain('client.predictions.wait("p2")');
    const unknown = new SubmissionUnknownError({
      model: 'm/x',
      windowStart: new Date(0),
      windowEnd: new Date(1000),
    });
    expect(unknown.message).toContain('client.predictions.list');
    expect(unknown.message).toContain('not re-sent');
  });
});
