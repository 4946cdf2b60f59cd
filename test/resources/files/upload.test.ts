import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readlink, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientOptions, resolveConfig } from '../../../src/core/config.js';
import {
  RequestTimeoutError,
  ServerError,
  ValidationError,
  WaveSpeedError,
} from '../../../src/core/errors.js';
import { HttpClient } from '../../../src/core/http.js';
import { createLogger } from '../../../src/core/logger.js';
import { Files } from '../../../src/resources/files/index.js';
import { uploadInputFiles } from '../../../src/resources/files/input-files.js';
import type { UploadProgress } from '../../../src/resources/files/types.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';

const MiB = 1024 * 1024;

function srcUrl(file: string): string {
  return pathToFileURL(fileURLToPath(new URL(`../../../src/${file}`, import.meta.url))).href;
}

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await createSimulator({ speed: 100, seed: 7 });
  dir = await mkdtemp(join(tmpdir(), 'ws-files-'));
});

afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sim.clearFaults();
  sim.reset();
});

afterEach(() => {
  sim.clearFaults();
});

function makeFiles(options: ClientOptions = {}): Files {
  const { config, apiKey } = resolveConfig({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    logLevel: 'off',
    ...options,
  });
  return new Files({
    http: new HttpClient(config, apiKey),
    logger: createLogger({ level: 'off' }),
    maxRetries: config.maxRetries,
    stallTimeout: config.timeout,
  });
}

/** Deterministic, non-repeating bytes so a misplaced chunk changes the hash. */
function pattern(size: number, seed = 1): Buffer<ArrayBuffer> {
  const bytes = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(size: number, seed = 1): Buffer<ArrayBuffer> {
  const bytes = pattern(size, seed);
  PNG_MAGIC.copy(bytes);
  return bytes;
}

async function writeTemp(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

function storageRequests() {
  return sim.state.requests.filter((r) => r.origin === 'storage');
}

function routeCount(route: string): number {
  return sim.state.requests.filter((r) => r.route === route).length;
}

/** File descriptors of this process open on `path` (Linux /proc). */
async function openFdsFor(path: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    if ((await readlink(join('/proc/self/fd', fd)).catch(() => '')) === path) count++;
  }
  return count;
}

function webStreamOf(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

describe('files.upload: ticket + presigned PUT', () => {
  it('uploads a path and returns the download URL; the key never reaches storage', async () => {
    const bytes = png(300 * 1024);
    const path = await writeTemp('cat.png', bytes);
    const file = await makeFiles().upload(path);

    expect(file).toMatchObject({
      filename: 'cat.png',
      size: bytes.byteLength,
      contentType: 'image/png',
      type: 'image',
    });
    const [stored] = sim.state.uploads;
    expect(stored).toMatchObject({ flow: 'ticket', status: 'uploaded', sha256: sha256(bytes) });
    expect(file.url).toBe(stored?.downloadUrl);

    const ticket = sim.state.requests.find((r) => r.route === 'upload-ticket');
    expect(ticket?.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
    const puts = storageRequests().filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200);
    expect(puts[0]?.headers['content-type']).toBe('image/png');
    expect(puts[0]?.headers['content-length']).toBe(String(bytes.byteLength));
    expect(storageRequests().every((r) => r.headers.authorization === undefined)).toBe(true);

    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    const head = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(head).equals(bytes.subarray(0, head.byteLength))).toBe(true);
  });

  it.each([
    [
      'file: URL',
      async (bytes: Buffer<ArrayBuffer>) => pathToFileURL(await writeTemp('u.png', bytes)),
    ],
    ['Blob', async (bytes: Buffer<ArrayBuffer>) => new Blob([bytes], { type: 'image/png' })],
    ['File', async (bytes: Buffer<ArrayBuffer>) => new File([bytes], 'f.png')],
    ['Buffer', async (bytes: Buffer<ArrayBuffer>) => bytes],
    ['Uint8Array', async (bytes: Buffer<ArrayBuffer>) => new Uint8Array(bytes)],
    [
      'fs read stream',
      async (bytes: Buffer<ArrayBuffer>) => createReadStream(await writeTemp('s.png', bytes)),
    ],
  ])('uploads a %s through the ticket flow', async (_name, make) => {
    const bytes = png(200 * 1024, 3);
    const file = await makeFiles().upload(await make(bytes));
    expect(file).toMatchObject({ size: bytes.byteLength, contentType: 'image/png' });
    expect(file.filename).toMatch(/\.png$/);
    expect(sim.state.uploads).toHaveLength(1);
    expect(sim.state.uploads[0]).toMatchObject({ flow: 'ticket', sha256: sha256(bytes) });
    expect(file.url).toBe(sim.state.uploads[0]?.downloadUrl);
  });

  it('uses the filename and content type options', async () => {
    const file = await makeFiles().upload(Buffer.from('not really a video'), {
      filename: 'clip.mp4',
      contentType: 'video/mp4',
    });
    expect(file).toMatchObject({ filename: 'clip.mp4', contentType: 'video/mp4', type: 'video' });
    expect(sim.state.uploads[0]).toMatchObject({ filename: 'clip.mp4', contentType: 'video/mp4' });
  });

  it('uploads an empty file', async () => {
    const path = await writeTemp('empty.txt', new Uint8Array());
    const events: UploadProgress[] = [];
    const file = await makeFiles().upload(path, { onProgress: (p) => events.push(p) });
    expect(file).toMatchObject({ size: 0, contentType: 'text/plain' });
    expect(sim.state.uploads[0]).toMatchObject({ status: 'uploaded', receivedBytes: 0 });
    expect(events).toEqual([{ loaded: 0, total: 0 }]);
  });

  it('rejects a malformed ticket with a typed error and sends nothing to storage', async () => {
    sim.inject({
      route: 'upload-ticket',
      status: 200,
      body: { code: 200, message: 'success', data: { filename: 'a.png' } },
    });
    await expect(makeFiles().upload(png(100))).rejects.toThrow(ServerError);
    await expect(makeFiles().upload(png(100))).resolves.toMatchObject({ size: 100 });
    expect(storageRequests()).toHaveLength(1);
  });

  it('retries the ticket request and a failed PUT of a re-readable source', async () => {
    const bytes = png(150 * 1024, 5);
    sim.inject({ route: 'upload-ticket', status: 503 });
    sim.inject({ route: 'upload-put', status: 500 });
    const file = await makeFiles().upload(await writeTemp('retry.png', bytes));
    expect(file.size).toBe(bytes.byteLength);
    expect(routeCount('upload-ticket')).toBe(2);
    expect(routeCount('upload-put')).toBe(2);
    const stored = sim.state.uploads.filter((u) => u.status === 'uploaded');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.sha256).toBe(sha256(bytes));
  });

  it('does not retry the PUT of a one-shot stream', async () => {
    const path = await writeTemp('once.png', png(100 * 1024));
    sim.inject({ route: 'upload-put', status: 503 });
    const error = await makeFiles()
      .upload(createReadStream(path))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toMatch(/Storage rejected the upload/);
    expect(routeCount('upload-put')).toBe(1);
    expect(await openFdsFor(path)).toBe(0);
  });

  it('times out a send that stalls, instead of hanging', async () => {
    // Storage would take a minute to answer; the stall watchdog (200 ms) must end it long before.
    sim.inject({ route: 'upload-put', delayMs: 60_000 });
    const started = Date.now();
    const error = await makeFiles({ timeout: 200, maxRetries: 0 })
      .upload(png(64 * 1024))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/stalled/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('files.upload: multipart', () => {
  it('falls back to the multipart endpoint when the ticket endpoint answers 404', async () => {
    const bytes = png(120 * 1024, 9);
    sim.inject({ route: 'upload-ticket', status: 404 });
    const path = await writeTemp('old.png', bytes);
    const file = await makeFiles().upload(path);
    expect(sim.state.uploads).toHaveLength(1);
    expect(sim.state.uploads[0]).toMatchObject({
      flow: 'binary',
      filename: 'old.png',
      sha256: sha256(bytes),
    });
    expect(file).toMatchObject({ url: sim.state.uploads[0]?.downloadUrl, size: bytes.byteLength });
    const binary = sim.state.requests.find((r) => r.route === 'upload-binary');
    // The size was known, so the multipart body went with an exact Content-Length.
    expect(Number(binary?.headers['content-length'])).toBe(binary?.bodyBytes);
    expect(binary?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(storageRequests()).toHaveLength(0);
  });

  it('falls back on 405 too', async () => {
    sim.inject({ route: 'upload-ticket', status: 405 });
    await makeFiles().upload(new Blob([png(1000)], { type: 'image/png' }));
    expect(sim.state.uploads[0]?.flow).toBe('binary');
  });

  it('sends a web stream of unknown size as a chunked multipart upload', async () => {
    const bytes = pattern(700 * 1024, 11);
    const file = await makeFiles().upload(webStreamOf(bytes), { filename: 'song.mp3' });
    expect(file).toMatchObject({ size: bytes.byteLength, filename: 'song.mp3', type: 'audio' });
    expect(sim.state.uploads[0]).toMatchObject({ flow: 'binary', sha256: sha256(bytes) });
    expect(routeCount('upload-ticket')).toBe(0);
    const binary = sim.state.requests.find((r) => r.route === 'upload-binary');
    expect(binary?.headers['transfer-encoding']).toBe('chunked');
  });

  it('sends a Node Readable of unknown size', async () => {
    const bytes = pattern(300 * 1024, 13);
    const chunks = Array.from({ length: 10 }, (_, i) =>
      bytes.subarray(i * 30 * 1024, (i + 1) * 30 * 1024),
    );
    const file = await makeFiles().upload(Readable.from(chunks), { filename: 'voice.wav' });
    expect(file.size).toBe(bytes.byteLength);
    expect(sim.state.uploads[0]).toMatchObject({ flow: 'binary', sha256: sha256(bytes) });
  });

  it('stops a stream at the size cap (maxBytes) with a typed error and aborts the request', async () => {
    let produced = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024));
      },
    });
    const error = await makeFiles()
      .upload(endless, { filename: 'huge.png', maxBytes: 20 * MiB })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/more than 20 MB, over the maxBytes you set/);
    expect(produced).toBeLessThan(22 * MiB);
    expect(sim.state.uploads).toHaveLength(0);
  });

  it('does not retry a multipart upload of a stream', async () => {
    sim.inject({ route: 'upload-binary', status: 502 });
    await expect(
      makeFiles().upload(webStreamOf(pattern(10_000)), { filename: 'a.png' }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(routeCount('upload-binary')).toBe(1);
  });
});

describe('files.upload: checks before sending', () => {
  it('refuses only files over 300 MB or over maxBytes, with zero requests sent', async () => {
    const other = join(dir, 'big.zip');
    await writeFile(other, '');
    await truncate(other, 300 * MiB + 1);
    const error = await makeFiles()
      .upload(other)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(other);
    expect((error as Error).message).toMatch(/over the 300 MB upload limit.*URL/s);

    const image = join(dir, 'big.png');
    await writeFile(image, '');
    await truncate(image, 2 * MiB);
    await expect(makeFiles().upload(image, { maxBytes: MiB })).rejects.toThrow(
      /over the maxBytes you set/,
    );
    await expect(makeFiles().upload(image, { maxBytes: 0 })).rejects.toThrow(/maxBytes/);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('sends a 150 MB video, over the unconfirmed 100 MB per-type size, with a warning', async () => {
    const video = join(dir, 'long.mp4');
    await writeFile(video, '');
    await truncate(video, 150 * MiB);
    const warnings: string[] = [];
    const { config, apiKey } = resolveConfig({ apiKey: sim.apiKey, baseUrl: sim.url });
    const files = new Files({
      http: new HttpClient(config, apiKey),
      logger: createLogger({
        level: 'warn',
        logger: {
          debug() {},
          info() {},
          warn: (message) => warnings.push(message),
          error() {},
        },
      }),
      maxRetries: 0,
      stallTimeout: config.timeout,
    });
    const file = await files.upload(video);
    expect(file.size).toBe(150 * MiB);
    expect(sim.state.uploads.at(-1)).toMatchObject({ size: 150 * MiB });
    expect(warnings.join('\n')).toMatch(/long\.mp4 is 150 MB, over the 100 MB.*unconfirmed/);
  });

  it('names a missing path and refuses a directory, with zero requests', async () => {
    const missing = join(dir, 'missing.png');
    const error = await makeFiles()
      .upload(missing)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/check the path/i);
    const folder = join(dir, 'folder');
    await mkdir(folder, { recursive: true });
    await expect(makeFiles().upload(folder)).rejects.toThrow(/is a directory/);
    expect(sim.state.requests).toHaveLength(0);
  });

  it('rejects an already aborted signal without a request', async () => {
    const reason = new Error('not now');
    await expect(makeFiles().upload(png(10), { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(sim.state.requests).toHaveLength(0);
  });

  it('needs an API key for the ticket', async () => {
    const { config } = resolveConfig({ baseUrl: sim.url, logLevel: 'off', apiKey: undefined });
    const files = new Files({
      http: new HttpClient(config, undefined),
      logger: createLogger({ level: 'off' }),
      maxRetries: config.maxRetries,
      stallTimeout: config.timeout,
    });
    await expect(files.upload(png(10))).rejects.toThrow(/No API key/);
    expect(sim.state.requests).toHaveLength(0);
  });
});

describe('files.upload: progress and abort', () => {
  it('reports monotonic progress that ends at the file size', async () => {
    const bytes = png(3 * MiB, 17);
    const path = await writeTemp('progress.png', bytes);
    const events: UploadProgress[] = [];
    await makeFiles().upload(path, { onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]).toEqual({ loaded: 0, total: bytes.byteLength });
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.loaded).toBeGreaterThan(events[i - 1]?.loaded ?? 0);
      expect(events[i]?.total).toBe(bytes.byteLength);
    }
    expect(events.at(-1)).toEqual({ loaded: bytes.byteLength, total: bytes.byteLength });
  });

  it('keeps progress monotonic across a retried PUT', async () => {
    sim.inject({ route: 'upload-put', status: 500 });
    const bytes = png(MiB, 19);
    const events: UploadProgress[] = [];
    await makeFiles().upload(bytes, { onProgress: (p) => events.push(p) });
    const loaded = events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(new Set(loaded).size).toBe(loaded.length);
    expect(loaded.at(-1)).toBe(bytes.byteLength);
  });

  it('reports progress without a total for a stream', async () => {
    const bytes = pattern(MiB, 23);
    const events: UploadProgress[] = [];
    await makeFiles().upload(webStreamOf(bytes), {
      filename: 'x.png',
      onProgress: (p) => events.push(p),
    });
    expect(events.every((e) => e.total === undefined)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: bytes.byteLength });
  });

  it('aborts mid-upload promptly and closes the file', async () => {
    const path = join(dir, 'abort.zip');
    await writeFile(path, '');
    await truncate(path, 150 * MiB);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await makeFiles()
      .upload(path, {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          if (loaded > 4 * MiB) controller.abort(reason);
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(await openFdsFor(path)).toBe(0);
    expect(sim.state.uploads.every((u) => u.status === 'pending')).toBe(true);
  });

  it('aborts while waiting for the ticket', async () => {
    // The ticket would take a minute; the abort must end the wait long before.
    sim.inject({ route: 'upload-ticket', delayMs: 60_000 });
    const controller = new AbortController();
    const pending = makeFiles().upload(png(100), { signal: controller.signal });
    const reason = new Error('stop');
    setImmediate(() => controller.abort(reason));
    const started = Date.now();
    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('streams a large file with bounded memory', async () => {
    const size = 290 * MiB;
    const path = join(dir, 'large.zip');
    await writeFile(path, '');
    await truncate(path, size);
    // Measured in a child process so the simulator's own buffers (this process) do not count.
    const script = `
      const { WaveSpeedClient } = await import(${JSON.stringify(srcUrl('client.ts'))});
      const client = new WaveSpeedClient({ apiKey: process.env.KEY, baseUrl: process.env.URL });
      // A first small upload loads fetch's internals, a one-off cost unrelated to file size.
      await client.files.upload(new Blob(['warm-up'], { type: 'image/png' }));
      const before = process.memoryUsage.rss();
      let peak = before;
      const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
      const timer = setInterval(sample, 5);
      const file = await client.files.upload(process.env.FILE, { onProgress: sample });
      clearInterval(timer);
      console.log(JSON.stringify({ size: file.size, growth: peak - before }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, KEY: sim.apiKey, URL: sim.url, FILE: path } },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      size: number;
      growth: number;
    };
    expect(result.size).toBe(size);
    const stored = sim.state.uploads.find((u) => u.filename === 'large.zip');
    expect(stored).toMatchObject({ status: 'uploaded', receivedBytes: size });
    expect(result.growth).toBeLessThan(64 * MiB);
  });
});

describe('uploadInputFiles with files.upload', () => {
  it('uploads the same Blob once and substitutes its URL everywhere', async () => {
    const files = makeFiles();
    const blob = new Blob([png(2000)], { type: 'image/png' });
    const input = { image: blob, refs: [blob, { mask: blob }], prompt: './not-a-path.png' };
    const out = await uploadInputFiles(input, (file, { signal }) =>
      files.upload(file, signal ? { signal } : {}),
    );
    expect(sim.state.uploads).toHaveLength(1);
    const url = sim.state.uploads[0]?.downloadUrl;
    expect(out).toEqual({ image: url, refs: [url, { mask: url }], prompt: './not-a-path.png' });
  });

  it('surfaces a typed error for a missing file: URL', async () => {
    const files = makeFiles();
    const error = await uploadInputFiles({ image: pathToFileURL(join(dir, 'gone.png')) }, (f, o) =>
      files.upload(f, o.signal ? { signal: o.signal } : {}),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaveSpeedError);
    expect(error).toBeInstanceOf(ValidationError);
  });
});
