import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from '../command.js';
import { InterruptedError, UsageError } from '../errors.js';
import { uploadProgressText } from '../predict.js';

/**
 * `wavespeed upload <file>`: upload a local file and print its URL (to pass as a model input).
 */
export const uploadCommand: Command = {
  name: 'upload',
  summary: 'Upload a local file and print its URL (for image/video/audio inputs)',
  usage: 'wavespeed upload <file> [--json]',
  description:
    'The file is streamed, never read into memory whole. `run` and `generate` do this for you ' +
    'when an --input value is @path.',
  options: {},
  args: { min: 1, max: 1, name: 'file' },
  examples: [
    'wavespeed upload cat.png',
    'URL=$(wavespeed upload photo.jpg) && wavespeed run wavespeed-ai/image-upscaler -i image=$URL',
  ],
  async run(ctx) {
    const raw = ctx.positionals[0] ?? '';
    const path = resolve(ctx.cwd, raw);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`No such file: ${raw}`, 'upload');
    if (!info.isFile()) throw new UsageError(`Not a file: ${raw}`, 'upload');
    const name = basename(path);
    const progress = ctx.out.progress(`Uploading ${name}`);
    try {
      const uploaded = await ctx.client().files.upload(path, {
        signal: ctx.signal,
        onProgress: ({ loaded, total }) =>
          progress.update(uploadProgressText(ctx.out, name, loaded, total)),
      });
      progress.succeed(`Uploaded ${name}`);
      ctx.out.result(uploaded, uploaded.url);
    } catch (error) {
      if (error instanceof InterruptedError) progress.stop();
      else progress.fail(`Upload of ${name} failed`);
      throw error;
    }
    return undefined;
  },
};
