// A content pipeline: 50 prompts from a JSONL file, run with bounded concurrency under the
// account's rate tier, progress on the terminal, every result and failure appended to a JSONL
// report. Re-running skips what already succeeded and picks up timed-out jobs by id instead of
// paying for them twice.
//
//   npx tsx examples/batch-pipeline.ts [prompts.jsonl] [report.jsonl]
//
// The report goes to ./wavespeed-output/batch-report.jsonl (OUTPUT_DIR changes the folder).
//
// Input lines: {"id": "p01", "prompt": "..."}. Uses the real API when WAVESPEED_API_KEY is set
// (50 images cost real money), otherwise a local simulator emulating the default tier.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NotFoundError,
  type Prediction,
  PredictionFailedError,
  PredictionTimeoutError,
} from 'wavespeed-sdk';
import { connect } from './shared/connect.js';

interface Job {
  id: string;
  prompt: string;
}

interface ReportLine {
  id: string;
  status: 'completed' | 'failed' | 'timed-out' | 'error';
  predictionId?: string | undefined;
  outputs?: string[];
  error?: string;
  seconds: number;
  at: string;
}

const MODEL = 'wavespeed-ai/flux-dev';
const inputPath = process.argv[2] ?? fileURLToPath(new URL('./prompts.jsonl', import.meta.url));
const reportPath = resolve(
  process.argv[3] ?? join(process.env.OUTPUT_DIR ?? 'wavespeed-output', 'batch-report.jsonl'),
);

function parseJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The last report line per prompt id (the report is append-only, so later lines win). */
async function readReport(path: string): Promise<Map<string, ReportLine>> {
  const latest = new Map<string, ReportLine>();
  try {
    for (const line of parseJsonl<ReportLine>(await readFile(path, 'utf8')))
      latest.set(line.id, line);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return latest;
}

const jobs = parseJsonl<Job>(await readFile(inputPath, 'utf8'));
const previous = await readReport(reportPath);
const todo = jobs.filter((job) => previous.get(job.id)?.status !== 'completed');
console.log(
  `${jobs.length} prompts, ${jobs.length - todo.length} already done, ${todo.length} to run`,
);

// The default ("bronze") tier allows 2 jobs at a time and 2 submissions a minute. The client's
// queue keeps at most `maxConcurrency` predictions in flight, and when the API answers 429 it
// pauses for the Retry-After the server sent instead of failing the job. Set JOBS_PER_MINUTE to
// pace submissions yourself and never see a 429; raise both on a higher tier.
const { client, close } = await connect(
  {
    maxConcurrency: Number(process.env.MAX_CONCURRENCY ?? 2),
    maxJobsPerMinute: process.env.JOBS_PER_MINUTE ? Number(process.env.JOBS_PER_MINUTE) : undefined,
  },
  {
    tier: 'bronze',
    // Simulator only: two prompts fail the way a moderation rejection does, so the report
    // shows the failure path.
    failWhen: ({ input }) =>
      /hedgehog|polar bear/.test(String(input.prompt))
        ? 'The prompt was flagged by the content safety checker'
        : undefined,
  },
);

await mkdir(dirname(reportPath), { recursive: true });
const report = createWriteStream(reportPath, { flags: 'a' });
let finished = 0;
let failed = 0;

async function runJob(job: Job): Promise<Prediction> {
  const options = { timeout: 5 * 60_000 };
  const earlier = previous.get(job.id);
  if (earlier?.status === 'timed-out' && earlier.predictionId) {
    // That job may have finished since: wait for it instead of submitting (and paying) again.
    try {
      return await client.predictions.wait(earlier.predictionId, options);
    } catch (error) {
      // Predictions are kept 7 days; an unknown id means it is gone and needs a new run.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return client.predictions.run(MODEL, { prompt: job.prompt }, options);
}

async function processJob(job: Job): Promise<void> {
  const started = Date.now();
  let line: Omit<ReportLine, 'seconds' | 'at'>;
  try {
    const prediction = await runJob(job);
    line = {
      id: job.id,
      status: 'completed',
      predictionId: prediction.id,
      outputs: prediction.outputs,
    };
  } catch (error) {
    failed++;
    if (error instanceof PredictionFailedError) {
      line = { id: job.id, status: 'failed', predictionId: error.predictionId, error: error.error };
    } else if (error instanceof PredictionTimeoutError) {
      line = {
        id: job.id,
        status: 'timed-out',
        predictionId: error.predictionId,
        error: error.message,
      };
    } else {
      line = {
        id: job.id,
        status: 'error',
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
  const seconds = (Date.now() - started) / 1000;
  report.write(`${JSON.stringify({ ...line, seconds, at: new Date().toISOString() })}\n`);
  finished++;
  const counter = `[${String(finished).padStart(2)}/${todo.length}]`;
  const why = line.error ? `: ${line.error}` : '';
  console.log(`${counter} ${job.id} ${line.status} after ${seconds.toFixed(1)} s${why}`);
}

try {
  // Start everything at once: the client's queue, not this loop, decides what runs when.
  await Promise.all(todo.map(processJob));
} finally {
  await new Promise<void>((resolve) => report.end(resolve));
  await close();
}

console.log(
  `done: ${finished - failed} completed, ${failed} not completed; report: ${reportPath}` +
    (failed > 0 ? ' (run it again to retry those)' : ''),
);
