import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  checkUploadSize,
  formatBytes,
  MAX_UPLOAD_BYTES,
  uploadLimit,
} from '../../../src/resources/files/limits.js';
import {
  contentTypeFromFilename,
  extensionForContentType,
  mediaKindOf,
  sniffContentType,
} from '../../../src/resources/files/mime.js';
import { nodeToWebStream, resolveUploadSource } from '../../../src/resources/files/source.js';
import { runUnprivileged } from '../../helpers/unprivileged.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const MiB = 1024 * 1024;

let dir: string;
let catPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ws-upload-source-'));
  catPath = join(dir, 'cat.png');
  await writeFile(catPath, PNG);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** File descriptors of this process that point at `path` (Linux /proc). */
async function openFdsFor(path: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(join('/proc/self/fd', fd)).catch(() => '');
    if (target === path) count++;
  }
  return count;
}

describe('resolveUploadSource: paths and file: URLs', () => {
  it('stats a path: size, name and type, without reading it', async () => {
    const file = await resolveUploadSource(catPath);
    expect(file).toMatchObject({
      kind: 'path',
      label: catPath,
      filename: 'cat.png',
      contentType: 'image/png',
      size: PNG.byteLength,
      replayable: true,
    });
    expect(await openFdsFor(catPath)).toBe(0);
    expect(await readAll(file.open())).toEqual(PNG);
    // Replayable: each open reads the file again.
    expect(await readAll(file.open())).toEqual(PNG);
  });

  it('resolves relative paths from the working directory and accepts file: URLs', async () => {
    const rel = relative(process.cwd(), catPath);
    expect((await resolveUploadSource(rel)).size).toBe(PNG.byteLength);
    const viaUrl = await resolveUploadSource(pathToFileURL(catPath));
    expect(viaUrl).toMatchObject({ kind: 'path', filename: 'cat.png', size: PNG.byteLength });
  });

  it('lets options override the name and type', async () => {
    const file = await resolveUploadSource(catPath, {
      filename: 'kitten.webp',
      contentType: 'image/webp',
    });
    expect(file).toMatchObject({ filename: 'kitten.webp', contentType: 'image/webp' });
  });

  it('names a missing file and says to check the path', async () => {
    const missing = join(dir, 'nope.png');
    const error = await resolveUploadSource(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/check the path/i);
    await expect(resolveUploadSource(join(catPath, 'child'))).rejects.toThrow(/not found/);
  });

  it('refuses directories and non-regular files', async () => {
    await expect(resolveUploadSource(dir)).rejects.toThrow(/is a directory/);
    await expect(resolveUploadSource('/dev/null')).rejects.toThrow(/not a regular file/);
    await expect(resolveUploadSource('')).rejects.toThrow(ValidationError);
  });

  it('refuses an unreadable file before any request', async () => {
    const locked = join(dir, 'locked.png');
    await writeFile(locked, PNG);
    await chmod(locked, 0o000);
    await chmod(dir, 0o755);
    // Root reads anything, so check it as an unprivileged user in a child process.
    const stdout = await runUnprivileged(
      fileURLToPath(new URL('../../../src/resources/files/source.ts', import.meta.url)),
      `import { resolveUploadSource } from './entry.mjs';
      await resolveUploadSource(${JSON.stringify(locked)}).then(() => console.log('ok'), (e) => console.log(e.name + ': ' + e.message));`,
    );
    expect(stdout).toMatch(/^ValidationError: Cannot read .*locked\.png: permission denied/);
  });

  it('rejects URLs that are not file: URLs', async () => {
    await expect(resolveUploadSource(new URL('https://example.com/a.png'))).rejects.toThrow(
      /Only file: URLs/,
    );
  });
});

describe('resolveUploadSource: in-memory sources', () => {
  it('takes a Blob type, a File name, or falls back to the extension', async () => {
    const typed = await resolveUploadSource(new Blob([PNG], { type: 'image/png' }));
    expect(typed).toMatchObject({ kind: 'blob', filename: 'file.png', contentType: 'image/png' });
    expect(typed.size).toBe(PNG.byteLength);
    expect(await readAll(typed.open())).toEqual(PNG);

    const file = await resolveUploadSource(new File([PNG], 'clip.mp4'));
    expect(file).toMatchObject({
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      label: 'clip.mp4',
    });

    const named = await resolveUploadSource(new Blob(['x']), { filename: 'song.mp3' });
    expect(named).toMatchObject({ filename: 'song.mp3', contentType: 'audio/mpeg' });

    const bare = await resolveUploadSource(new Blob(['x']));
    expect(bare).toMatchObject({ filename: 'file.bin', contentType: 'application/octet-stream' });
  });

  it('sniffs Buffers and streams them in slices without copying the whole', async () => {
    const big = Buffer.alloc(MiB + 5, 7);
    big.set(PNG);
    const file = await resolveUploadSource(big);
    expect(file).toMatchObject({
      kind: 'bytes',
      filename: 'file.png',
      contentType: 'image/png',
      size: big.byteLength,
      replayable: true,
    });
    const reader = file.open().getReader();
    const first = await reader.read();
    expect(first.value?.buffer).toBe(big.buffer);
    expect(first.value?.byteLength).toBeLessThan(big.byteLength);
    await reader.cancel();
    expect(Buffer.from(await readAll(file.open())).equals(big)).toBe(true);
  });

  it('treats a web stream as one-shot with unknown size', async () => {
    const stream = new Blob(['hello']).stream();
    const file = await resolveUploadSource(stream, { filename: 'a.wav' });
    expect(file).toMatchObject({
      kind: 'web-stream',
      size: undefined,
      replayable: false,
      contentType: 'audio/wav',
    });
    expect(new TextDecoder().decode(await readAll(file.open()))).toBe('hello');
    expect(() => file.open()).toThrow(/uploaded once/);
  });

  it('refuses a locked web stream', async () => {
    const stream = new Blob(['x']).stream();
    stream.getReader();
    await expect(resolveUploadSource(stream)).rejects.toThrow(/locked/);
  });

  it('reads a Node Readable, turning string chunks into bytes', async () => {
    const file = await resolveUploadSource(Readable.from(['ab', Buffer.from('cd')]));
    expect(file).toMatchObject({ kind: 'node-stream', size: undefined, replayable: false });
    expect(new TextDecoder().decode(await readAll(file.open()))).toBe('abcd');
  });

  it('knows the name and size of an fs read stream over the whole file', async () => {
    const whole = await resolveUploadSource(createReadStream(catPath));
    expect(whole).toMatchObject({ filename: 'cat.png', size: PNG.byteLength, label: catPath });
    expect(await readAll(whole.open())).toEqual(PNG);
    const part = createReadStream(catPath, { start: 2 });
    const partial = await resolveUploadSource(part);
    expect(partial.size).toBeUndefined();
    partial.discard();
    expect(part.destroyed).toBe(true);
  });

  it('rejects values it cannot upload', async () => {
    await expect(resolveUploadSource(42 as unknown as string)).rejects.toThrow(
      /Unsupported upload source/,
    );
    await expect(resolveUploadSource({} as unknown as string)).rejects.toThrow(ValidationError);
  });
});

describe('nodeToWebStream', () => {
  it('destroys the Node stream on abort, closing the file descriptor', async () => {
    const big = join(dir, 'big.bin');
    await writeFile(big, Buffer.alloc(4 * MiB));
    const node = createReadStream(big, { highWaterMark: 64 * 1024 });
    const closed = new Promise<void>((resolve) => node.once('close', () => resolve()));
    const ac = new AbortController();
    const reader = nodeToWebStream(node, ac.signal).getReader();
    await reader.read();
    expect(await openFdsFor(big)).toBe(1);
    ac.abort(new Error('stop'));
    await expect(reader.read()).rejects.toThrow('stop');
    await closed;
    expect(await openFdsFor(big)).toBe(0);
  });

  it('destroys the Node stream when the web stream is cancelled', async () => {
    const node = createReadStream(catPath);
    const closed = new Promise<void>((resolve) => node.once('close', () => resolve()));
    await nodeToWebStream(node).cancel();
    await closed;
    expect(node.destroyed).toBe(true);
  });

  it('closes the descriptor of a path source when its signal aborts', async () => {
    const big = join(dir, 'abort.bin');
    await writeFile(big, Buffer.alloc(2 * MiB));
    const file = await resolveUploadSource(big);
    const ac = new AbortController();
    const reader = file.open(ac.signal).getReader();
    await reader.read();
    ac.abort(new Error('cancelled'));
    await expect(reader.read()).rejects.toThrow('cancelled');
    await vi.waitFor(async () => expect(await openFdsFor(big)).toBe(0));
  });

  it('pulls on demand instead of reading ahead', async () => {
    let produced = 0;
    const node = new Readable({
      highWaterMark: 1,
      objectMode: true,
      read() {
        produced++;
        this.push(Buffer.alloc(1024));
      },
    });
    const reader = nodeToWebStream(node).getReader();
    await reader.read();
    await reader.read();
    // A couple of chunks of read-ahead from the Node side, never the whole (endless) stream.
    expect(produced).toBeLessThan(6);
    await reader.cancel();
  });
});

describe('content types and limits', () => {
  it('maps extensions, case-insensitively', () => {
    expect(contentTypeFromFilename('a.PNG')).toBe('image/png');
    expect(contentTypeFromFilename('a.jpeg')).toBe('image/jpeg');
    expect(contentTypeFromFilename('a.mov')).toBe('video/quicktime');
    expect(contentTypeFromFilename('a.opus')).toBe('audio/opus');
    expect(contentTypeFromFilename('mesh.glb')).toBe('model/gltf-binary');
    expect(contentTypeFromFilename('noext')).toBeUndefined();
    expect(contentTypeFromFilename('a.unknownext')).toBeUndefined();
    expect(extensionForContentType('image/jpeg')).toBe('jpg');
    expect(extensionForContentType('video/mp4; codecs=avc1')).toBe('mp4');
    expect(extensionForContentType('x/unknown')).toBe('bin');
  });

  it('sniffs common signatures', () => {
    const riff = (form: string) =>
      new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from(form)]);
    const ftyp = (brand: string) =>
      new Uint8Array([0, 0, 0, 24, ...Buffer.from('ftyp'), ...Buffer.from(brand)]);
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffContentType(riff('WEBP'))).toBe('image/webp');
    expect(sniffContentType(riff('WAVE'))).toBe('audio/wav');
    expect(sniffContentType(riff('AVI '))).toBe('video/x-msvideo');
    expect(sniffContentType(ftyp('isom'))).toBe('video/mp4');
    expect(sniffContentType(ftyp('qt  '))).toBe('video/quicktime');
    expect(sniffContentType(ftyp('M4A '))).toBe('audio/mp4');
    expect(sniffContentType(Buffer.from('ID3\u0003'))).toBe('audio/mpeg');
    expect(sniffContentType(Buffer.from('fLaC'))).toBe('audio/flac');
    expect(sniffContentType(Buffer.from('OggS'))).toBe('audio/ogg');
    expect(sniffContentType(Buffer.from('glTF'))).toBe('model/gltf-binary');
    expect(sniffContentType(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]))).toBe('video/webm');
    expect(sniffContentType(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(sniffContentType(new Uint8Array())).toBeUndefined();
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        const type = sniffContentType(bytes);
        return type === undefined || type.includes('/');
      }),
    );
  });

  it("refuses only over 300 MB or the caller's maxBytes; per-type sizes only warn", () => {
    expect(mediaKindOf('IMAGE/PNG')).toBe('image');
    expect(mediaKindOf('model/gltf-binary')).toBe('other');
    expect(MAX_UPLOAD_BYTES).toBe(300 * MiB);
    expect(uploadLimit()).toBe(300 * MiB);
    expect(uploadLimit(MiB)).toBe(MiB);
    expect(uploadLimit(400 * MiB)).toBe(300 * MiB);
    expect(checkUploadSize('cat.png', 20 * MiB, 'image/png')).toBeUndefined();
    expect(checkUploadSize('cat.png', 20 * MiB + 1, 'image/png')).toMatch(
      /cat\.png is 20\.0 MB, over the 20 MB one docs page lists for image uploads \(unconfirmed\)/,
    );
    expect(checkUploadSize('a.zip', 299 * MiB, 'application/zip')).toBeUndefined();
    const refused = (size: number, maxBytes?: number): Error | undefined => {
      try {
        checkUploadSize('clip.mp4', size, 'video/mp4', maxBytes);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    };
    const over = refused(300 * MiB + 1);
    expect(over).toBeInstanceOf(ValidationError);
    expect(over?.message).toMatch(
      /clip\.mp4 is 300 MB \(314572801 bytes\), over the 300 MB upload limit/,
    );
    expect(over?.message).toMatch(/URL/);
    expect(refused(2 * MiB, MiB)?.message).toMatch(/over the maxBytes you set/);
  });

  it('formats sizes for messages', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * MiB)).toBe('300 MB');
    expect(formatBytes(2.5 * 1024 * MiB)).toBe('2.5 GB');
  });
});
