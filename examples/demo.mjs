// Several jobs of different kinds at once through the SDK, with a progress line per job.
// Runs against the local simulator unless WAVESPEED_API_KEY is set (then: the real API, billed).
// Build first (`npm run build`): this imports the package from ../dist.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));
const { WaveSpeedClient, isWaveSpeedError } = await import(dist('index.js'));

const JOBS = [
  {
    kind: 'image',
    model: 'wavespeed-ai/z-image/turbo',
    input: { prompt: 'A lighthouse on a cliff at sunset, watercolor', size: '1024*1024' },
  },
  {
    kind: 'video',
    model: 'wavespeed-ai/wan-2.2/t2v-480p-ultra-fast',
    input: { prompt: 'Waves rolling onto a pebble beach at dawn', duration: 5 },
  },
  {
    kind: 'speech',
    model: 'minimax/speech-02-hd',
    input: { text: 'Welcome to the WaveSpeed demo.', voice_id: 'Wise_Woman' },
  },
  {
    kind: '3d',
    model: 'meshy/v6/text-to-3d',
    input: { prompt: 'A low-poly wooden treasure chest' },
  },
];

async function connect() {
  if (process.env.WAVESPEED_API_KEY) {
    const client = new WaveSpeedClient();
    console.log(`Using the WaveSpeed API at ${client.baseUrl} (jobs are billed)`);
    return { client, close: async () => {} };
  }
  const { createSimulator } = await import(dist('testing/index.js'));
  // speed 10: a 60 s video job takes 6 s.
  const sim = await createSimulator({ speed: 10 });
  console.log(`WAVESPEED_API_KEY is not set: using the local simulator at ${sim.url}`);
  const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxConcurrency: 4 });
  return { client, close: () => sim.close() };
}

// Git-ignored; OUTPUT_DIR puts the files elsewhere.
const OUTPUT_DIR = resolve(process.env.OUTPUT_DIR ?? 'demo-output');

/** Saves every output file to OUTPUT_DIR (plain GETs: output URLs need no API key). */
async function download(predictions) {
  await mkdir(OUTPUT_DIR, { recursive: true });
  let saved = 0;
  for (const prediction of predictions) {
    for (const [index, url] of prediction.outputs.entries()) {
      if (!/^https?:\/\//.test(url)) continue;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const ext = basename(new URL(url).pathname).split('.').pop();
      const file = `${prediction.id}-${index}.${ext}`;
      await writeFile(join(OUTPUT_DIR, file), bytes);
      saved++;
      const type = response.headers.get('content-type') ?? 'unknown type';
      console.log(`saved ${file}  ${bytes.length} bytes  ${type}`);
    }
  }
  console.log(`${saved} file(s) saved in ${OUTPUT_DIR}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function main() {
  const { client, close } = await connect();
  const started = Date.now();
  try {
    const results = await Promise.allSettled(
      JOBS.map(({ kind, model, input }) => {
        const label = `[${kind}]`.padEnd(9);
        return client.predictions
          .run(model, input, {
            timeout: 5 * 60_000,
            onProgress: (p) =>
              console.log(`${label}${p.status.padEnd(11)}${p.id}  ${seconds(started)}`),
          })
          .then((prediction) => {
            console.log(`${label}done       ${prediction.outputs.join(' ')}  ${seconds(started)}`);
            return prediction;
          });
      }),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    for (const { reason } of failed) {
      const id =
        isWaveSpeedError(reason) && reason.predictionId
          ? ` (prediction ${reason.predictionId})`
          : '';
      console.error(`failed${id}: ${reason instanceof Error ? reason.message : String(reason)}`);
    }
    await download(results.filter((r) => r.status === 'fulfilled').map((r) => r.value));
    const { balance } = await client.account.balance();
    console.log(
      `${JOBS.length - failed.length}/${JOBS.length} jobs done in ${seconds(started)}; balance $${balance}`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
