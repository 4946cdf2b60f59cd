import { basename } from 'node:path';
import {
  isWaveSpeedError,
  NotFoundError,
  type Prediction,
  PredictionFailedError,
  saveOutputs,
  ValidationError,
  type WaveSpeedClient,
} from '../index.js';
import { parseSeconds } from './args.js';
import type { CommandContext } from './command.js';
import { InterruptedError } from './errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatDuration } from './format.js';
import { withHint } from './hints.js';
import { type LocalFile, resolveFileInputs } from './inputs.js';
import type { Output } from './output.js';
import { unknownModelError } from './unknown-model.js';

const SUCCESS = 'completed';
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'timeout', 'deleted']);

/**
 * Uploads every `@path` file of an input with a progress line each, returning the input with
 * URLs in their place.
 */
export async function uploadLocalFiles(
  ctx: CommandContext,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const client = ctx.client();
  return resolveFileInputs(input, async (file: LocalFile) => {
    const progress = ctx.out.progress(`Uploading ${file.name}`);
    try {
      const uploaded = await client.files.upload(file.path, {
        signal: ctx.signal,
        onProgress: ({ loaded, total }) =>
          progress.update(uploadProgressText(ctx.out, file.name, loaded, total)),
      });
      progress.succeed(`Uploaded ${file.name}`);
      return uploaded.url;
    } catch (error) {
      if (error instanceof InterruptedError) progress.stop();
      else progress.fail(`Upload of ${basename(file.path)} failed`);
      throw error;
    }
  });
}

/**
 * The progress text of an upload: every percent on a terminal, quarter steps in plain lines so a
 * log file gets a handful of lines per file.
 *
 * @example
 * ```ts
 * uploadProgressText(ctx.out, 'cat.png', 512, 1024); // 'Uploading cat.png 50%'
 * ```
 */
export function uploadProgressText(
  out: Output,
  name: string,
  loaded: number,
  total: number | undefined,
): string {
  if (!total) return `Uploading ${name}`;
  const step = out.interactive ? 1 : 25;
  const pct = Math.floor((loaded / total) * (100 / step)) * step;
  return `Uploading ${name} ${pct}%`;
}

/**
 * The `--timeout` flag in milliseconds, or undefined for the SDK default (10 minutes).
 */
export function timeoutOf(ctx: CommandContext, command: string): number | undefined {
  const raw = ctx.flags.string('timeout');
  return raw === undefined ? undefined : parseSeconds('--timeout', raw, command);
}

/**
 * Submits a job and waits for it with live progress: what `run` and `generate` do.
 */
export async function submitAndWait(
  ctx: CommandContext,
  job: { model: string; input: Record<string, unknown>; sync: boolean; command: string },
): Promise<ExitCodeValue> {
  const timeout = timeoutOf(ctx, job.command);
  const client = ctx.client();
  const input = await uploadLocalFiles(ctx, job.input);
  const started = Date.now();
  const progress = ctx.out.progress(
    `Submitting to ${job.model}${job.sync ? ' (sync mode, one blocking request)' : ''}`,
  );
  let prediction: Prediction;
  try {
    prediction = await client.predictions.submit(job.model, input, {
      sync: job.sync,
      signal: ctx.signal,
      // A sync submit blocks until the job ends, so the wait deadline applies to it.
      ...(job.sync && timeout !== undefined ? { timeout } : {}),
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      progress.stop();
      throw new InterruptedError(predictionIdOf(error), { submitting: job.model });
    }
    progress.fail(`Submit to ${job.model} failed`);
    if (error instanceof NotFoundError && predictionIdOf(error) === undefined) {
      throw await unknownModelError(client, job.model, error, job.command);
    }
    if (error instanceof ValidationError) {
      throw withHint(error, `See the inputs of ${job.model} with: wavespeed model ${job.model}`);
    }
    throw error;
  }
  return finish(ctx, client, prediction, { progress, started, timeout });
}

/**
 * Waits for an existing prediction with live progress: what `wait` does.
 */
export async function waitFor(
  ctx: CommandContext,
  id: string,
  command: string,
): Promise<ExitCodeValue> {
  const timeout = timeoutOf(ctx, command);
  const client = ctx.client();
  const started = Date.now();
  const progress = ctx.out.progress(`Prediction ${id}`);
  let prediction: Prediction;
  try {
    prediction = await client.predictions.get(id, { signal: ctx.signal });
  } catch (error) {
    if (error instanceof InterruptedError) {
      progress.stop();
      throw new InterruptedError(id);
    }
    progress.fail(`Could not get prediction ${id}`);
    throw error;
  }
  return finish(ctx, client, prediction, { progress, started, timeout });
}

async function finish(
  ctx: CommandContext,
  client: WaveSpeedClient,
  submitted: Prediction,
  state: {
    progress: ReturnType<CommandContext['out']['progress']>;
    started: number;
    timeout: number | undefined;
  },
): Promise<ExitCodeValue> {
  const { progress } = state;
  const id = submitted.id;
  if (!TERMINAL.has(submitted.status)) progress.update(`Prediction ${id} ${submitted.status}`);
  let prediction = submitted;
  try {
    if (!TERMINAL.has(prediction.status)) {
      prediction = await client.predictions.wait(prediction, {
        signal: ctx.signal,
        ...(state.timeout === undefined ? {} : { timeout: state.timeout }),
        // Terminal statuses get their own final line below.
        onProgress: (p: Prediction) => {
          if (!TERMINAL.has(p.status)) progress.update(`Prediction ${id} ${p.status}`);
        },
      });
    } else if (prediction.status !== SUCCESS) {
      throw new PredictionFailedError(prediction);
    }
  } catch (error) {
    if (error instanceof InterruptedError) {
      progress.stop();
      throw new InterruptedError(id);
    }
    progress.fail(`Prediction ${id} ${failureWord(error)}`);
    throw error;
  }
  progress.succeed(`Completed ${id} in ${formatDuration(Date.now() - state.started)}`);
  return printPrediction(ctx, prediction);
}

function failureWord(error: unknown): string {
  if (error instanceof PredictionFailedError) return error.status;
  if (isWaveSpeedError(error) && error.name === 'PredictionTimeoutError') return 'still running';
  return 'error';
}

/**
 * Prints a finished prediction: output URLs (or the downloaded paths with `--output-dir`) on
 * stdout, or with `--json` the prediction plus `files`.
 */
export async function printPrediction(
  ctx: CommandContext,
  prediction: Prediction,
  dir: string | undefined = ctx.flags.string('output-dir'),
): Promise<ExitCodeValue> {
  if (dir === undefined) {
    ctx.out.result(prediction, prediction.outputs.map(String));
    return ExitCode.Ok;
  }
  const progress = ctx.out.progress(`Downloading ${prediction.outputs.length} output(s)`);
  let files: string[];
  try {
    files = await saveOutputs(prediction.outputs, dir, {
      name: prediction.id,
      predictionId: prediction.id,
      signal: ctx.signal,
      onFile: (index, total) => progress.update(`Downloading output ${index + 1}/${total}`),
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      progress.stop();
      throw new InterruptedError(prediction.id);
    }
    progress.fail('Download failed');
    throw error;
  }
  progress.succeed(`Saved ${files.length} file(s) to ${dir}`);
  ctx.out.result({ ...prediction, files }, files);
  return ExitCode.Ok;
}

/**
 * The prediction id an error carries, when it has one.
 *
 * @example
 * ```ts
 * predictionIdOf(error); // 'e6832d4a…' or undefined
 * ```
 */
export function predictionIdOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const id = (error as { predictionId?: unknown }).predictionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
