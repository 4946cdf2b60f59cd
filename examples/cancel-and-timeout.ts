// Deadlines and cancellation, and what to do with the prediction id afterwards.
//
//   npx tsx examples/cancel-and-timeout.ts
//
// Two things to know first:
// - WaveSpeed has no "cancel job" endpoint. A deadline or an abort stops *waiting*; the job keeps
//   running on the server and is billed. That is why every error that happens after the submit
//   carries the prediction id: you can pick the job up again instead of paying for a new one.
// - An aborted call rejects with the signal's reason (whatever you passed to `abort()`), so your
//   own cancellation is easy to tell apart from failures.
import { PredictionTimeoutError } from 'wavespeed-sdk';
import { connect } from './shared/connect.js';

// A video model: its jobs run for minutes, so the short deadlines below really expire.
const MODEL = 'wavespeed-ai/wan-2.1/t2v-480p';

const { client, close } = await connect();
try {
  // 1. A whole-job deadline. `timeout` bounds submit + waiting (default 10 minutes).
  try {
    await client.run(MODEL, { prompt: 'A kite festival on a windy beach' }, { timeout: 1_000 });
  } catch (error) {
    if (!(error instanceof PredictionTimeoutError)) throw error;
    console.log(
      `1. gave up after 1 s; ${error.predictionId} was "${error.lastStatus}" and is still running`,
    );
    // Waiting again costs nothing extra: no second job is created.
    const done = await client.predictions.wait(error.predictionId, { timeout: 15 * 60_000 });
    console.log(`   resumed by id: ${done.id} ${done.status} → ${done.outputs[0]}`);
  }

  // 2. Cancelling from outside (a user clicked "stop", the HTTP request that wanted the video was
  //    closed, Ctrl-C …) with an AbortSignal. Remember the id as soon as it is known: onProgress
  //    is called with the prediction right after the submit.
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('stopped by the user'));
  process.once('SIGINT', stop);
  let predictionId: string | undefined;
  try {
    await client.run(
      MODEL,
      { prompt: 'A steam locomotive crossing a stone bridge' },
      {
        signal: controller.signal,
        onProgress: (prediction) => {
          predictionId = prediction.id;
          // For the demo, stop as soon as the job exists (queued or running).
          if (prediction.status === 'created' || prediction.status === 'processing') stop();
        },
      },
    );
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    console.log(`2. ${(error as Error).message}; ${predictionId ?? 'no job was created'}`);
    if (predictionId) {
      // Check on it later (`wavespeed status <id>`, `client.predictions.get(id)`), or remove it
      // from your history. Deleting does not refund a job that already ran.
      const later = await client.predictions.get(predictionId);
      console.log(`   it is still there: ${later.id} ${later.status}`);
      await client.predictions.delete(predictionId);
      console.log('   and now deleted from the history');
    }
  } finally {
    process.off('SIGINT', stop);
  }

  // 3. A per-call deadline next to your own signal: AbortSignal.timeout is a deadline you can
  //    pass anywhere a signal is accepted, and AbortSignal.any merges it with, say, a shutdown
  //    signal of your service.
  const shutdown = new AbortController();
  const submitted = await client.predictions.submit(MODEL, {
    prompt: 'A hummingbird in slow motion',
  });
  try {
    await client.predictions.wait(submitted.id, {
      signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(500)]),
    });
  } catch (error) {
    // AbortSignal.timeout aborts with a DOMException named "TimeoutError".
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    console.log(`3. TimeoutError: stopped waiting for ${submitted.id}, which keeps running`);
  }
} finally {
  await close();
}
