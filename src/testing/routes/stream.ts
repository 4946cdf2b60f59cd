import { type App, trackedSleep } from '../app.js';
import { requestSchemaOf } from '../catalog.js';
import { type Ctx, sendError, sendFault } from '../http.js';
import { makeMp3 } from '../media.js';
import { validateInput } from '../schema-validate.js';
import type { SimModel } from '../types.js';

/** Gap between SSE chunks before speed scaling. */
const CHUNK_GAP_MS = 100;

const FLAGS = ['enable_sync_mode', 'enable_base64_output', 'webhook_url', 'stream'];

/**
 * `POST /api/v3/{model_id}/stream`: server-sent events; no prediction record is created.
 * LLMs stream OpenAI-style chat completion chunks then `[DONE]`; speech/music stream hex audio
 * pieces then a final chunk with the whole audio.
 */
export async function stream(
  app: App,
  ctx: Ctx,
  modelId: string,
  model: SimModel | undefined,
  body: Record<string, unknown>,
): Promise<void> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!FLAGS.includes(key)) fields[key] = value;
  const { issues, input } = validateInput(model ? requestSchemaOf(model) : undefined, fields);
  if (issues.length > 0) {
    sendError(ctx, 400, `Invalid input for model ${modelId}: ${issues.join('; ')}`);
    return;
  }
  const events = modelId.includes('any-llm')
    ? llmEvents(app, modelId, input)
    : audioEvents(app, modelId, input);
  const fault = ctx.replaceWith;
  if (fault && fault.body !== 'truncated') {
    ctx.replaceWith = undefined;
    sendFault(ctx, fault);
    return;
  }
  // A cut stream: half the events, then a clean end (`truncated`) or a dropped connection
  // (`reset: 'after-create'`).
  const cut = fault !== undefined || ctx.dropResponse === true;
  const sent = cut ? events.slice(0, Math.max(1, Math.floor(events.length / 2))) : events;
  ctx.record.status = fault?.status ?? 200;
  ctx.res.writeHead(ctx.record.status, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...ctx.extraHeaders,
  });
  ctx.res.flushHeaders();
  const gap = CHUNK_GAP_MS / app.speed;
  for (const event of sent) {
    if (app.closed || ctx.res.destroyed) return;
    ctx.res.write(`data: ${event}\n\n`);
    await trackedSleep(app, gap);
  }
  if (ctx.res.destroyed) return;
  if (ctx.dropResponse) ctx.req.socket.destroy();
  else ctx.res.end();
}

function promptOf(input: Record<string, unknown>): string {
  if (typeof input.prompt === 'string') return input.prompt;
  if (typeof input.text === 'string') return input.text;
  const messages = input.messages;
  if (Array.isArray(messages)) {
    const last = messages[messages.length - 1] as { content?: unknown } | undefined;
    if (typeof last?.content === 'string') return last.content;
  }
  return '';
}

function llmEvents(app: App, modelId: string, input: Record<string, unknown>): string[] {
  const id = `chatcmpl-${app.ids.hex(24)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = typeof input.model === 'string' ? input.model : modelId;
  const prompt = promptOf(input);
  const topic = prompt.length > 60 ? `${prompt.slice(0, 57)}...` : prompt;
  const text = topic
    ? `This is a simulated streamed answer about "${topic}".`
    : 'This is a simulated streamed answer.';
  const words = text.split(/(?<= )/);
  const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...words.map((word) => chunk({ content: word }, null)),
    chunk({}, 'stop'),
    '[DONE]',
  ];
}

function audioEvents(app: App, modelId: string, input: Record<string, unknown>): string[] {
  const traceId = app.ids.hex(32);
  const audio = makeMp3(6);
  const pieces = 3;
  const size = Math.ceil(audio.length / pieces);
  const events: string[] = [];
  for (let i = 0; i < pieces; i++) {
    events.push(
      JSON.stringify({
        data: {
          audio: audio.subarray(i * size, (i + 1) * size).toString('hex'),
          status: 1,
          ced: '',
        },
        trace_id: traceId,
        base_resp: { status_code: 0, status_msg: '' },
      }),
    );
  }
  const text = promptOf(input);
  events.push(
    JSON.stringify({
      data: { audio: audio.toString('hex'), status: 2, ced: '' },
      extra_info: {
        audio_length: Math.round((audio.length * 8) / 128),
        audio_sample_rate: 44100,
        audio_size: audio.length,
        bitrate: 128000,
        audio_format: 'mp3',
        audio_channel: 1,
        usage_characters: text.length,
        model: modelId,
      },
      trace_id: traceId,
      base_resp: { status_code: 0, status_msg: 'success' },
    }),
  );
  return events;
}
