import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  AuthenticationError,
  InsufficientBalanceError,
  PermissionDeniedError,
  type Prediction,
  PredictionFailedError,
  PredictionTimeoutError,
  RateLimitError,
  saveOutputs,
  ValidationError,
} from '../../index.js';
import { progress, type ToolContext, type ToolDeps } from './context.js';
import { uploadLocal } from './files.js';
import { isRefusal, type Reservation } from './guard.js';
import { previews } from './previews.js';
import { failed, ok, refused } from './results.js';

// One run, the way every spending tool does it: the guard (allow-list, quote, budget,
// confirmation), local files uploaded, one submit, a wait of at most `waitSeconds` with progress
// notifications, and a result that always carries the prediction id.

/** What a run ended as, for the tool to shape into its result. */
export type RunOutcome =
  | { kind: 'done'; prediction: Prediction; files: string[] | undefined; price: number | undefined }
  | { kind: 'running'; prediction: Prediction; price: number | undefined; note: string };

export interface RunRequest {
  model: string;
  input: Record<string, unknown>;
  /** Seconds to wait; 0 submits only. */
  waitSeconds: number;
  confirm: boolean;
  /** Also upload plain local paths (the task-level tools). */
  barePaths: boolean;
  /** Where to save the outputs, if anywhere. */
  outputDir: string | undefined;
}

/** Errors that prove no job was created: the reserved budget goes back. */
function noJobCreated(error: unknown): boolean {
  return (
    error instanceof ValidationError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof InsufficientBalanceError ||
    error instanceof RateLimitError
  );
}

/** Whether `runJob` gave an outcome (else a tool error to return as it is). */
export function isOutcome(value: RunOutcome | CallToolResult): value is RunOutcome {
  return typeof (value as { kind?: unknown }).kind === 'string';
}

/** Runs one job; resolves with its outcome or with the tool error to return. */
export async function runJob(
  deps: ToolDeps,
  ctx: ToolContext,
  request: RunRequest,
): Promise<RunOutcome | CallToolResult> {
  const { guard } = deps;
  const signal = ctx.mcpReq.signal;
  const denied = guard.checkModel(request.model);
  if (denied !== undefined) return refused(denied.message);
  let client: ReturnType<ToolDeps['client']>;
  try {
    client = deps.client();
  } catch (error) {
    return failed(error);
  }
  let input: Record<string, unknown>;
  try {
    input = await uploadLocal(client, request.input, {
      cwd: deps.cwd,
      bare: request.barePaths,
      signal,
    });
  } catch (error) {
    return failed(error, 'Nothing was submitted.');
  }
  let price: number | undefined;
  let reservation: Reservation | undefined;
  if (guard.quotes) {
    try {
      price = (await client.models.price(request.model, input, { signal })).price;
    } catch (error) {
      return failed(
        error,
        'The price could not be quoted, so the spending limit cannot be checked: nothing was submitted.',
      );
    }
    const decision = guard.reserve(price, request.confirm);
    if (isRefusal(decision)) {
      if (decision.kind === 'confirm') {
        return ok(decision.message, {
          status: 'needs_confirmation',
          model: request.model,
          price: decision.price,
        });
      }
      return refused(decision.message);
    }
    reservation = decision;
  }
  let submitted: Prediction;
  try {
    submitted = await client.predictions.submit(request.model as never, input as never, { signal });
    reservation?.commit();
  } catch (error) {
    if (noJobCreated(error)) reservation?.release();
    else reservation?.commit();
    return failed(error);
  }
  deps.log(`submitted ${submitted.id} (${request.model})`);
  progress(ctx, 1, `submitted ${submitted.id}`);
  if (request.waitSeconds === 0) {
    return { kind: 'running', prediction: submitted, price, note: 'Submitted without waiting.' };
  }
  let step = 1;
  try {
    const done = await client.predictions.wait(submitted, {
      timeout: request.waitSeconds * 1000,
      signal,
      onProgress: (p) => progress(ctx, ++step, `${p.id}: ${p.status}`),
    });
    const files =
      request.outputDir === undefined
        ? undefined
        : await saveOutputs(done.outputs, request.outputDir, {
            name: done.id,
            predictionId: done.id,
            signal,
          });
    return { kind: 'done', prediction: done, files, price };
  } catch (error) {
    if (error instanceof PredictionTimeoutError) {
      return {
        kind: 'running',
        prediction: { ...submitted, status: error.lastStatus as Prediction['status'] },
        price,
        note: `Still running after ${request.waitSeconds} s.`,
      };
    }
    if (signal.aborted) {
      deps.log(`wait for ${submitted.id} cancelled; the job keeps running`);
      return {
        kind: 'running',
        prediction: submitted,
        price,
        note: 'The wait was cancelled; the job was not, and may still complete.',
      };
    }
    if (error instanceof PredictionFailedError) return failed(error);
    return failed(
      error,
      `The job ${submitted.id} may still complete: check it with get_prediction.`,
    );
  }
}

/** The text, structured content and previews of an outcome. */
export async function outcomeResult(outcome: RunOutcome, signal: AbortSignal) {
  const p = outcome.prediction;
  const structured: Record<string, unknown> = {
    id: p.id,
    model: p.model,
    status: p.status,
    outputs: p.outputs,
    ...(outcome.kind === 'done' && outcome.files !== undefined ? { files: outcome.files } : {}),
    ...(outcome.price === undefined ? {} : { price: outcome.price }),
    ...(p.timings === undefined ? {} : { timings: p.timings }),
    ...(p.hasNsfwContents === undefined ? {} : { hasNsfwContents: p.hasNsfwContents }),
  };
  if (outcome.kind === 'running') {
    return ok(
      `${outcome.note} Prediction ${p.id} (${p.model}) is ${p.status}: call wait_prediction or ` +
        `get_prediction with id "${p.id}" for its outputs (never run it again: that pays twice).`,
      structured,
    );
  }
  const lines = [
    `Prediction ${p.id} (${p.model}) completed.`,
    ...p.outputs.map((url) => `- ${url}`),
  ];
  if (outcome.kind === 'done' && outcome.files !== undefined) {
    lines.push('Saved:', ...outcome.files.map((file) => `- ${file}`));
  }
  return ok(lines.join('\n'), structured, await previews(p.outputs, signal));
}
