// Many workers, one account: two BullMQ workers share the account's rate tier while a producer
// enqueues 20 jobs and follows them to the end. In production each worker is its own process
// (or machine): `wavespeed worker --redis <url> --tier concurrency=2,perMinute=10`.
//
//   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/bullmq-workers.ts
//
// Needs a Redis server (`apt-get install redis-server`, `brew install redis`, or
// `docker run -p 6379:6379 redis`) and the optional peers: `npm i bullmq@6 ioredis@5`.
// Uses the real API when WAVESPEED_API_KEY is set (20 images cost real money), otherwise a local
// simulator with the default tier's limits (2 jobs at a time).
import { Socket } from 'node:net';
import { addBatch, createQueue, createWorker, followBatch } from 'wavespeed-sdk/bullmq';
import { connect } from './shared/connect.js';

const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const connection = { host: redis.hostname, port: Number(redis.port || 6379) };

/** Whether something answers on the Redis port (BullMQ would otherwise retry forever). */
function reachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(connection.port, connection.host);
  });
}

if (!(await reachable())) {
  console.error(
    `No Redis at ${redis.host}. Start one (apt-get install redis-server, brew install redis, ` +
      'or docker run -p 6379:6379 redis) or set REDIS_URL.',
  );
  process.exit(1);
}

const { client, close } = await connect({}, { tier: { concurrency: 2, perMinute: 60 } });
const name = `example-${process.pid}`;
const queue = createQueue({ connection, name });
// Two workers of concurrency 4 each; the tier (set on the queue in Redis) caps them together.
const workers = await Promise.all(
  [1, 2].map(() =>
    createWorker({
      connection,
      name,
      client,
      concurrency: 4,
      tier: { concurrency: 2, perMinute: 60 },
    }),
  ),
);
try {
  const jobs = Array.from({ length: 20 }, (_, i) => ({
    key: `shot-${i + 1}`,
    model: 'wavespeed-ai/flux-dev',
    input: { prompt: `a paper boat on a pond, shot ${i + 1}` },
  }));
  const { added, keys } = await addBatch(queue, jobs);
  console.log(`queued ${added} job(s) on "${name}"`);
  let done = 0;
  for await (const job of followBatch(queue, keys)) {
    done += 1;
    if (job.status === 'completed') console.log(`${done}/20 ${job.key}: ${job.result.outputs[0]}`);
    else console.log(`${done}/20 ${job.key} failed: ${job.reason}`);
  }
  console.log('all 20 jobs finished');
} finally {
  await Promise.all(workers.map((worker) => worker.close()));
  await queue.obliterate({ force: true });
  await queue.close();
  await close();
}
