// Image to video: animate a local picture. The file goes straight into the input: a `file:` URL
// (or a Blob / Buffer) in a model input is uploaded first — streamed from disk, never read whole
// into memory — and replaced by its hosted URL before the job is submitted.
//
//   npx tsx examples/image-to-video.ts ./photo.png "the sun slowly sets, gentle waves"
//
// Uses the real API when WAVESPEED_API_KEY is set (a 5 s video costs real money), otherwise a
// local simulator. The video lands in ./wavespeed-output (or OUTPUT_DIR).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from './shared/connect.js';
import { download } from './shared/download.js';

const image = process.argv[2]
  ? pathToFileURL(process.argv[2])
  : new URL('./assets/sunset.png', import.meta.url);
const prompt = process.argv[3] ?? 'The sun slowly sets over the sea, gentle waves, cinematic';
const outputDir = resolve(process.env.OUTPUT_DIR ?? 'wavespeed-output');

const { client, close } = await connect();
try {
  const started = Date.now();
  // `image` is a file: URL, so it is uploaded before the submit. To reuse one upload for several
  // jobs, upload it yourself: `const { url } = await client.files.upload(path)` and pass `url`.
  // Video jobs take minutes: the SDK backs off between checks, and once it has seen jobs of a
  // model it sleeps until shortly before they usually end. `timeout` is the whole-job deadline
  // (default 10 minutes).
  const prediction = await client.predictions.run(
    'wavespeed-ai/wan-2.1/i2v-480p',
    { image, prompt, duration: 5 },
    {
      timeout: 15 * 60_000,
      onProgress: (p) =>
        console.log(`${p.id}: ${p.status} (${Math.round((Date.now() - started) / 1000)} s)`),
    },
  );

  const [video] = prediction.outputs;
  if (video === undefined)
    throw new Error(`Prediction ${prediction.id} completed without an output`);
  const path = await download(video, outputDir, `video-${prediction.id}`);
  console.log(`saved ${path}`);
} finally {
  await close();
}
