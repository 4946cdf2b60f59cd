// A batch that survives crashes: 50 prompts from a JSONL file, each image saved to disk, every
// step written to a journal first. Kill it at any moment (Ctrl-C, `kill -9`, a deploy) and run
// it again: finished prompts come back from the journal without a request, jobs already
// submitted are waited on by id, and nothing is paid for twice.
//
//   npx tsx examples/batch.ts [prompts.jsonl]
//
// Writes ./wavespeed-output/batch.journal.jsonl and the images to ./wavespeed-output/batch/
// (OUTPUT_DIR changes the folder). Uses the real API when WAVESPEED_API_KEY is set (50 images
// cost real money), otherwise a local simulator.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BatchJob } from 'wavespeed-sdk';
import { connect } from './shared/connect.js';

const MODEL = 'wavespeed-ai/flux-dev';
const input = process.argv[2] ?? fileURLToPath(new URL('./prompts.jsonl', import.meta.url));
const outputDir = process.env.OUTPUT_DIR ?? 'wavespeed-output';

/** The prompts, read a line at a time: a file of a million lines is never held in memory. */
async function* prompts(path: string): AsyncGenerator<BatchJob> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { id, prompt } = JSON.parse(line) as { id: string; prompt: string };
    // The key names the job in the journal: keep it stable across runs.
    yield { key: id, model: MODEL, input: { prompt } };
  }
}

const { client, close } = await connect(
  { maxConcurrency: 8 },
  {
    // Simulator only: two prompts fail the way a moderation rejection does.
    failWhen: ({ input }) =>
      /hedgehog|polar bear/.test(String(input.prompt))
        ? 'The prompt was flagged by the content safety checker'
        : undefined,
  },
);

// Ctrl-C stops submitting; jobs already submitted keep running on the server and the next run
// picks them up from the journal.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

let fromJournal = 0;
try {
  for await (const result of client.batch(prompts(input), {
    journal: join(outputDir, 'batch.journal.jsonl'),
    download: { dir: join(outputDir, 'batch') },
    concurrency: 8,
    signal: stop.signal,
  })) {
    if (result.fromJournal) fromJournal++;
    if (result.status === 'completed') {
      console.log(`${result.key}: ${result.files?.join(', ')}`);
    } else {
      // Failed jobs stay failed in the journal; `retryFailed: true` runs them again.
      console.log(
        `${result.key}: failed (${result.predictionId ?? 'not submitted'}): ${result.error.message}`,
      );
    }
  }
  console.log(`${fromJournal} result(s) came from the journal without a request`);
} catch (error) {
  if (!stop.signal.aborted) throw error;
  console.log('Stopped. Jobs already submitted still run; run the same command again to resume.');
  process.exitCode = 130;
} finally {
  await close();
}
