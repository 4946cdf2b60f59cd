export { WaveSpeedClient } from './client.js';
export type { ClientOptions, FetchLike } from './core/config.js';
export { SDK_VERSION } from './core/config.js';
export type { APIErrorInit, ConnectionErrorInit, FailedPredictionLike } from './core/errors.js';
export {
  APIError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  InsufficientBalanceError,
  isWaveSpeedError,
  NotFoundError,
  PermissionDeniedError,
  PredictionFailedError,
  PredictionTimeoutError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  SubmissionUnknownError,
  ValidationError,
  WaveSpeedError,
  WebhookVerificationError,
} from './core/errors.js';
export type { Logger, LogLevel } from './core/logger.js';
export type { Pollable, WaitOptions } from './core/polling.js';
export { computeWebhookSignature } from './core/signature.js';
export type { SseEvent } from './core/sse.js';
export type { ValidationIssue } from './models/preflight.js';
export type {
  FileInput,
  KnownModelId,
  KnownModelInputs,
  ModelId,
  ModelInput,
  SubmitFlags,
} from './models/types.js';
export type {
  Account,
  Balance,
  Billing,
  BillingsParams,
  Usage,
  UsageParams,
} from './resources/account.js';
export type {
  Files,
  UploadedFile,
  UploadOptions,
  UploadProgress,
  UploadSource,
} from './resources/files.js';
export type { JsonSchema, Model, Models, PriceQuote } from './resources/models.js';
export type {
  ListPredictionsParams,
  Prediction,
  PredictionStatus,
  Predictions,
  RunOptions,
  SubmitOptions,
} from './resources/predictions.js';
export type { FindPredictionsParams } from './resources/recover.js';
export { STREAMING_MODELS, type StreamEvent, type StreamOptions } from './streaming.js';
export {
  type VerifyWebhookParams,
  verifyWebhook,
  type WebhookHeaders,
  type Webhooks,
} from './webhooks.js';
