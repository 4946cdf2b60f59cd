// `client.files.upload()` of a small file on disk through the presigned-URL flow.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveSpeedClient } from 'wavespeed-sdk';
import { createSimulator } from 'wavespeed-sdk/testing';

const dir = await mkdtemp(join(tmpdir(), 'wavespeed-matrix-upload-'));
const sim = await createSimulator({ speed: 50, seed: 7 });
try {
  const bytes = new Uint8Array(256 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 251;
  const path = join(dir, 'pixel.png');
  await writeFile(path, bytes);

  const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
  const result = await client.files.upload(path);
  assert.match(result.url, /^https?:\/\//, 'upload() returned no URL');

  const [stored] = sim.state.uploads;
  assert.ok(stored, 'the simulator received no upload');
  assert.equal(stored.receivedBytes, bytes.length, 'the stored size differs');
  assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'), 'bytes differ');
  const leaked = sim.state.requests.some((r) => r.origin === 'storage' && r.headers.authorization);
  assert.ok(!leaked, 'the API key was sent to the storage origin');
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
console.log('ok');
