// Quickstart: generate one image from a prompt and save it to disk.
//
//   npx tsx examples/quickstart.ts "a lighthouse on a cliff at dawn, watercolor"
//
// Uses the real API when WAVESPEED_API_KEY is set (this costs a few cents), otherwise a local
// simulator. Files land in ./wavespeed-output (or OUTPUT_DIR).
import { resolve } from 'node:path';
import { connect } from './shared/connect.js';
import { download } from './shared/download.js';

const prompt = process.argv[2] ?? 'A lighthouse on a cliff at dawn, watercolor';
const outputDir = resolve(process.env.OUTPUT_DIR ?? 'wavespeed-output');

const { client, close } = await connect();
try {
  // `run` = submit + wait + return the output URLs. It polls adaptively (no fixed 1 s loop) and
  // gives up after 10 minutes by default (`timeout` changes that).
  const outputs = await client.run(
    'wavespeed-ai/flux-dev',
    { prompt, size: '1024*1024' },
    { onProgress: (prediction) => console.log(`${prediction.id}: ${prediction.status}`) },
  );

  for (const [index, url] of outputs.entries()) {
    const path = await download(url, outputDir, `quickstart-${index}`);
    console.log(`saved ${path}`);
  }
} finally {
  await close();
}
