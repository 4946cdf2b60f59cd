// The Vercel AI SDK with WaveSpeed: generateImage on a WaveSpeed model, the image written to disk.
//
//   npx tsx examples/ai-sdk.ts "a lighthouse at dawn"
//
// Needs `npm i ai@7 @ai-sdk/provider@4`. Writes ./wavespeed-output/ai-sdk.jpg (OUTPUT_DIR changes
// the folder). Uses the real API when WAVESPEED_API_KEY is set, otherwise a local simulator.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateImage } from 'ai';
import { createWaveSpeed } from 'wavespeed-sdk/ai';
import { connect } from './shared/connect.js';

const prompt = process.argv[2] ?? 'a lighthouse at dawn, oil painting';
const outputDir = process.env.OUTPUT_DIR ?? 'wavespeed-output';

// In your own code: `import { wavespeed } from 'wavespeed-sdk/ai'` reads WAVESPEED_API_KEY itself.
const { client, close } = await connect();
const wavespeed = createWaveSpeed({ client });
try {
  const { image, warnings, providerMetadata } = await generateImage({
    model: wavespeed.image('wavespeed-ai/flux-dev'),
    prompt,
    aspectRatio: '16:9',
    // The SDK retries what is worth retrying; the AI SDK's retries would only add paid submits.
    maxRetries: 0,
  });
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, `ai-sdk.${image.mediaType === 'image/png' ? 'png' : 'jpg'}`);
  await writeFile(path, image.uint8Array);
  const [first] = (providerMetadata.wavespeed as { images: Array<{ predictionId: string }> })
    .images;
  console.log(
    `saved ${path} (${image.uint8Array.byteLength} bytes, prediction ${first?.predictionId})`,
  );
  for (const warning of warnings) console.log('warning:', JSON.stringify(warning));
} finally {
  await close();
}
