import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import {
  collectInput,
  LocalFile,
  localFiles,
  parseInputPair,
  parseInputValue,
  resolveFileInputs,
} from '../../src/cli/inputs.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-cli-inputs-'));
  await writeFile(join(dir, 'cat.png'), 'png bytes');
  await writeFile(join(dir, 'params.json'), JSON.stringify({ prompt: 'from file', seed: 1 }));
  await writeFile(join(dir, 'list.json'), '[1, 2]');
  await writeFile(join(dir, 'broken.json'), '{"prompt": ');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseInputValue', () => {
  it('parses booleans, null, numbers and JSON; keeps other text', () => {
    expect(parseInputValue('true')).toBe(true);
    expect(parseInputValue('false')).toBe(false);
    expect(parseInputValue('null')).toBeNull();
    expect(parseInputValue('42')).toBe(42);
    expect(parseInputValue('-1')).toBe(-1);
    expect(parseInputValue('0.5')).toBe(0.5);
    expect(parseInputValue('1e3')).toBe(1000);
    expect(parseInputValue('[1,"a"]')).toEqual([1, 'a']);
    expect(parseInputValue('{"path":"x","scale":1}')).toEqual({ path: 'x', scale: 1 });
    expect(parseInputValue('"007"')).toBe('007');
    expect(parseInputValue('007')).toBe('007');
    expect(parseInputValue('1024*1024')).toBe('1024*1024');
    expect(parseInputValue('A cat, 4k')).toBe('A cat, 4k');
    expect(parseInputValue('')).toBe('');
    expect(parseInputValue('True')).toBe('True');
  });

  it('rejects broken JSON', () => {
    expect(() => parseInputValue('{oops')).toThrow(SyntaxError);
  });

  it('round-trips every finite number and JSON value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = JSON.stringify(n);
        expect(parseInputValue(text)).toBe(Number(text));
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
        (v) => {
          expect(parseInputValue(JSON.stringify(v))).toEqual(JSON.parse(JSON.stringify(v)));
        },
      ),
    );
  });

  it('keeps any text that is not a literal, a number or JSON exactly as typed', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => {
          const t = s.trimStart();
          return (
            !['true', 'false', 'null'].includes(s) &&
            !/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(s) &&
            !['{', '[', '"'].includes(t[0] ?? '')
          );
        }),
        (s) => {
          expect(parseInputValue(s)).toBe(s);
        },
      ),
    );
  });
});

describe('parseInputPair', () => {
  const options = { command: 'run', cwd: '/data' };

  it('splits at the first = only', () => {
    expect(parseInputPair('prompt=a=b', options)).toEqual({
      key: 'prompt',
      append: false,
      value: 'a=b',
    });
  });

  it('makes @path a local file and @@ a literal @', () => {
    const pair = parseInputPair('image=@cat.png', options);
    expect(pair.value).toBeInstanceOf(LocalFile);
    expect((pair.value as LocalFile).path).toBe('/data/cat.png');
    expect(parseInputPair('handle=@@wavespeed', options).value).toBe('@wavespeed');
    expect(parseInputPair('at=@', options).value).toBe('@');
  });

  it('supports key[]=value appends', () => {
    expect(parseInputPair('images[]=https://x/a.png', options)).toEqual({
      key: 'images',
      append: true,
      value: 'https://x/a.png',
    });
  });

  it('names the flag in usage errors', () => {
    for (const bad of ['seed', '=5', ' =5', 'size={"w":']) {
      const error = (() => {
        try {
          parseInputPair(bad, options);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toContain(`--input ${bad}`);
      expect((error as UsageError).command).toBe('run');
    }
  });
});

describe('collectInput', () => {
  it('merges --input-file, then --prompt, then --input (later wins)', async () => {
    const input = await collectInput(
      {
        inputFile: 'params.json',
        prompt: 'from flag',
        inputs: ['seed=7', 'seed=8', 'size=1024*1024'],
      },
      { command: 'run', cwd: dir },
    );
    expect(input).toEqual({ prompt: 'from flag', seed: 8, size: '1024*1024' });
  });

  it('appends key[] values after a file array', async () => {
    const input = await collectInput(
      { inputs: ['images=["https://x/a.png"]', 'images[]=@cat.png', 'images[]=@cat.png'] },
      { command: 'run', cwd: dir },
    );
    const images = input.images as unknown[];
    expect(images[0]).toBe('https://x/a.png');
    expect(images[1]).toBeInstanceOf(LocalFile);
    expect(localFiles(input)).toHaveLength(1);
  });

  it('reads --input-file - from stdin', async () => {
    const input = await collectInput(
      { inputFile: '-', inputs: [] },
      { command: 'run', cwd: dir, readStdin: async () => '{"prompt":"piped"}' },
    );
    expect(input).toEqual({ prompt: 'piped' });
  });

  it('rejects missing files, non-objects and broken JSON as usage errors naming the flag', async () => {
    const cases: [Parameters<typeof collectInput>[0], string][] = [
      [{ inputs: ['image=@missing.png'] }, '--input image=@missing.png'],
      [{ inputs: ['image=@.'] }, 'not a file'],
      [{ inputs: [], inputFile: 'nope.json' }, '--input-file nope.json'],
      [{ inputs: [], inputFile: 'list.json' }, 'JSON object'],
      [{ inputs: [], inputFile: 'broken.json' }, 'not valid JSON'],
    ];
    for (const [sources, text] of cases) {
      await expect(collectInput(sources, { command: 'price', cwd: dir })).rejects.toSatisfy(
        (error: unknown) => error instanceof UsageError && error.message.includes(text),
      );
    }
  });
});

describe('resolveFileInputs', () => {
  it('uploads each distinct path once and substitutes URLs without mutating the input', async () => {
    const a = new LocalFile('/x/a.png', '--input image=@a.png');
    const again = new LocalFile('/x/a.png', '--input images[]=@a.png');
    const b = new LocalFile('/x/b.png', '--input images[]=@b.png');
    const input = { prompt: 'p', image: a, images: [again, b, 'https://keep'] };
    const uploaded: string[] = [];
    const result = await resolveFileInputs(input, async (file) => {
      uploaded.push(file.path);
      return `https://cdn/${file.name}`;
    });
    expect(uploaded).toEqual(['/x/a.png', '/x/b.png']);
    expect(result).toEqual({
      prompt: 'p',
      image: 'https://cdn/a.png',
      images: ['https://cdn/a.png', 'https://cdn/b.png', 'https://keep'],
    });
    expect(input.image).toBe(a);
  });
});
