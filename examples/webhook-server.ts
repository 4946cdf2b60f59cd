// Webhooks: submit a job with a webhook URL and let WaveSpeed call you when it ends, instead of
// polling. The receiver is a plain node:http server that verifies the signature on the RAW body
// (re-serialised JSON would not match) before trusting anything in it.
//
//   npx tsx examples/webhook-server.ts
//
// With WAVESPEED_API_KEY set, WaveSpeed must be able to reach the server: expose it (a tunnel or a
// public host) and set WEBHOOK_PUBLIC_URL to the https URL that forwards to it, e.g.
//   WEBHOOK_PUBLIC_URL=https://abc123.example-tunnel.dev/webhooks/wavespeed
// Without a key, the local simulator delivers signed webhooks to 127.0.0.1 directly.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Prediction, verifyWebhook, WebhookVerificationError } from 'wavespeed-sdk';
import { connect } from './shared/connect.js';

const PATH = '/webhooks/wavespeed';
const PORT = Number(process.env.PORT ?? 0);

/** The body exactly as it arrived: the signature covers these bytes. */
async function rawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const { client, close } = await connect();

// The signing secret belongs to your account; fetch it once at start-up (or store it in your
// secret manager) rather than on every delivery.
const secret = await client.webhooks.secret();

// Deliveries are matched to the jobs this process is waiting for. A real service would look the
// id up in its database and enqueue the follow-up work instead.
const waiting = new Map<string, (prediction: Prediction) => void>();

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== PATH) {
    response.writeHead(404).end();
    return;
  }
  try {
    const prediction = verifyWebhook({
      body: await rawBody(request),
      headers: request.headers,
      secret,
    });
    // Answer quickly with a 2xx; do slow work after responding. The same event can arrive more
    // than once (retries), so handle it idempotently: by prediction id.
    response.writeHead(204).end();
    console.log(`webhook: ${prediction.id} ${prediction.status}`);
    waiting.get(prediction.id)?.(prediction);
  } catch (error) {
    // Forged, tampered or replayed (timestamp older than 5 minutes): reject, never process.
    const status = error instanceof WebhookVerificationError ? 400 : 500;
    response.writeHead(status).end();
    console.error(
      `webhook rejected (${status}): ${error instanceof Error ? error.message : error}`,
    );
  }
});

await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
console.log(`listening on ${local}`);

try {
  const webhook = process.env.WEBHOOK_PUBLIC_URL ?? local;
  if (process.env.WAVESPEED_API_KEY && !process.env.WEBHOOK_PUBLIC_URL) {
    throw new Error('Set WEBHOOK_PUBLIC_URL to a public https URL that forwards to this server.');
  }

  const submitted = await client.predictions.submit(
    'wavespeed-ai/flux-dev',
    { prompt: 'A paper boat on a rainy street, macro photo' },
    { webhook },
  );
  console.log(`submitted ${submitted.id}; waiting for the webhook…`);

  // A webhook can be lost (your server was down, a network blip): keep a fallback. Here, after
  // a deadline, ask the API directly; a production service would run a periodic sweep of jobs
  // that never got their webhook.
  const delivered = new Promise<Prediction>((resolve) => waiting.set(submitted.id, resolve));
  let timer: NodeJS.Timeout | undefined;
  const fallback = new Promise<Prediction>((resolve, reject) => {
    timer = setTimeout(
      () => client.predictions.get(submitted.id).then(resolve, reject),
      5 * 60_000,
    );
  });
  const prediction = await Promise.race([delivered, fallback]).finally(() => clearTimeout(timer));

  console.log(
    `${prediction.id} ${prediction.status}: ${prediction.outputs.join(', ') || prediction.error}`,
  );
} finally {
  server.close();
  await close();
}
