import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { api } from '../fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

interface Ticket {
  type: string;
  filename: string;
  size: number;
  download_url: string;
  upload: { method: string; url: string; headers: Record<string, string> };
}

async function ticket(body: Record<string, unknown>): Promise<Ticket> {
  return api(sim).data<Ticket>('/api/v3/media/uploads', body);
}

function put(
  t: Ticket,
  body: BodyInit,
  headers: Record<string, string> = t.upload.headers,
): Promise<Response> {
  return fetch(t.upload.url, { method: 'PUT', headers, body });
}

describe('ticket flow', () => {
  it('issues a presigned PUT on the storage origin and serves the file back', async () => {
    sim = await createSimulator({ seed: 1 });
    const t = await ticket({ filename: 'cat.png', size: 5, content_type: 'image/png' });
    expect(t).toMatchObject({ type: 'image', filename: 'cat.png', size: 5 });
    expect(t.upload.method).toBe('PUT');
    expect(t.upload.headers).toEqual({ 'Content-Type': 'image/png' });
    expect(t.upload.url.startsWith(`${sim.storageUrl}/uploads/`)).toBe(true);
    expect(new URL(t.upload.url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(t.download_url.startsWith(sim.storageUrl)).toBe(true);
    expect((await fetch(t.download_url)).status).toBe(404);
    expect(sim.state.uploads[0]).toMatchObject({ status: 'pending', flow: 'ticket' });

    const res = await put(t, 'hello');
    expect(res.status).toBe(200);
    const download = await fetch(t.download_url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(await download.text()).toBe('hello');
    expect(sim.state.uploads[0]).toMatchObject({
      status: 'uploaded',
      receivedBytes: 5,
      sha256: createHash('sha256').update('hello').digest('hex'),
    });
    const storage = sim.state.requests.filter((r) => r.origin === 'storage');
    expect(storage.map((r) => r.route)).toEqual(['download', 'upload-put', 'download']);
    expect(storage.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('defaults the content type from the extension', async () => {
    sim = await createSimulator();
    const t = await ticket({ filename: 'clip.MOV', size: 1 });
    expect(t.type).toBe('video');
    expect(t.upload.headers['Content-Type']).toBe('video/quicktime');
  });

  it('rejects an Authorization header on the storage origin', async () => {
    sim = await createSimulator();
    const t = await ticket({ filename: 'a.wav', size: 3 });
    const res = await put(t, 'abc', { ...t.upload.headers, authorization: `Bearer ${sim.apiKey}` });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<Code>InvalidArgument<\/Code>/);
    expect(sim.state.uploads[0]?.status).toBe('pending');
    const get = await fetch(t.download_url, { headers: { authorization: `Bearer ${sim.apiKey}` } });
    expect(get.status).toBe(400);
  });

  it('rejects a wrong signature, a wrong content type and an expired URL with 403', async () => {
    sim = await createSimulator({ uploadUrlTtlMs: 50 });
    const t = await ticket({ filename: 'a.png', size: 3 });
    const tampered = new URL(t.upload.url);
    tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const bad = await fetch(tampered, { method: 'PUT', headers: t.upload.headers, body: 'abc' });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toMatch(/SignatureDoesNotMatch/);
    const unsigned = new URL(t.upload.url);
    unsigned.search = '';
    expect(
      (await fetch(unsigned, { method: 'PUT', headers: t.upload.headers, body: 'abc' })).status,
    ).toBe(403);
    const wrongType = await put(t, 'abc', { 'Content-Type': 'image/jpeg' });
    expect(wrongType.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const expired = await put(t, 'abc');
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/Request has expired/);
  });

  it('requires exactly the ticket size', async () => {
    sim = await createSimulator();
    const t = await ticket({ filename: 'a.png', size: 4 });
    const short = await put(t, 'abc');
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/IncompleteBody/);
    const long = await put(t, 'abcde');
    expect(long.status).toBe(400);
    expect(await long.text()).toMatch(/EntityTooLarge/);
    expect((await put(t, 'abcd')).status).toBe(200);
  });

  it('streams big uploads, keeping only a prefix in memory', async () => {
    sim = await createSimulator();
    const size = 5 * 1024 * 1024 + 7;
    const bytes = Buffer.alloc(size, 7);
    bytes.write('tail', size - 4);
    const t = await ticket({ filename: 'big.zip', size });
    expect(t.type).toBe('file');
    expect((await put(t, bytes)).status).toBe(200);
    const [upload] = sim.state.uploads;
    expect(upload?.receivedBytes).toBe(size);
    expect(upload?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const download = await fetch(t.download_url);
    expect(download.headers.get('x-simulator-truncated')).toBe('true');
    expect((await download.arrayBuffer()).byteLength).toBe(1024 * 1024);
  });

  it('receives a 256 MiB streamed PUT without buffering it', async () => {
    sim = await createSimulator();
    const size = 256 * 1024 * 1024;
    const t = await ticket({ filename: 'big.zip', size });
    const chunk = new Uint8Array(1024 * 1024).fill(1);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) {
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      const res = await fetch(t.upload.url, {
        method: 'PUT',
        headers: { ...t.upload.headers, 'content-length': String(size) },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(200);
    } finally {
      clearInterval(sampler);
    }
    expect(sim.state.uploads[0]?.receivedBytes).toBe(size);
    expect(peak - before).toBeLessThan(96 * 1024 * 1024);
  });

  it('takes up to 300 MB of any type by default and rejects unknown extensions', async () => {
    sim = await createSimulator();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ filename: 'a.png', size: 300 * 1024 * 1024 + 1 }, /limited to 300 MB/],
      [{ filename: 'a.mp4', size: 300 * 1024 * 1024 + 1 }, /limited to 300 MB/],
      [{ filename: 'a.mp3', size: 300 * 1024 * 1024 + 1 }, /limited to 300 MB/],
      [{ filename: 'a.glb', size: 300 * 1024 * 1024 + 1 }, /limited to 300 MB/],
      [{ filename: 'run.exe', size: 10 }, /Unsupported file type/],
      [{ filename: 'noext', size: 10 }, /Unsupported file type/],
      [{ filename: 'a.png' }, /'size'/],
      [{ size: 1 }, /'filename'/],
    ];
    for (const [body, message] of cases) {
      const res = await api(sim).post('/api/v3/media/uploads', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    for (const filename of ['a.png', 'a.mp4', 'a.mp3']) {
      const ok = await api(sim).post('/api/v3/media/uploads', { filename, size: 150 * 1024 ** 2 });
      expect(ok.status, filename).toBe(200);
    }
  });
});

describe('upload limits option', () => {
  it('raises or lowers limits per type (e.g. the unconfirmed image 20, video 100, audio 50 MB)', async () => {
    sim = await createSimulator({
      uploadLimits: { file: 2 * 1024 ** 3, image: 10, video: 100 * 1024 ** 2 },
    });
    const huge = await api(sim).post('/api/v3/media/uploads', {
      filename: 'a.bin.zip',
      size: 1024 ** 3,
    });
    expect(huge.status).toBe(200);
    const small = await api(sim).post('/api/v3/media/uploads', { filename: 'a.png', size: 11 });
    expect(small.status).toBe(400);
    expect(((await small.json()) as { message: string }).message).toMatch(/limited to 10 bytes/);
    expect(
      (
        await api(sim).post('/api/v3/media/uploads', {
          filename: 'a.mp4',
          size: 100 * 1024 * 1024 + 1,
        })
      ).status,
    ).toBe(400);
  });
});

describe('multipart binary flow', () => {
  it('accepts a multipart file field and serves it back', async () => {
    sim = await createSimulator();
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob(['RIFF-fake-wav'], { type: 'audio/wav' }), 'voice.wav');
    const res = await fetch(`${sim.url}/api/v3/media/upload/binary`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ type: 'audio', filename: 'voice.wav', size: 13 });
    const download = await fetch(String(data.download_url));
    expect(download.headers.get('content-type')).toBe('audio/wav');
    expect(await download.text()).toBe('RIFF-fake-wav');
    expect(sim.state.uploads[0]).toMatchObject({ flow: 'binary', status: 'uploaded', size: 13 });
  });

  it('rejects files over the limit, unknown types, missing fields and non-multipart bodies', async () => {
    sim = await createSimulator({ uploadLimits: { image: 20 * 1024 * 1024 } });
    const send = (form: FormData | string): Promise<Response> =>
      fetch(`${sim.url}/api/v3/media/upload/binary`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.apiKey}` },
        body: form,
      });
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(20 * 1024 * 1024 + 1)]), 'huge.png');
    const tooBig = await send(big);
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { message: string }).message).toMatch(/limited to 20 MB/);
    const exe = new FormData();
    exe.append('file', new Blob(['x']), 'tool.exe');
    expect((await send(exe)).status).toBe(400);
    const noFile = new FormData();
    noFile.append('other', 'x');
    const missing = await send(noFile);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/"file"/);
    expect((await send('plain text')).status).toBe(400);
    expect(sim.state.uploads).toHaveLength(0);
  });
});
