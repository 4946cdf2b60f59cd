import type { WaveSpeedClient } from '../index.js';

// Files the AI SDK passes in (bytes, base64 or a URL) as the URLs a model input takes.

/** A file as the AI SDK's image, video and transcription models receive it. */
export type AiFile =
  | { type: 'file'; mediaType: string; data: string | Uint8Array }
  | { type: 'url'; url: string };

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'base64') : data;
}

/** The file's URL: passed through, or uploaded (bytes and base64 data). */
export async function fileUrl(
  client: WaveSpeedClient,
  file: AiFile,
  signal: AbortSignal | undefined,
): Promise<string> {
  if (file.type === 'url') return file.url;
  const blob = new Blob([bytesOf(file.data) as Uint8Array<ArrayBuffer>], { type: file.mediaType });
  return (await client.files.upload(blob, { signal })).url;
}

/** Raw audio (bytes or base64) as an uploaded file's URL. */
export async function audioUrl(
  client: WaveSpeedClient,
  audio: string | Uint8Array,
  mediaType: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  return fileUrl(client, { type: 'file', mediaType, data: audio }, signal);
}

/** Downloads `urls` (at most `limit` at once); resolves with their bytes in order. */
export async function download(
  urls: readonly string[],
  signal: AbortSignal | undefined,
  limit = 4,
): Promise<Array<{ bytes: Uint8Array; mediaType: string }>> {
  const results: Array<{ bytes: Uint8Array; mediaType: string }> = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index] as string;
      const response = await fetch(url, signal === undefined ? {} : { signal });
      if (!response.ok) throw new Error(`Downloading ${url} failed: HTTP ${response.status}`);
      const mediaType =
        response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream';
      results[index] = { bytes: new Uint8Array(await response.arrayBuffer()), mediaType };
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, urls.length) }, worker));
  return results;
}
