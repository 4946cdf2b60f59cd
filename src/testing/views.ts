import type { App } from './app.js';
import type { JobRecord } from './jobs.js';

/**
 * The absolute `urls.get` of a prediction.
 *
 * @example
 * ```ts
 * resultUrl(app, 'abc'); // 'http://127.0.0.1:PORT/api/v3/predictions/abc/result'
 * ```
 */
export function resultUrl(app: App, id: string): string {
  return `${app.apiUrl}/api/v3/predictions/${id}/result`;
}

/**
 * Milliseconds the job spent processing (0 until it is terminal).
 *
 * @example
 * ```ts
 * inferenceMs(job); // 2310
 * ```
 */
export function inferenceMs(job: JobRecord): number {
  if (job.completedAt === undefined) return 0;
  return Math.max(1, job.completedAt - (job.processingAt ?? job.startedAt ?? job.createdAt));
}

/**
 * The prediction object as `GET /api/v3/predictions/{id}/result` sends it.
 */
export function predictionView(app: App, job: JobRecord): Record<string, unknown> {
  const outputs = job.status === 'completed' ? [...job.outputs] : [];
  return {
    id: job.id,
    model: job.model,
    status: job.status,
    outputs,
    urls: { get: resultUrl(app, job.id) },
    has_nsfw_contents: outputs.map(() => false),
    created_at: new Date(job.createdAt).toISOString(),
    error: job.error,
    timings: { inference: inferenceMs(job) },
  };
}

/**
 * A history item (`POST /api/v3/predictions`): the prediction plus `executionTime`, and
 * `inputs` when asked.
 */
export function historyItem(
  app: App,
  job: JobRecord,
  includeInputs: boolean,
): Record<string, unknown> {
  const view = predictionView(app, job);
  const item: Record<string, unknown> = {
    id: view.id,
    model: view.model,
    outputs: view.outputs,
    urls: view.urls,
    has_nsfw_contents: view.has_nsfw_contents,
    status: view.status,
    created_at: view.created_at,
    error: view.error,
    executionTime: inferenceMs(job),
    timings: view.timings,
  };
  if (includeInputs) item.inputs = { ...job.input };
  return item;
}

/**
 * The bare webhook body: the prediction with `input` and `executionTime`; outputs only on success.
 */
export function webhookBody(app: App, job: JobRecord): Record<string, unknown> {
  const view = predictionView(app, job);
  const body: Record<string, unknown> = {
    id: view.id,
    model: view.model,
    input: { ...job.input },
  };
  if (job.status === 'completed') body.outputs = view.outputs;
  body.urls = view.urls;
  body.has_nsfw_contents = view.has_nsfw_contents;
  body.status = view.status;
  body.created_at = view.created_at;
  body.error = view.error;
  body.executionTime = inferenceMs(job);
  body.timings = view.timings;
  return body;
}
