import type { ContentBlock } from '@modelcontextprotocol/server';

// Output images as MCP image content, so clients that render images show them. Capped: a few
// images, each under a size limit (larger ones are left as links).

const MAX_IMAGES = 4;
const MAX_BYTES = 1024 * 1024;
const IMAGE = /\.(png|jpe?g|webp|gif)(\?|$)/i;

async function preview(url: string, signal: AbortSignal): Promise<ContentBlock | undefined> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
    });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    const length = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || !type.startsWith('image/') || length > MAX_BYTES) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_BYTES) return undefined;
    return { type: 'image', data: Buffer.from(bytes).toString('base64'), mimeType: type };
  } catch {
    return undefined;
  }
}

/** Image content for the first few image outputs that are small enough. */
export async function previews(
  outputs: readonly string[],
  signal: AbortSignal,
): Promise<ContentBlock[]> {
  const images = outputs.filter((url) => IMAGE.test(url)).slice(0, MAX_IMAGES);
  const blocks = await Promise.all(images.map((url) => preview(url, signal)));
  return blocks.filter((block): block is ContentBlock => block !== undefined);
}
