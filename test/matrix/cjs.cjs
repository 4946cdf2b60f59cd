// CommonJS entry points: `require` of the package and of `wavespeed-sdk/testing` (the CJS build
// bundles the ESM-only dependencies, so this must work without `import()`).
const assert = require('node:assert/strict');
const sdk = require('wavespeed-sdk');
const testing = require('wavespeed-sdk/testing');

assert.equal(typeof sdk.WaveSpeedClient, 'function', 'wavespeed-sdk exports no WaveSpeedClient');
assert.equal(typeof sdk.WaveSpeedError, 'function', 'wavespeed-sdk exports no WaveSpeedError');
assert.equal(
  typeof testing.createSimulator,
  'function',
  'wavespeed-sdk/testing exports no createSimulator',
);

const client = new sdk.WaveSpeedClient({ apiKey: 'wsk_test_matrix' });
assert.equal(typeof client.run, 'function');
console.log('ok');
