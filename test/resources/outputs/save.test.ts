import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError } from '../../../src/core/errors.js';
import { saveOutputs } from '../../../src/resources/outputs/index.js';
import { extensionFor, safeStem } from '../../../src/resources/outputs/save.js';

describe('extensionFor', () => {
  it('prefers a known Content-Type, then the URL path, then bin', () => {
    expect(extensionFor('image/png', 'https://cdn/x')).toBe('png');
    expect(extensionFor('image/jpeg; charset=binary', 'https://cdn/x.png')).toBe('jpg');
    expect(extensionFor('video/mp4', 'https://cdn/x')).toBe('mp4');
    expect(extensionFor('audio/mpeg', 'https://cdn/x')).toBe('mp3');
    expect(extensionFor('model/gltf-binary', 'https://cdn/x')).toBe('glb');
    expect(extensionFor('application/octet-stream', 'https://cdn/a/0.WAV?X-Amz-Signature=1')).toBe(
      'wav',
    );
    expect(extensionFor(null, 'https://cdn/a/out.jpeg')).toBe('jpg');
    expect(extensionFor('', 'https://cdn/a/noext')).toBe('bin');
    expect(extensionFor(undefined, 'not a url.txt')).toBe('txt');
  });
});

describe('saveOutputs', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/missing') {
        res.writeHead(404).end('nope');
        return;
      }
      if (req.url === '/image') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50]));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('video bytes');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-download-'));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('names files <id>-<index>.<ext> and sends no Authorization header', async () => {
    const out = join(dir, 'nested', 'out');
    const paths = await saveOutputs(
      [`${base}/image`, `${base}/clip.mp4`, 'plain text answer', 'data:image/png;base64,iVA='],
      out,
      { name: 'abc' },
    );
    expect(paths).toEqual([
      join(out, 'abc-0.png'),
      join(out, 'abc-1.mp4'),
      join(out, 'abc-2.txt'),
      join(out, 'abc-3.png'),
    ]);
    expect([...(await readFile(paths[0] ?? ''))]).toEqual([0x89, 0x50]);
    expect(await readFile(paths[1] ?? '', 'utf8')).toBe('video bytes');
    expect(await readFile(paths[2] ?? '', 'utf8')).toBe('plain text answer');
    expect([...(await readFile(paths[3] ?? ''))]).toEqual([0x89, 0x50]);
    expect(seen.every((headers) => headers.authorization === undefined)).toBe(true);
  });

  it('fails with a DownloadError naming the prediction and leaves no partial file', async () => {
    const out = join(dir, 'failing');
    await expect(
      saveOutputs([`${base}/missing`], out, { name: 'def', predictionId: 'def' }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof DownloadError &&
        error.predictionId === 'def' &&
        error.message.includes('HTTP 404'),
    );
    expect(await readdir(out)).toEqual([]);
  });
});

describe('safeStem', () => {
  it('keeps names portable and never empty or hidden', () => {
    expect(safeStem('e6832d4a')).toBe('e6832d4a');
    expect(safeStem('shots/day 1:cat?')).toBe('shots_day_1_cat_');
    expect(safeStem('..')).toBe('_');
    expect(safeStem('')).toBe('output');
    expect(safeStem('x'.repeat(300))).toHaveLength(100);
  });
});
