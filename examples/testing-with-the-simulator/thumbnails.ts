// "Your" code: a small service function that turns product titles into thumbnails. It takes the
// client as a parameter, which is all a test needs to point it at the simulator.
import { PredictionFailedError, type WaveSpeedClient } from 'wavespeed-sdk';

export type Thumbnail =
  | { title: string; ok: true; url: string; predictionId: string }
  | { title: string; ok: false; reason: string; predictionId?: string };

/** One thumbnail per title; a failed job becomes a failed entry instead of failing the batch. */
export async function makeThumbnails(
  client: WaveSpeedClient,
  titles: string[],
): Promise<Thumbnail[]> {
  return Promise.all(
    titles.map(async (title): Promise<Thumbnail> => {
      try {
        const prediction = await client.predictions.run('wavespeed-ai/flux-schnell', {
          prompt: `Product photo of ${title}, white background`,
          size: '512*512',
        });
        const [url] = prediction.outputs;
        if (url === undefined)
          return { title, ok: false, reason: 'no output', predictionId: prediction.id };
        return { title, ok: true, url, predictionId: prediction.id };
      } catch (error) {
        if (error instanceof PredictionFailedError) {
          return { title, ok: false, reason: error.error, predictionId: error.predictionId };
        }
        throw error;
      }
    }),
  );
}
