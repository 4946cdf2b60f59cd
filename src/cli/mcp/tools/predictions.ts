import { resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type Prediction, PredictionTimeoutError, saveOutputs } from '../../../index.js';
import { progress, type ToolDeps } from '../context.js';
import { failed, ok, refused } from '../results.js';
import { isOutcome, outcomeResult, runJob } from '../run.js';

// Predictions: running a model, and finding, waiting on, listing and deleting predictions.

const prediction = z.object({
  id: z.string(),
  model: z.string(),
  status: z.string(),
  outputs: z.array(z.string()),
  files: z.array(z.string()).optional(),
  error: z.string().optional(),
  price: z.number().optional(),
  timings: z.record(z.string(), z.unknown()).optional(),
  hasNsfwContents: z.array(z.boolean()).optional(),
});

const runOutput = z.union([
  prediction,
  z.object({ status: z.literal('needs_confirmation'), model: z.string(), price: z.number() }),
]);

function summary(p: Prediction): Record<string, unknown> {
  return {
    id: p.id,
    model: p.model,
    status: p.status,
    outputs: p.outputs,
    ...(p.error === undefined ? {} : { error: p.error }),
    ...(p.timings === undefined ? {} : { timings: p.timings }),
    ...(p.hasNsfwContents === undefined ? {} : { hasNsfwContents: p.hasNsfwContents }),
  };
}

function describe(p: Prediction): string {
  const outputs = p.outputs.map((url) => `\n- ${url}`).join('');
  return `Prediction ${p.id} (${p.model}): ${p.status}${p.error ? ` — ${p.error}` : ''}${outputs}`;
}

/** Registers the prediction tools; `spending` ones only when the server is not read-only. */
export function registerPredictionTools(server: McpServer, deps: ToolDeps): void {
  const readOnly = deps.guard.config.readOnly;
  if (!readOnly) {
    server.registerTool(
      'run_model',
      {
        title: 'Run a model',
        description:
          'Run any WaveSpeed model (this costs money: check get_price first for costly runs). Input ' +
          'keys come from get_model_schema. Local files: pass "@./path" values; they are uploaded. ' +
          'Waits up to wait_seconds; a job still running then keeps running: get its outputs with ' +
          'wait_prediction or get_prediction and its id, never by running it again.',
        inputSchema: z.object({
          model: z.string().min(1).describe('Model id from list_models'),
          input: z.record(z.string(), z.unknown()).describe('Model input per get_model_schema'),
          wait_seconds: z
            .number()
            .int()
            .min(0)
            .max(1800)
            .default(600)
            .describe('Most seconds to wait; 0 submits and returns the prediction id'),
          confirm: z
            .boolean()
            .default(false)
            .describe('Set after the user agreed to a price the server asked to confirm'),
        }),
        outputSchema: runOutput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: true,
        },
      },
      async ({ model, input, wait_seconds, confirm }, ctx) => {
        const outcome = await runJob(deps, ctx, {
          model,
          input,
          waitSeconds: wait_seconds,
          confirm,
          barePaths: false,
          outputDir: deps.config.outputDir,
        });
        return isOutcome(outcome) ? outcomeResult(outcome, ctx.mcpReq.signal) : outcome;
      },
    );

    server.registerTool(
      'upload_file',
      {
        title: 'Upload a file',
        description:
          'Upload a local file and get its URL for a model input. Rarely needed: run_model uploads ' +
          '"@./path" values itself.',
        inputSchema: z.object({ path: z.string().min(1).describe('Local file path') }),
        outputSchema: z.object({
          url: z.string(),
          filename: z.string(),
          size: z.number(),
          contentType: z.string(),
        }),
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: true,
        },
      },
      async ({ path }, ctx) => {
        try {
          const file = await deps
            .client()
            .files.upload(resolve(deps.cwd, path.replace(/^@/, '')), { signal: ctx.mcpReq.signal });
          return ok(`Uploaded ${path}: ${file.url}`, { ...file });
        } catch (error) {
          return failed(error);
        }
      },
    );

    server.registerTool(
      'delete_predictions',
      {
        title: 'Delete predictions',
        description:
          'Delete predictions and their outputs for good. Ask the user first, then call with ' +
          '"confirm": true.',
        inputSchema: z.object({
          ids: z.array(z.string().min(1)).min(1).max(100).describe('Prediction ids'),
          confirm: z
            .boolean()
            .default(false)
            .describe('Must be true: the deletion cannot be undone'),
        }),
        outputSchema: z.object({ deleted: z.array(z.string()) }),
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: true,
        },
      },
      async ({ ids, confirm }, ctx) => {
        if (!confirm) {
          return refused(
            `Deleting ${ids.length} prediction(s) cannot be undone. Ask the user, then call ` +
              'delete_predictions again with "confirm": true. Nothing was deleted.',
          );
        }
        try {
          await deps.client().predictions.delete(ids, { signal: ctx.mcpReq.signal });
          return ok(`Deleted ${ids.length} prediction(s).`, { deleted: ids });
        } catch (error) {
          return failed(error);
        }
      },
    );
  }

  server.registerTool(
    'get_prediction',
    {
      title: 'Get a prediction',
      description: 'A prediction’s status and outputs by id, without waiting.',
      inputSchema: z.object({ id: z.string().min(1).describe('Prediction id') }),
      outputSchema: prediction,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ id }, ctx) => {
      try {
        const p = await deps.client().predictions.get(id, { signal: ctx.mcpReq.signal });
        return ok(describe(p), summary(p));
      } catch (error) {
        return failed(error);
      }
    },
  );

  server.registerTool(
    'wait_prediction',
    {
      title: 'Wait for a prediction',
      description:
        'Wait (up to wait_seconds) for a prediction submitted earlier to finish, and return its ' +
        'outputs. Costs nothing: it never submits.',
      inputSchema: z.object({
        id: z.string().min(1).describe('Prediction id'),
        wait_seconds: z
          .number()
          .int()
          .min(1)
          .max(1800)
          .default(600)
          .describe('Most seconds to wait'),
      }),
      outputSchema: prediction,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ id, wait_seconds }, ctx) => {
      let step = 0;
      try {
        const p = await deps.client().predictions.wait(id, {
          timeout: wait_seconds * 1000,
          signal: ctx.mcpReq.signal,
          onProgress: (update) => progress(ctx, ++step, `${update.id}: ${update.status}`),
        });
        const dir = deps.config.outputDir;
        const files =
          dir === undefined || readOnly
            ? undefined
            : await saveOutputs(p.outputs, dir, {
                name: p.id,
                predictionId: p.id,
                signal: ctx.mcpReq.signal,
              });
        return outcomeResult(
          { kind: 'done', prediction: p, files, price: undefined },
          ctx.mcpReq.signal,
        );
      } catch (error) {
        if (error instanceof PredictionTimeoutError) {
          return ok(`Prediction ${id} is still ${error.lastStatus} after ${wait_seconds} s.`, {
            id,
            model: '',
            status: error.lastStatus,
            outputs: [],
          });
        }
        return failed(error);
      }
    },
  );

  server.registerTool(
    'list_predictions',
    {
      title: 'Recent predictions',
      description: 'Predictions of the account, newest first (history is kept 7 days).',
      inputSchema: z.object({
        status: z.enum(['created', 'processing', 'completed', 'failed']).optional(),
        model: z.string().optional().describe('Only this model'),
        limit: z.number().int().min(1).max(100).default(20),
      }),
      outputSchema: z.object({ predictions: z.array(prediction) }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ status, model, limit }, ctx) => {
      try {
        const found: Record<string, unknown>[] = [];
        const lines: string[] = [];
        for await (const p of deps
          .client()
          .predictions.list({ status, model, signal: ctx.mcpReq.signal })) {
          found.push(summary(p));
          lines.push(`- ${p.id} ${p.model} ${p.status} ${p.createdAt}`);
          if (found.length >= limit) break;
        }
        return ok([`${found.length} prediction(s):`, ...lines].join('\n'), { predictions: found });
      } catch (error) {
        return failed(error);
      }
    },
  );
}
