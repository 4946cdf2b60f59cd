/**
 * Upload categories by file extension with their size limits (wavespeed-api.md §3, uploads).
 */
export interface FileClass {
  type: 'image' | 'video' | 'audio' | 'file';
  ext: string;
  contentType: string;
  limit: number;
}

const MB = 1024 * 1024;

/**
 * Size limit per upload category in bytes. By default every category takes up to the one
 * documented maximum ("for files over 300 MB use a URL"), as the SDK assumes; pass
 * `uploadLimits` to `createSimulator` to emulate stricter per-type limits (one docs page lists
 * images 20 MB, video 100 MB, audio 50 MB, unconfirmed).
 *
 * @example
 * ```ts
 * // A simulator that refuses videos over 100 MB, as one docs page says the API does.
 * const sim = await createSimulator({ uploadLimits: { ...UPLOAD_LIMITS, video: 100 * 1024 * 1024 } });
 * ```
 */
export const UPLOAD_LIMITS: Readonly<Record<'image' | 'video' | 'audio' | 'file', number>> = {
  image: 300 * MB,
  video: 300 * MB,
  audio: 300 * MB,
  file: 300 * MB,
};

const EXTENSIONS: Record<string, [FileClass['type'], string]> = {
  jpg: ['image', 'image/jpeg'],
  jpeg: ['image', 'image/jpeg'],
  png: ['image', 'image/png'],
  webp: ['image', 'image/webp'],
  gif: ['image', 'image/gif'],
  bmp: ['image', 'image/bmp'],
  tif: ['image', 'image/tiff'],
  tiff: ['image', 'image/tiff'],
  mp4: ['video', 'video/mp4'],
  avi: ['video', 'video/x-msvideo'],
  mov: ['video', 'video/quicktime'],
  wmv: ['video', 'video/x-ms-wmv'],
  flv: ['video', 'video/x-flv'],
  webm: ['video', 'video/webm'],
  mkv: ['video', 'video/x-matroska'],
  '3gp': ['video', 'video/3gpp'],
  ogv: ['video', 'video/ogg'],
  mp3: ['audio', 'audio/mpeg'],
  wav: ['audio', 'audio/wav'],
  ogg: ['audio', 'audio/ogg'],
  aac: ['audio', 'audio/aac'],
  flac: ['audio', 'audio/flac'],
  m4a: ['audio', 'audio/mp4'],
  opus: ['audio', 'audio/opus'],
  glb: ['file', 'model/gltf-binary'],
  gltf: ['file', 'model/gltf+json'],
  obj: ['file', 'model/obj'],
  fbx: ['file', 'application/octet-stream'],
  stl: ['file', 'model/stl'],
  zip: ['file', 'application/zip'],
  pdf: ['file', 'application/pdf'],
  txt: ['file', 'text/plain'],
  json: ['file', 'application/json'],
  srt: ['file', 'application/x-subrip'],
};

/**
 * Classifies a filename by extension; `undefined` for unsupported types.
 *
 * @example
 * ```ts
 * classifyFile('clip.mov')?.type; // 'video'
 * ```
 */
export function classifyFile(
  filename: string,
  limits: Readonly<Record<FileClass['type'], number>> = UPLOAD_LIMITS,
): FileClass | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = filename.slice(dot + 1).toLowerCase();
  const known = EXTENSIONS[ext];
  if (!known) return undefined;
  return { type: known[0], ext, contentType: known[1], limit: limits[known[0]] };
}

/**
 * The user-facing message for a file over its category's limit.
 */
export function tooLargeMessage(kind: FileClass, size: number): string {
  const limit = Number.isInteger(kind.limit / MB) ? `${kind.limit / MB} MB` : `${kind.limit} bytes`;
  return `File too large: ${kind.type} uploads are limited to ${limit} (got ${size} bytes). For larger files, pass a public URL as the model input instead.`;
}

/**
 * The message for an unsupported extension.
 */
export function unsupportedMessage(filename: string): string {
  return `Unsupported file type: ${filename}. Supported: images (jpg, png, webp, gif, bmp, tiff), videos (mp4, avi, mov, wmv, flv, webm, mkv, 3gp, ogv), audio (mp3, wav, ogg, aac, flac, m4a, opus) and 3D/documents (glb, gltf, obj, fbx, stl, zip, pdf, txt, json, srt).`;
}
