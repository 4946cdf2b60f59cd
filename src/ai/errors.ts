import { isWaveSpeedError } from '../index.js';
import { aiSdk } from './peers.js';

// SDK errors as the AI SDK expects them: an HTTP failure becomes an APICallError (status, body,
// never the key) that keeps the SDK error, with its prediction id, as its cause. It is marked not
// retryable: the SDK already retried what was worth retrying, and the AI SDK's own retries
// (maxRetries) would otherwise multiply them — or submit a paid job twice.

/** Rethrows `error` as the AI SDK's error type where one fits. */
export function toAiError(error: unknown, url: string, requestBodyValues: unknown): unknown {
  if (!isWaveSpeedError(error)) return error;
  const json = error.toJSON();
  const status = typeof json.status === 'number' ? json.status : undefined;
  if (status === undefined) return error;
  return new aiSdk.APICallError({
    message: error.message,
    url,
    requestBodyValues,
    statusCode: status,
    responseBody: JSON.stringify(json),
    isRetryable: false,
    cause: error,
    data: json,
  });
}
