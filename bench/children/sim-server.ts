// A simulator in its own process for the bench (see startSimProcess in ../lib/child.ts).
// argv[2]: JSON simulator options. Prints {url, apiKey}, then answers one JSON line per command
// read on stdin (`stats`, `reset`) and closes when stdin ends.
import { createInterface } from 'node:readline';
import { loadTesting } from '../lib/load.js';

const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const { createSimulator } = await loadTesting();
const sim = await createSimulator({ seed: 1, ...options });
process.stdout.write(`${JSON.stringify({ url: sim.url, apiKey: sim.apiKey })}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (command) => {
  if (command === 'reset') {
    sim.reset();
    process.stdout.write('{}\n');
    return;
  }
  const state = sim.state;
  const requests: Record<string, number> = {};
  for (const request of state.requests)
    requests[request.route] = (requests[request.route] ?? 0) + 1;
  const completed = state.jobs.filter((job) => job.status === 'completed').length;
  // When each job was first looked at, to tell how long a client leaves a job unpolled.
  const firstPoll = new Map<string, number>();
  for (const request of state.requests) {
    if (request.route !== 'result') continue;
    const id = /\/predictions\/([^/]+)/.exec(request.path)?.[1];
    if (id && !firstPoll.has(id)) firstPoll.set(id, request.at);
  }
  let sum = 0;
  let polled = 0;
  for (const job of state.jobs) {
    const at = firstPoll.get(job.id);
    if (at === undefined) continue;
    sum += at - job.createdAt;
    polled++;
  }
  const firstPollMs = polled > 0 ? sum / polled : null;
  process.stdout.write(
    `${JSON.stringify({ jobs: state.jobs.length, completed, requests, firstPollMs })}\n`,
  );
});
lines.on('close', () => {
  void sim.close().then(() => process.exit(0));
});
