export { WaveSpeedClient } from './client.js';
export type { ClientOptions, FetchLike } from './core/config.js';
export { SDK_VERSION } from './core/config.js';
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
export type { WaitOptions } from './core/polling.js';
export { computeWebhookSignature } from './core/signature.js';
export type { ValidationIssue } from './models/preflight.js';
export type { FileInput, KnownModelId, ModelId, ModelInput } from './models/types.js';
export type { Balance, Billing, BillingsParams, Usage, UsageParams } from './resources/account.js';
export type {
  UploadedFile,
  UploadOptions,
  UploadProgress,
  UploadSource,
} from './resources/files.js';
export type { JsonSchema, Model, PriceQuote } from './resources/models.js';
export type {
  ListPredictionsParams,
  Prediction,
  PredictionStatus,
  RunOptions,
  SubmitOptions,
} from './resources/predictions.js';
export { STREAMING_MODELS, type StreamEvent, type StreamOptions } from './streaming.js';
export { type VerifyWebhookParams, verifyWebhook, type WebhookHeaders } from './webhooks.js';
