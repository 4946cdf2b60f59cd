import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/core/errors.js';
import { loadPeer } from '../src/peer.js';

const spec = {
  name: 'wavespeed-missing-peer',
  install: 'npm i wavespeed-missing-peer@1',
  feature: 'wavespeed-sdk/x',
};

describe('loadPeer', () => {
  it('returns the module when the peer is installed', async () => {
    const ky = await loadPeer({ ...spec, name: 'ky' }, () => import('ky'));
    expect(typeof ky.default).toBe('function');
  });

  it('names the install command when the peer is missing, and tries again next time', async () => {
    const missing = () => import(/* @vite-ignore */ spec.name);
    const error = await loadPeer(spec, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('npm i wavespeed-missing-peer@1');
    expect((error as Error).message).toContain('wavespeed-sdk/x');
    await expect(loadPeer(spec, missing)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('passes on other failures unchanged', async () => {
    const boom = new Error('syntax error in the peer');
    await expect(loadPeer(spec, () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
