import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BatchJob, type BatchResult, FileJournal, type WaveSpeedClient } from '../../index.js';
import { parsePositiveInt, parseSeconds } from '../args.js';
import { BatchDisplay, type BatchTally, emptyTally } from '../batch/display.js';
import { type QueueTarget, runOnQueue } from '../batch/enqueue.js';
import { formatOf, type JobsSource, readJobs } from '../batch/jobs-file.js';
import { type Prescan, prescan, resolveLine } from '../batch/prescan.js';
import type { Command, CommandContext } from '../command.js';
import { InterruptedError, UsageError } from '../errors.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { formatDuration, formatUsd } from '../format.js';
import { parseRedisUrl } from '../redis.js';

/** Problems listed before giving up; the rest are counted. */
const SHOWN_PROBLEMS = 20;

/**
 * `wavespeed batch`: runs every job of a JSON Lines or CSV file, resumably.
 */
export const batchCommand: Command = {
  name: 'batch',
  summary: 'Run every job of a JSONL/CSV file; re-run the same command to resume after a crash',
  usage:
    'wavespeed batch <jobs.jsonl|jobs.csv|-> [--model <id>] [--journal <file>] [--output-dir <dir>] [--concurrency <n>] [--retry-failed] [--skip-invalid] [--redis <url> [--queue <name>]] [--json]',
  description:
    'Each line is a job: JSON Lines hold {"model", "key", "input"} or the input itself (with ' +
    '--model); CSV has a header row, optional "model" and "key" columns, and one column per ' +
    'input. "@./path" values upload local files. The whole file is checked first (line numbers ' +
    'in every error); then jobs run, at most --concurrency at once, each state change written ' +
    'to the journal (default <file>.journal.jsonl) before it is acted on. Run the same command ' +
    'again after a crash or Ctrl-C: finished jobs are not sent again, running ones are waited ' +
    'on, and nothing is paid for twice. Exit code 3 when any job failed.',
  options: {
    model: { type: 'string', value: 'id', description: 'Model for lines that name none' },
    journal: {
      type: 'string',
      value: 'file',
      description: 'Where job states are kept (default: <jobs file>.journal.jsonl)',
    },
    'output-dir': { type: 'string', value: 'dir', description: 'Save every output here' },
    concurrency: {
      type: 'string',
      value: 'n',
      description: "Jobs in flight at once (default 2, the first tier's; raise it to your tier's)",
    },
    'retry-failed': {
      type: 'boolean',
      description: 'Submit again the jobs an earlier run recorded as failed',
    },
    'skip-invalid': {
      type: 'boolean',
      description: 'Run the valid lines and skip the others (default: refuse the file)',
    },
    format: { type: 'string', value: 'jsonl|csv', description: 'Format of stdin (default jsonl)' },
    redis: {
      type: 'string',
      value: 'url',
      description: 'Enqueue the jobs for `wavespeed worker` processes instead, and follow them',
    },
    queue: {
      type: 'string',
      value: 'name',
      description: 'With --redis: the queue (default wavespeed)',
    },
    'recovery-delay': {
      type: 'string',
      value: 'seconds',
      description:
        'After a crash, how long a cut-off submit may take to reach the API before its job is sent again (default 10)',
    },
  },
  args: { min: 1, max: 1, name: 'jobs file' },
  examples: [
    'wavespeed batch prompts.jsonl --model wavespeed-ai/flux-dev --output-dir ./out',
    'wavespeed batch shots.csv --concurrency 8 --json > results.jsonl',
    'generate-prompts | wavespeed batch - --model wavespeed-ai/flux-dev --journal run1.journal',
    'wavespeed batch prompts.jsonl --model wavespeed-ai/flux-dev --redis redis://127.0.0.1:6379',
  ],
  run: runBatchCommand,
};

async function runBatchCommand(ctx: CommandContext): Promise<ExitCodeValue> {
  const file = ctx.positionals[0] ?? '';
  const journalFlag = ctx.flags.string('journal');
  if (file === '-' && journalFlag === undefined) {
    throw new UsageError('reading jobs from stdin needs --journal <file> to resume', 'batch');
  }
  const rawConcurrency = ctx.flags.string('concurrency');
  const concurrency =
    rawConcurrency === undefined
      ? undefined
      : parsePositiveInt('--concurrency', rawConcurrency, 'batch');
  const rawDelay = ctx.flags.string('recovery-delay');
  const recoveryDelay =
    rawDelay === undefined ? undefined : parseSeconds('--recovery-delay', rawDelay, 'batch');
  const rawFormat = ctx.flags.string('format');
  if (rawFormat !== undefined && rawFormat !== 'csv' && rawFormat !== 'jsonl') {
    throw new UsageError(`--format must be jsonl or csv, got "${rawFormat}"`, 'batch');
  }
  const target = queueTarget(ctx);
  const client = ctx.client();
  const spool = file === '-' ? await spoolStdin() : undefined;
  const path = spool?.path ?? resolve(ctx.cwd, file);
  const source: JobsSource = {
    path,
    format: rawFormat ?? formatOf(path),
    base: spool === undefined ? dirname(path) : ctx.cwd,
  };
  if (target !== undefined) {
    try {
      const scan = await checkedFile(ctx, source, client, file);
      if (typeof scan === 'number') return scan;
      return await runOnQueue(ctx, client, { source, scan, target });
    } finally {
      if (spool !== undefined) await rm(spool.dir, { recursive: true, force: true });
    }
  }
  const journalPath = resolve(ctx.cwd, journalFlag ?? `${file}.journal.jsonl`);
  const journal = new FileJournal(journalPath, { batch: file === '-' ? '-' : basename(file) });
  try {
    await journal.open();
    const scan = await checkedFile(ctx, source, client, file);
    if (typeof scan === 'number') return scan;
    return await runJobs(ctx, client, {
      source,
      scan,
      journal,
      journalPath,
      concurrency,
      recoveryDelay,
    });
  } finally {
    await journal.close();
    if (spool !== undefined) await rm(spool.dir, { recursive: true, force: true });
  }
}

/** `--redis` and `--queue`, refusing the flags that only a local run takes. */
function queueTarget(ctx: CommandContext): QueueTarget | undefined {
  const redis = ctx.flags.string('redis');
  if (redis === undefined) {
    if (ctx.flags.string('queue') !== undefined) {
      throw new UsageError('--queue needs --redis <url>', 'batch');
    }
    return undefined;
  }
  const local: Record<string, string> = {
    journal: "the queue keeps each job's state",
    'output-dir': 'pass it to `wavespeed worker`, which saves the outputs',
    concurrency: "the workers' --concurrency and --tier set it",
    'retry-failed': 'failed jobs stay failed in the queue',
    'recovery-delay': 'the workers recover their own jobs',
  };
  for (const [flag, why] of Object.entries(local)) {
    const value = flag === 'retry-failed' ? ctx.flags.boolean(flag) : ctx.flags.string(flag);
    if (value !== undefined && value !== false) {
      throw new UsageError(`--${flag} is for local runs, not with --redis: ${why}`, 'batch');
    }
  }
  return { connection: parseRedisUrl(redis, 'batch'), name: ctx.flags.string('queue') };
}

/** The prescan of the whole file: its result, or the exit code when it refuses the file. */
async function checkedFile(
  ctx: CommandContext,
  source: JobsSource,
  client: WaveSpeedClient,
  file: string,
): Promise<Prescan | ExitCodeValue> {
  const scan = await prescan(source, ctx.flags.string('model'), client, ctx.signal).catch(
    (error: unknown) => {
      throw notReadable(error, file);
    },
  );
  if (scan.problems.length > 0 && !ctx.flags.boolean('skip-invalid')) return refuse(ctx, scan);
  if (scan.problems.length > 0) {
    ctx.out.warn(`Skipping ${scan.problems.length} invalid line(s):`);
    listProblems(ctx, scan);
  }
  return scan;
}

function notReadable(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`no such jobs file ${file}`, 'batch');
  if (code === 'EISDIR') return new UsageError(`${file} is a folder, not a jobs file`, 'batch');
  return error;
}

function listProblems(ctx: CommandContext, scan: Prescan): void {
  for (const problem of scan.problems.slice(0, SHOWN_PROBLEMS)) {
    ctx.out.warn(`  line ${problem.line}: ${problem.error}`);
  }
  const more = scan.problems.length - SHOWN_PROBLEMS;
  if (more > 0) ctx.out.warn(`  … and ${more} more`);
}

function refuse(ctx: CommandContext, scan: Prescan): ExitCodeValue {
  ctx.out.warn(`The jobs file has ${scan.problems.length} invalid line(s); nothing was sent:`);
  listProblems(ctx, scan);
  ctx.out.warn('Fix them, or pass --skip-invalid to run the valid lines only.');
  if (ctx.out.json) {
    ctx.out.stdout.write(
      `${JSON.stringify({ name: 'InvalidJobsFile', exitCode: ExitCode.Usage, problems: scan.problems })}\n`,
    );
  }
  return ExitCode.Usage;
}

/**
 * The valid jobs of the file, read again lazily; `lines` maps each job's index to its line number
 * until its result is reported.
 */
async function* jobsOf(
  source: JobsSource,
  scan: Prescan,
  defaultModel: string | undefined,
  lines: Map<number, number>,
  quote: (model: string, input: Record<string, unknown>) => void,
): AsyncGenerator<BatchJob> {
  let index = 0;
  for await (const line of readJobs(source)) {
    if (scan.invalidLines.has(line.line)) continue;
    const job = resolveLine(line, defaultModel);
    if ('error' in job || scan.unknownModels.has(job.model)) continue;
    lines.set(index++, line.line);
    quote(job.model, job.input);
    yield job;
  }
}

async function runJobs(
  ctx: CommandContext,
  client: WaveSpeedClient,
  run: {
    source: JobsSource;
    scan: Prescan;
    journal: FileJournal;
    journalPath: string;
    concurrency: number | undefined;
    recoveryDelay: number | undefined;
  },
): Promise<ExitCodeValue> {
  const outputDir = ctx.flags.string('output-dir');
  const dir = outputDir === undefined ? undefined : resolve(ctx.cwd, outputDir);
  const prices = new Map<string, number | undefined>();
  const quote = (model: string, input: Record<string, unknown>) => {
    if (prices.has(model)) return;
    prices.set(model, undefined);
    client.models.price(model, input, { signal: ctx.signal }).then(
      (q) => prices.set(model, q.price),
      () => undefined,
    );
  };
  const lines = new Map<number, number>();
  const tally = emptyTally(run.scan.jobs);
  const display = new BatchDisplay(ctx.out, tally);
  ctx.out.note(`Running ${run.scan.jobs} job(s); journal ${run.journalPath}`);
  try {
    const results = client.batch(
      jobsOf(run.source, run.scan, ctx.flags.string('model'), lines, quote),
      {
        journal: run.journal,
        ...(run.concurrency === undefined ? {} : { concurrency: run.concurrency }),
        ...(run.recoveryDelay === undefined ? {} : { recoveryDelay: run.recoveryDelay }),
        retryFailed: ctx.flags.boolean('retry-failed'),
        ...(dir === undefined ? {} : { download: { dir } }),
        signal: ctx.signal,
        onProgress: (p) => display.progress(p),
      },
    );
    for await (const result of results) {
      display.result(result, prices.get(result.model));
      report(ctx, display, result, lines.get(result.index) ?? 0);
      lines.delete(result.index);
    }
  } catch (error) {
    display.stop();
    if (error instanceof InterruptedError) {
      ctx.out.warn(
        `Stopped. ${tally.running} job(s) still run on the server. Run the same command again ` +
          'to pick them up: finished jobs are not sent again, nothing is paid for twice.',
      );
      return ExitCode.Interrupted;
    }
    summary(ctx, tally, display.elapsed, dir, run.journalPath);
    throw error;
  }
  display.stop();
  summary(ctx, tally, display.elapsed, dir, run.journalPath);
  return tally.failed > 0 ? ExitCode.PredictionFailed : ExitCode.Ok;
}

/** One finished job: a JSON line with --json; else its outputs on stdout, a failure on stderr. */
function report(
  ctx: CommandContext,
  display: BatchDisplay,
  result: BatchResult,
  line: number,
): void {
  if (ctx.out.json) {
    const { cause: _cause, index: _index, ...rest } = result as BatchResult & { cause?: unknown };
    ctx.out.stdout.write(`${JSON.stringify({ line, ...rest })}\n`);
    return;
  }
  if (result.status === 'completed') {
    ctx.out.stdout.write(`${line}\t${(result.files ?? result.outputs).join(' ')}\n`);
    return;
  }
  const id = result.predictionId === undefined ? '' : ` (prediction ${result.predictionId})`;
  const later = result.resumable ? '; the next run picks it up' : '';
  display.note(`line ${line} failed${id}: ${result.error.name}: ${result.error.message}${later}`);
}

function summary(
  ctx: CommandContext,
  tally: BatchTally,
  elapsed: number,
  dir: string | undefined,
  journalPath: string,
): void {
  const parts = [`${tally.completed} completed`];
  if (tally.fromJournal > 0) parts[0] += ` (${tally.fromJournal} by an earlier run)`;
  parts.push(`${tally.failed} failed`);
  const cost = tally.spent === undefined ? '' : ` · ≈${formatUsd(tally.spent)} this run`;
  ctx.out.note(`Finished in ${formatDuration(elapsed)}: ${parts.join(', ')}${cost}`);
  if (dir !== undefined) ctx.out.note(`Outputs in ${dir}`);
  ctx.out.note(`Journal: ${journalPath}`);
  const final = tally.failed - tally.resumable;
  if (tally.resumable > 0) {
    ctx.out.note(`Run the same command again to finish ${tally.resumable} unfinished job(s).`);
  }
  if (final > 0) {
    ctx.out.note(`Add --retry-failed to submit the ${final} failed job(s) again.`);
  }
}

/** Copies stdin to a temporary file: the file is read twice (checked, then run). */
async function spoolStdin(): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'wavespeed-batch-'));
  const path = join(dir, 'jobs');
  await pipeline(process.stdin, createWriteStream(path));
  return { dir, path };
}
