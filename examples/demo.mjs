// Submit → poll → outputs with plain fetch. Runs against the local simulator unless
// WAVESPEED_API_KEY is set, in which case it talks to the real API.
import { fileURLToPath } from 'node:url';

const MODEL = 'wavespeed-ai/z-image/turbo';
const INPUT = { prompt: 'A lighthouse on a cliff at sunset, watercolor', size: '1024*1024' };

async function connect() {
  const apiKey = process.env.WAVESPEED_API_KEY;
  if (apiKey) {
    const baseUrl = (process.env.WAVESPEED_BASE_URL ?? 'https://api.wavespeed.ai').replace(
      /\/+$/,
      '',
    );
    console.log(`Using the WaveSpeed API at ${baseUrl}`);
    return { baseUrl, apiKey, close: async () => {} };
  }
  const testing = fileURLToPath(new URL('../dist/testing/index.js', import.meta.url));
  const { createSimulator } = await import(testing);
  const sim = await createSimulator({ speed: 10 });
  console.log(`WAVESPEED_API_KEY is not set: using the local simulator at ${sim.url}`);
  return { baseUrl: sim.url, apiKey: sim.apiKey, close: () => sim.close() };
}

async function call(api, method, path, body) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`);
  }
  if (!res.ok || json.code !== 200) {
    throw new Error(`${method} ${path}: HTTP ${res.status}: ${json.message ?? json.error ?? text}`);
  }
  return json.data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const api = await connect();
  try {
    const started = Date.now();
    const created = await call(api, 'POST', `/api/v3/${MODEL}`, INPUT);
    console.log(`Submitted ${MODEL}: prediction ${created.id} (${created.status})`);
    let prediction = created;
    let delay = 250;
    while (prediction.status !== 'completed' && prediction.status !== 'failed') {
      await sleep(delay);
      delay = Math.min(delay * 1.5, 2000);
      prediction = await call(api, 'GET', `/api/v3/predictions/${created.id}/result`);
      console.log(`  … ${prediction.status}`);
    }
    if (prediction.status === 'failed') throw new Error(`Prediction failed: ${prediction.error}`);
    console.log(`Completed in ${((Date.now() - started) / 1000).toFixed(1)} s. Outputs:`);
    for (const url of prediction.outputs) console.log(`  ${url}`);
    const first = prediction.outputs[0];
    if (typeof first === 'string' && /^https?:/.test(first)) {
      // Output URLs are public CDN links: no Authorization header.
      const file = await fetch(first);
      const bytes = new Uint8Array(await file.arrayBuffer());
      console.log(
        `Downloaded ${bytes.length} bytes (${file.headers.get('content-type')}), HTTP ${file.status}`,
      );
    }
  } finally {
    await api.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
