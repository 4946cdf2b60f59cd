import { describe, expectTypeOf, it } from 'vitest';
import type { FileInput, KnownModelId, ModelId, ModelInput } from '../../src/models/types.js';

/** Same generic shape as `client.run` / `predictions.submit`. */
function run<M extends ModelId>(model: M, input: ModelInput<M>): [M, ModelInput<M>] {
  return [model, input];
}

describe('model types', () => {
  it('knows the snapshot ids and still accepts any string as a model id', () => {
    expectTypeOf<'wavespeed-ai/flux-dev'>().toExtend<KnownModelId>();
    expectTypeOf<'google/veo3'>().toExtend<KnownModelId>();
    expectTypeOf<'acme/new-model'>().not.toExtend<KnownModelId>();
    expectTypeOf<'acme/new-model'>().toExtend<ModelId>();
    expectTypeOf<string>().toExtend<ModelId>();
  });

  it('types a known model input field by field', () => {
    type Flux = ModelInput<'wavespeed-ai/flux-dev'>;
    expectTypeOf<Flux['prompt']>().toEqualTypeOf<string>();
    expectTypeOf<Flux['num_images']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Flux['output_format']>().toEqualTypeOf<'jpeg' | 'png' | 'webp' | undefined>();
    expectTypeOf<Flux['image']>().toEqualTypeOf<FileInput | undefined>();
    expectTypeOf<Flux['enable_safety_checker']>().toEqualTypeOf<boolean | undefined>();
    type Veo = ModelInput<'google/veo3'>;
    expectTypeOf<Veo['duration']>().toEqualTypeOf<4 | 6 | 8 | undefined>();
    type Edit = ModelInput<'bytedance/seedream-v4/edit'>;
    expectTypeOf<Edit['images']>().toEqualTypeOf<readonly FileInput[]>();
    type Lora = ModelInput<'wavespeed-ai/flux-dev-lora'>;
    expectTypeOf<NonNullable<Lora['loras']>[number]>().toEqualTypeOf<{
      path: string;
      scale?: number;
    }>();
  });

  it('gives unknown models a plain record', () => {
    expectTypeOf<ModelInput<'acme/new-model'>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ModelInput<string>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ModelInput<ModelId>>().toEqualTypeOf<Record<string, unknown>>();
  });

  it('checks inputs at the call site through the generic signature', () => {
    expectTypeOf(run('wavespeed-ai/flux-dev', { prompt: 'A cat', num_images: 2 })).toEqualTypeOf<
      ['wavespeed-ai/flux-dev', ModelInput<'wavespeed-ai/flux-dev'>]
    >();
    run('wavespeed-ai/flux-dev', { prompt: 'A cat', image: new Blob(['x']) });
    run('wavespeed-ai/flux-dev', { prompt: 'A cat', image: new URL('file:///tmp/cat.png') });
    run('wavespeed-ai/flux-dev', { prompt: 'A cat', mask_image: new Uint8Array(4) });
    run('wavespeed-ai/flux-dev', { prompt: 'A cat', enable_sync_mode: true });
    run('bytedance/seedream-v4/edit', {
      prompt: 'x',
      images: [new Blob(['a']), 'https://a/b.png'],
    });
    run('acme/new-model', { anything: 1, goes: ['here'] });
    const dynamic: string = 'wavespeed-ai/flux-dev';
    run(dynamic, { whatever: true });
  });

  it('rejects typos, wrong types, bad enum values and missing fields at compile time', () => {
    // Never called: the assertions are the compile errors below.
    const compileOnly = () => {
      // @ts-expect-error unknown key `promt` (and `prompt` is missing)
      run('wavespeed-ai/flux-dev', { promt: 'A cat' });
      // @ts-expect-error unknown key next to a valid input
      run('wavespeed-ai/flux-dev', { prompt: 'A cat', image_url: 'https://a/b.png' });
      // @ts-expect-error num_images must be a number
      run('wavespeed-ai/flux-dev', { prompt: 'A cat', num_images: '2' });
      // @ts-expect-error output_format is an enum
      run('wavespeed-ai/flux-dev', { prompt: 'A cat', output_format: 'jpg' });
      // @ts-expect-error duration must be 4, 6 or 8
      run('google/veo3', { prompt: 'A cat', duration: 5 });
      // @ts-expect-error required `image` is missing
      run('kwaivgi/kling-v2.1-i2v-standard', { prompt: 'A cat' });
      // @ts-expect-error media fields take strings or local data, not numbers
      run('wavespeed-ai/image-upscaler', { image: 42 });
      // @ts-expect-error a LoRA needs a path
      run('wavespeed-ai/flux-dev-lora', { prompt: 'x', loras: [{ scale: 1 }] });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });
});
