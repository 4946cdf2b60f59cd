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
  process.stdout.write(`${JSON.stringify({ jobs: state.jobs.length, completed, requests })}\n`);
});
lines.on('close', () => {
  void sim.close().then(() => process.exit(0));
});
