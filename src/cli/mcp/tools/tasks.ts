import { resolve } from 'node:path';
import type { CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { saveOutputs } from '../../../index.js';
import type { ToolContext, ToolDeps } from '../context.js';
import { describeError } from '../results.js';
import { isOutcome, runJob } from '../run.js';

// The task-level tools of the write-up's Python server (`wavespeed-mcp`), with its names,
// arguments and result shape, so a config written for it works by changing the command. Each
// runs on a default model that the same environment variables choose; arguments the chosen model
// does not take are left out rather than refused, and arguments not given take the model's own
// defaults (the Python server sends its own, e.g. 30 steps, which some models refuse).

const lora = z.object({ path: z.string(), scale: z.number() });

const result = z.object({
  status: z.enum(['success', 'error', 'running', 'needs_confirmation']),
  urls: z.array(z.string()),
  base64: z.array(z.object({ data: z.string(), mime_type: z.string(), index: z.number() })),
  local_files: z.array(z.object({ path: z.string(), index: z.number() })),
  error: z.string().nullable(),
  processing_time: z.number(),
  model: z.string().nullable(),
  prediction_id: z.string().nullable(),
});

type TaskResult = z.infer<typeof result>;

const common = {
  model: z.string().optional().describe('Model id (default: the server’s model for this task)'),
  enable_safety_checker: z.boolean().default(true),
  output_directory: z.string().optional().describe('Folder for saved files (local mode)'),
  request_id: z.string().optional().describe('Correlation id for the logs'),
  confirm: z.boolean().default(false).describe('Set after the user agreed to a price to confirm'),
};

function shaped(task: Partial<TaskResult>, isError = false): CallToolResult {
  const full: TaskResult = {
    status: 'success',
    urls: [],
    base64: [],
    local_files: [],
    error: null,
    processing_time: 0,
    model: null,
    prediction_id: null,
    ...task,
  };
  return {
    content: [{ type: 'text', text: JSON.stringify(full, null, 2) }],
    structuredContent: full,
    ...(isError ? { isError: true } : {}),
  };
}

/** The input keys `model` takes, when its schema is known. */
async function accepted(
  deps: ToolDeps,
  model: string,
  signal: AbortSignal,
): Promise<Set<string> | undefined> {
  try {
    const schema = (await deps.client().models.get(model, { signal })).inputSchema as
      | { properties?: Record<string, unknown> }
      | undefined;
    return schema?.properties === undefined ? undefined : new Set(Object.keys(schema.properties));
  } catch {
    return undefined;
  }
}

async function encoded(
  urls: readonly string[],
  signal: AbortSignal,
): Promise<TaskResult['base64']> {
  return Promise.all(
    urls.map(async (url, index) => {
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`Could not download ${url}: HTTP ${response.status}`);
      const mime =
        response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream';
      return {
        data: Buffer.from(await response.arrayBuffer()).toString('base64'),
        mime_type: mime,
        index,
      };
    }),
  );
}

/** Runs a task on `model` with `payload` (keys the model does not take dropped). */
async function task(
  deps: ToolDeps,
  ctx: ToolContext,
  args: {
    model: string;
    payload: Record<string, unknown>;
    confirm: boolean;
    outputDirectory?: string | undefined;
    requestId?: string | undefined;
  },
): Promise<CallToolResult> {
  const started = Date.now();
  const signal = ctx.mcpReq.signal;
  const keys = await accepted(deps, args.model, signal);
  const input = Object.fromEntries(
    Object.entries(args.payload).filter(
      ([key, value]) => value !== undefined && (keys === undefined || keys.has(key)),
    ),
  );
  if (args.requestId !== undefined) deps.log(`[${args.requestId}] ${args.model}`);
  const outcome = await runJob(deps, ctx, {
    model: args.model,
    input,
    waitSeconds: 600,
    confirm: args.confirm,
    barePaths: true,
    outputDir: undefined,
  });
  const seconds = (Date.now() - started) / 1000;
  if (!isOutcome(outcome)) {
    const text = outcome.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
    const confirm =
      (outcome.structuredContent as { status?: string } | undefined)?.status ===
      'needs_confirmation';
    return shaped(
      {
        status: confirm ? 'needs_confirmation' : 'error',
        error: text,
        model: args.model,
        processing_time: seconds,
      },
      !confirm,
    );
  }
  const p = outcome.prediction;
  const base = { urls: p.outputs, model: p.model, prediction_id: p.id, processing_time: seconds };
  if (outcome.kind === 'running')
    return shaped({ ...base, status: 'running', error: outcome.note });
  try {
    const { resourceMode, basePath } = deps.config.tasks;
    if (resourceMode === 'base64')
      return shaped({ ...base, base64: await encoded(p.outputs, signal) });
    if (resourceMode === 'local') {
      const dir = resolve(basePath, args.outputDirectory ?? '');
      const files = await saveOutputs(p.outputs, dir, { name: p.id, predictionId: p.id, signal });
      return shaped({ ...base, local_files: files.map((path, index) => ({ path, index })) });
    }
    return shaped(base);
  } catch (error) {
    return shaped({ ...base, status: 'error', error: describeError(error).text }, true);
  }
}

/** Registers text_to_image, image_to_image and generate_video (also as image_to_video). */
export function registerTaskTools(server: McpServer, deps: ToolDeps): void {
  if (deps.guard.config.readOnly) return;
  const models = deps.config.tasks;
  const annotations = {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  };

  server.registerTool(
    'text_to_image',
    {
      title: 'Text to image',
      description: `Generate images from an English prompt (costs money). Default model: ${models.textToImage}.`,
      inputSchema: z.object({
        prompt: z.string().min(1).describe('What to draw, in English'),
        negative_prompt: z.string().optional().describe('What to avoid'),
        loras: z.array(lora).optional().describe('LoRAs: [{"path": "...", "scale": 1}]'),
        size: z.string().optional().describe('"width*height"'),
        num_inference_steps: z.number().int().min(1).optional(),
        guidance_scale: z.number().optional(),
        num_images: z.number().int().min(1).max(4).default(1),
        seed: z.number().int().optional().describe('-1 for random'),
        ...common,
      }),
      outputSchema: result,
      annotations,
    },
    async ({ model, output_directory, request_id, confirm, ...payload }, ctx) =>
      task(deps, ctx, {
        model: model ?? models.textToImage,
        payload: { ...payload, max_images: payload.num_images },
        confirm,
        outputDirectory: output_directory,
        requestId: request_id,
      }),
  );

  server.registerTool(
    'image_to_image',
    {
      title: 'Image to image',
      description:
        'Edit or restyle images from an English prompt (costs money); image inputs are URLs or ' +
        `local paths (uploaded). Default model: ${models.imageToImage}.`,
      inputSchema: z.object({
        image: z.string().default('').describe('URL or local path of the image'),
        images: z.array(z.string()).default([]).describe('URLs or local paths of several images'),
        prompt: z.string().min(1).describe('The change, in English'),
        mask_image: z.string().optional().describe('Inpainting mask (URL or local path)'),
        guidance_scale: z.number().optional(),
        ...common,
      }),
      outputSchema: result,
      annotations,
    },
    async ({ model, output_directory, request_id, confirm, image, images, ...rest }, ctx) => {
      if (image === '' && images.length === 0) {
        return shaped(
          { status: 'error', error: 'Pass "image" or "images": the image(s) to change.' },
          true,
        );
      }
      const first = image === '' ? (images[0] as string) : image;
      return task(deps, ctx, {
        model: model ?? models.imageToImage,
        payload: { ...rest, image: first, images: images.length > 0 ? images : [first] },
        confirm,
        outputDirectory: output_directory,
        requestId: request_id,
      });
    },
  );

  const video = {
    title: 'Image to video',
    description:
      'Animate an image into a video from an English prompt (costs money); the image is a URL or ' +
      `a local path (uploaded). Default model: ${models.video}.`,
    inputSchema: z.object({
      image: z.string().min(1).describe('URL or local path of the image to animate'),
      prompt: z.string().min(1).describe('What happens, in English'),
      negative_prompt: z.string().optional(),
      loras: z.array(lora).optional(),
      size: z.string().optional(),
      num_inference_steps: z.number().int().min(1).optional(),
      duration: z
        .union([z.literal(5), z.literal(10)])
        .optional()
        .describe('Seconds: 5 or 10'),
      guidance_scale: z.number().optional(),
      flow_shift: z.number().optional(),
      seed: z.number().int().optional(),
      ...common,
    }),
    outputSchema: result,
    annotations,
  };
  for (const name of ['generate_video', 'image_to_video']) {
    server.registerTool(
      name,
      video,
      async ({ model, output_directory, request_id, confirm, ...payload }, ctx) =>
        task(deps, ctx, {
          model: model ?? models.video,
          payload,
          confirm,
          outputDirectory: output_directory,
          requestId: request_id,
        }),
    );
  }
}
