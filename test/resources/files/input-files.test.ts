import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  hasInputFiles,
  type InputFile,
  type InputFileUploader,
  uploadInputFiles,
} from '../../../src/resources/files/input-files.js';

/** An uploader that names each upload and records what it was given. */
function recorder() {
  const seen: InputFile[] = [];
  const upload: InputFileUploader = async (file) => {
    seen.push(file);
    return { url: `https://cdn.test/${seen.length}` };
  };
  return { seen, upload };
}

describe('hasInputFiles', () => {
  it('finds Blobs, bytes and file: URLs at any depth', () => {
    expect(hasInputFiles({ image: new Blob(['x']) })).toBe(true);
    expect(hasInputFiles({ a: [{ b: [Buffer.from('x')] }] })).toBe(true);
    expect(hasInputFiles({ a: new Uint8Array(2) })).toBe(true);
    expect(hasInputFiles([new URL('file:///tmp/a.png')])).toBe(true);
    expect(hasInputFiles(new File(['x'], 'a.png'))).toBe(true);
  });

  it('never treats strings, http URLs or class instances as files', () => {
    expect(hasInputFiles({ image: '/tmp/cat.png', url: 'file:///tmp/cat.png' })).toBe(false);
    expect(hasInputFiles({ image: new URL('https://example.com/a.png') })).toBe(false);
    expect(hasInputFiles({ when: new Date(), map: new Map([['k', new Blob(['x'])]]) })).toBe(false);
    expect(hasInputFiles(null)).toBe(false);
    expect(hasInputFiles(42)).toBe(false);
  });

  it('is false for every JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => !hasInputFiles(value)));
  });

  it('rejects circular input with a typed error instead of overflowing the stack', () => {
    const input: Record<string, unknown> = { prompt: 'x' };
    input.self = input;
    expect(() => hasInputFiles(input)).toThrow(ValidationError);
    expect(() => hasInputFiles(input)).toThrow(/circular/);
  });
});

describe('uploadInputFiles', () => {
  it('replaces files at any depth and leaves everything else as it was', async () => {
    const { upload, seen } = recorder();
    const blob = new Blob(['image']);
    const when = new Date(0);
    const input = {
      prompt: 'A cat at /tmp/cat.png',
      path: './cat.png',
      fileString: 'file:///tmp/cat.png',
      n: 3,
      flag: true,
      none: null,
      when,
      images: [blob, 'https://example.com/x.png', { mask: Buffer.from('mask') }],
      ref: new URL('https://example.com/ref.png'),
    };
    const out = await uploadInputFiles(input, upload);
    expect(seen).toHaveLength(2);
    expect(out).toEqual({
      prompt: 'A cat at /tmp/cat.png',
      path: './cat.png',
      fileString: 'file:///tmp/cat.png',
      n: 3,
      flag: true,
      none: null,
      when,
      images: ['https://cdn.test/1', 'https://example.com/x.png', { mask: 'https://cdn.test/2' }],
      ref: 'https://example.com/ref.png',
    });
    expect(out.when).toBe(when);
  });

  it('does not mutate the input', async () => {
    const { upload } = recorder();
    const blob = new Blob(['x']);
    const inner = { image: blob };
    const list = [inner];
    const input = { list, keep: { a: 1 } };
    const out = await uploadInputFiles(input, upload);
    expect(input.list).toBe(list);
    expect(list[0]).toBe(inner);
    expect(inner.image).toBe(blob);
    expect(out).not.toBe(input);
    expect(out.list).not.toBe(list);
    // Branches without files are shared rather than copied.
    expect(out.keep).toBe(input.keep);
  });

  it('returns the input itself when there is nothing to replace', async () => {
    const { upload, seen } = recorder();
    const input = { prompt: 'x', list: [1, 2, { a: 'b' }] };
    expect(await uploadInputFiles(input, upload)).toBe(input);
    expect(seen).toHaveLength(0);
  });

  it('uploads each distinct value once: same object, or same file: href', async () => {
    const { upload, seen } = recorder();
    const blob = new Blob(['x']);
    const bytes = Buffer.from('y');
    const input = {
      a: blob,
      b: blob,
      c: [blob, bytes, bytes],
      d: new URL('file:///tmp/a.png'),
      e: new URL('file:///tmp/a.png'),
      f: new Blob(['x']), // equal content, different object: its own upload
    };
    const out = await uploadInputFiles(input, upload);
    expect(seen).toHaveLength(4);
    expect(out.a).toBe(out.b);
    expect(out.c).toEqual([out.a, expect.any(String), out.c[1]]);
    expect(out.d).toBe(out.e);
    expect(out.f).not.toBe(out.a);
  });

  it('keeps "__proto__" as a plain key', async () => {
    const { upload } = recorder();
    const input = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as Record<string, unknown>;
    input.file = new Blob(['x']);
    const out = (await uploadInputFiles(input, upload)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out.file).toBe('https://cdn.test/1');
  });

  it('never has more than `concurrency` uploads in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const waiting: Array<() => void> = [];
    const upload: InputFileUploader = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return { url: 'https://cdn.test/x' };
    };
    const input = { files: Array.from({ length: 10 }, (_, i) => new Blob([String(i)])) };
    const done = uploadInputFiles(input, upload, { concurrency: 3 });
    // Release uploads one by one as they start, so the pool keeps refilling.
    let released = 0;
    while (released < 10) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = waiting.shift();
      if (next) {
        next();
        released++;
      }
    }
    const out = await done;
    expect(peak).toBe(3);
    expect(out.files as unknown[]).toEqual(Array(10).fill('https://cdn.test/x'));
  });

  it('uses 4 uploads at a time by default', async () => {
    let inFlight = 0;
    let peak = 0;
    const upload: InputFileUploader = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return { url: 'u' };
    };
    await uploadInputFiles({ f: Array.from({ length: 9 }, () => new Blob([])) }, upload);
    expect(peak).toBe(4);
  });

  it('stops the other uploads after the first failure and rejects with it', async () => {
    const aborted: unknown[] = [];
    let started = 0;
    const boom = new Error('storage down');
    const upload: InputFileUploader = (_file, { signal }) => {
      started++;
      if (started === 2) return Promise.reject(boom);
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          aborted.push(signal.reason);
          reject(signal.reason);
        });
      });
    };
    const input = Array.from({ length: 6 }, () => new Blob(['x']));
    await expect(uploadInputFiles(input, upload, { concurrency: 2 })).rejects.toBe(boom);
    expect(started).toBe(2);
    expect(aborted).toEqual([boom]);
  });

  it('rejects with the signal reason when aborted, before or during uploads', async () => {
    const { upload, seen } = recorder();
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expect(
      uploadInputFiles({ a: new Blob([]) }, upload, { signal: ac.signal }),
    ).rejects.toThrow('user cancelled');
    expect(seen).toHaveLength(0);

    const ac2 = new AbortController();
    const hanging: InputFileUploader = (_f, { signal }) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('inner abort')));
        ac2.abort(new Error('stop now'));
      });
    await expect(
      uploadInputFiles([new Blob([]), new Blob([])], hanging, { signal: ac2.signal }),
    ).rejects.toThrow('stop now');
  });

  it('validates concurrency and the uploader result', async () => {
    const { upload } = recorder();
    await expect(uploadInputFiles({ a: 1 }, upload, { concurrency: 0 })).rejects.toThrow(
      ValidationError,
    );
    const bad = (async () => ({ url: '' })) as InputFileUploader;
    await expect(uploadInputFiles([new Blob([])], bad)).rejects.toThrow(/no URL/);
  });

  it('leaves no file behind and uploads exactly the distinct files, for any shape', async () => {
    const blobs = [new Blob(['a']), new Blob(['b']), new Blob(['c'])];
    const leaf = fc.oneof(fc.constantFrom(...blobs), fc.string(), fc.integer(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    await fc.assert(
      fc.asyncProperty(tree, async (input) => {
        const { upload, seen } = recorder();
        const out = await uploadInputFiles(input, upload);
        expect(hasInputFiles(out)).toBe(false);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length > 0).toBe(hasInputFiles(input));
        expect(seen.length).toBeLessThanOrEqual(blobs.length);
      }),
      { numRuns: 100 },
    );
  });
});
