export { FileJournal, type Journal, type JournalRecord, MemoryJournal } from './batch/journal.js';
export type { JournalRecordBase } from './batch/records.js';
export type {
  BatchCompleted,
  BatchFailed,
  BatchJob,
  BatchOptions,
  BatchProgress,
  BatchResult,
  BatchResultBase,
} from './batch/types.js';
export { WaveSpeedClient } from './client.js';
export type { ClientOptions, FetchLike } from './core/config.js';
export { SDK_VERSION } from './core/config.js';
export type {
  APIErrorInit,
  APIErrorResponse,
  ConnectionErrorInit,
  WaveSpeedErrorInit,
} from './core/errors.js';
export {
  APIError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  DownloadError,
  InsufficientBalanceError,
  isWaveSpeedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
  WaveSpeedError,
  WebhookVerificationError,
} from './core/errors.js';
export { jobKey } from './core/job-key.js';
export type { Logger, LogLevel } from './core/logger.js';
export type { FailedPredictionLike } from './core/prediction-errors.js';
export {
  PredictionFailedError,
  PredictionTimeoutError,
  SubmissionUnknownError,
} from './core/prediction-errors.js';
export { computeWebhookSignature } from './core/signature.js';
export type { SseEvent } from './core/sse.js';
export type { ValidationIssue } from './core/types.js';
export { STREAMING_MODELS } from './models/streaming.js';
export type {
  FileInput,
  KnownModelId,
  KnownModelInputs,
  ModelId,
  ModelInput,
  SubmitFlags,
} from './models/types.js';
export { MissingPeerError, type PeerSpec } from './peer.js';
export type { Account } from './resources/account.js';
export type {
  Balance,
  Billing,
  BillingsParams,
  Usage,
  UsageParams,
} from './resources/account-types.js';
export type { Files } from './resources/files/index.js';
export type {
  UploadedFile,
  UploadOptions,
  UploadProgress,
  UploadSource,
} from './resources/files/types.js';
export type { JsonSchema, Model, Models, PriceQuote } from './resources/models.js';
export { type SaveOutputsOptions, saveOutputs } from './resources/outputs/index.js';
export type { Pollable, WaitOptions } from './resources/polling/poll.js';
export type { Predictions } from './resources/predictions/index.js';
export type {
  FindPredictionsParams,
  ListPredictionsParams,
  RunOptions,
  SubmitOptions,
} from './resources/predictions/options.js';
export type { Prediction, PredictionStatus } from './resources/predictions/prediction.js';
export type { StreamEvent, StreamOptions } from './resources/stream-types.js';
export {
  type VerifyWebhookParams,
  verifyWebhook,
  type WebhookHeaders,
  type Webhooks,
} from './resources/webhooks.js';
