// Streaming: print an LLM's answer as it is generated, then stream speech to an MP3 file chunk
// by chunk. Only some models stream (client.stream rejects others with a clear error): the LLM
// gateway `wavespeed-ai/any-llm(/vision)`, MiniMax speech (`minimax/speech-*`) and
// `minimax/music-02`. A stream creates no prediction: there is no id to poll, nothing in history.
//
//   npx tsx examples/streaming.ts "Explain webhooks to a five-year-old"
//
// Uses the real API when WAVESPEED_API_KEY is set, otherwise a local simulator. The speech lands
// in ./wavespeed-output/speech.mp3 (or OUTPUT_DIR).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { connect } from './shared/connect.js';

const question =
  process.argv[2] ?? 'Explain in two sentences why polling with backoff beats a fixed interval.';
const outputDir = resolve(process.env.OUTPUT_DIR ?? 'wavespeed-output');

/** The shape of the LLM gateway's chunks (OpenAI-style chat completion chunks). */
interface ChatChunk {
  choices?: { delta?: { content?: string } }[];
}

/** The shape of MiniMax speech chunks: hex-encoded audio; status 1 = a piece, 2 = the whole. */
interface SpeechChunk {
  data?: { audio?: string; status?: number };
}

const { client, close } = await connect();
try {
  // Stop reading after 60 s whatever happens; aborting also closes the connection.
  const signal = AbortSignal.timeout(60_000);

  for await (const event of client.stream(
    'wavespeed-ai/any-llm',
    { prompt: question, model: 'google/gemini-2.5-flash', max_tokens: 300 },
    { signal },
  )) {
    // `event.data` is the parsed JSON payload (`event.raw` the text as received).
    const delta = (event.data as ChatChunk).choices?.[0]?.delta?.content;
    if (delta) process.stdout.write(delta);
  }
  process.stdout.write('\n');

  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, 'speech.mp3');
  const file = createWriteStream(path);
  let bytes = 0;
  for await (const event of client.stream(
    'minimax/speech-02-turbo',
    { text: 'Streaming audio arrives piece by piece.', voice_id: 'Friendly_Person', format: 'mp3' },
    { signal },
  )) {
    const { audio, status } = (event.data as SpeechChunk).data ?? {};
    // The last event (status 2) repeats the whole clip: keep only the pieces.
    if (audio && status === 1) {
      const chunk = Buffer.from(audio, 'hex');
      bytes += chunk.length;
      if (!file.write(chunk)) await once(file, 'drain');
    }
  }
  file.end();
  await once(file, 'finish');
  console.log(`saved ${path} (${bytes} bytes of streamed audio)`);
} finally {
  await close();
}
