// ESM entry points: `import` of the package and of `wavespeed-sdk/testing` from the installed tarball.
import assert from 'node:assert/strict';
import * as sdk from 'wavespeed-sdk';
import * as testing from 'wavespeed-sdk/testing';

assert.equal(typeof sdk.WaveSpeedClient, 'function', 'wavespeed-sdk exports no WaveSpeedClient');
assert.equal(typeof sdk.WaveSpeedError, 'function', 'wavespeed-sdk exports no WaveSpeedError');
assert.equal(typeof sdk.verifyWebhook, 'function', 'wavespeed-sdk exports no verifyWebhook');
assert.equal(
  typeof testing.createSimulator,
  'function',
  'wavespeed-sdk/testing exports no createSimulator',
);

// The key is read when a client is made, not at import, and a missing key does not throw here.
const client = new sdk.WaveSpeedClient({ apiKey: 'wsk_test_matrix' });
assert.equal(typeof client.run, 'function');
console.log('ok');
