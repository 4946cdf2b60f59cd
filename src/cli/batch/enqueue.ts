import type { BatchResult, WaveSpeedClient } from '../../index.js';
import type { CommandContext } from '../command.js';
import { InterruptedError } from '../errors.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { formatDuration } from '../format.js';
import type { RedisConnection } from '../redis.js';
import { BatchDisplay, emptyTally } from './display.js';
import { type JobsSource, readJobs } from './jobs-file.js';
import { type Prescan, resolveLine } from './prescan.js';

// `wavespeed batch <file> --redis <url>`: the jobs go to the BullMQ queue that `wavespeed worker`
// processes run, and this command follows them there. Running it again adds nothing new (the
// queue knows each key) and follows again.

/** Where the queue is. */
export interface QueueTarget {
  connection: RedisConnection;
  name: string | undefined;
}

/** Replaces `file:` URLs (from `@./path` values) by the URLs of the uploaded files. */
async function uploaded(
  client: WaveSpeedClient,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const upload = async (value: unknown): Promise<unknown> => {
    if (value instanceof URL) return (await client.files.upload(value, { signal })).url;
    if (Array.isArray(value)) return Promise.all(value.map(upload));
    return value;
  };
  const entries = await Promise.all(
    Object.entries(input).map(async ([name, value]) => [name, await upload(value)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Enqueues the file's valid jobs (uploading local files of jobs not yet in the queue), then
 * follows them to the end with the same progress display as a local batch.
 */
export async function runOnQueue(
  ctx: CommandContext,
  client: WaveSpeedClient,
  run: { source: JobsSource; scan: Prescan; target: QueueTarget },
): Promise<ExitCodeValue> {
  const { addBatch, createQueue, followBatch } = await import('../../bullmq/index.js');
  const queue = createQueue({
    connection: run.target.connection,
    ...(run.target.name === undefined ? {} : { name: run.target.name }),
  });
  const tally = emptyTally(run.scan.jobs);
  const display = new BatchDisplay(ctx.out, tally);
  try {
    const keys: string[] = [];
    const lines = new Map<string, { line: number; model: string }>();
    let added = 0;
    let batch: Array<{ model: string; key: string; input: Record<string, unknown> }> = [];
    const flush = async () => {
      added += (await addBatch(queue, batch)).added;
      batch = [];
    };
    for await (const line of readJobs(run.source)) {
      if (run.scan.invalidLines.has(line.line)) continue;
      const job = resolveLine(line, ctx.flags.string('model'));
      if ('error' in job || run.scan.unknownModels.has(job.model)) continue;
      keys.push(job.key);
      lines.set(job.key, { line: line.line, model: job.model });
      const files = 'files' in line && line.files.length > 0;
      // Files are uploaded once: a job already in the queue keeps the URLs it was added with.
      const input =
        files && (await queue.getJob(job.key)) === undefined
          ? await uploaded(client, job.input, ctx.signal)
          : job.input;
      batch.push({ model: job.model, key: job.key, input });
      if (batch.length >= 500) await flush();
    }
    await flush();
    ctx.out.note(
      `Queued ${added} new job(s) on "${queue.name}" (${keys.length - added} were there already); ` +
        'following them (Ctrl-C stops following, not the workers)',
    );
    let index = 0;
    for await (const job of followBatch(queue, keys, {
      signal: ctx.signal,
      onProgress: (p) => display.progress(p),
    })) {
      const where = lines.get(job.key) ?? { line: 0, model: '' };
      const base = { key: job.key, index: index++, model: where.model, fromJournal: job.earlier };
      const result: BatchResult =
        job.status === 'completed'
          ? { ...base, status: 'completed', ...job.result }
          : {
              ...base,
              status: 'failed',
              resumable: false,
              error: { name: 'JobFailed', message: job.reason },
            };
      display.result(result, undefined);
      if (ctx.out.json) {
        ctx.out.stdout.write(
          `${JSON.stringify({ line: where.line, ...result, index: undefined })}\n`,
        );
      } else if (result.status === 'completed') {
        ctx.out.stdout.write(`${where.line}\t${(result.files ?? result.outputs).join(' ')}\n`);
      } else {
        display.note(`line ${where.line} failed: ${result.error.message}`);
      }
    }
  } catch (error) {
    display.stop();
    if (error instanceof InterruptedError) {
      ctx.out.warn(
        `Stopped following. The queued jobs stay in the queue and the workers keep running ` +
          `them; run the same command again to follow them (nothing is added twice).`,
      );
      return ExitCode.Interrupted;
    }
    throw error;
  } finally {
    await queue.close();
  }
  display.stop();
  const earlier = tally.fromJournal > 0 ? ` (${tally.fromJournal} before this run)` : '';
  ctx.out.note(
    `Finished in ${formatDuration(display.elapsed)}: ${tally.completed} completed${earlier}, ` +
      `${tally.failed} failed`,
  );
  return tally.failed > 0 ? ExitCode.PredictionFailed : ExitCode.Ok;
}
