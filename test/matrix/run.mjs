// A full `client.run()` against the simulator shipped in the installed package.
import assert from 'node:assert/strict';
import { WaveSpeedClient } from 'wavespeed-sdk';
import { createSimulator } from 'wavespeed-sdk/testing';

const sim = await createSimulator({ speed: 50, seed: 7 });
try {
  const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
  const outputs = await client.run('wavespeed-ai/flux-dev', { prompt: 'a lighthouse at dawn' });
  assert.ok(Array.isArray(outputs) && outputs.length > 0, 'run() returned no outputs');
  for (const url of outputs) assert.match(url, /^https?:\/\//);

  const output = await fetch(outputs[0]);
  assert.equal(output.status, 200, 'the output URL does not download');
  await output.arrayBuffer();

  const jobs = sim.state.jobs;
  assert.equal(jobs.length, 1, `expected one job, the simulator saw ${jobs.length}`);
  assert.equal(jobs[0].status, 'completed');
} finally {
  await sim.close();
}
console.log('ok');
