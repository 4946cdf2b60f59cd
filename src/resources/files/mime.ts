import { extname } from 'node:path';

// Content types: from a file name, from the first bytes, and back to an extension.

/**
 * The upload class a file falls in; each has its own size limit.
 */
export type MediaKind = 'image' | 'video' | 'audio' | 'other';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  wmv: 'video/x-ms-wmv',
  flv: 'video/x-flv',
  '3gp': 'video/3gpp',
  ogv: 'video/ogg',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  opus: 'audio/opus',
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  obj: 'model/obj',
  fbx: 'application/octet-stream',
  stl: 'model/stl',
  usdz: 'model/vnd.usdz+zip',
  zip: 'application/zip',
  json: 'application/json',
  txt: 'text/plain',
  pdf: 'application/pdf',
};

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-wav': 'wav',
  'application/octet-stream': 'bin',
};

/** Fallback content type when nothing better is known. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Content type for a file name, from its extension (`undefined` when the extension is unknown).
 *
 * @example
 * ```ts
 * contentTypeFromFilename('cat.PNG'); // 'image/png'
 * ```
 */
export function contentTypeFromFilename(filename: string): string | undefined {
  const ext = extname(filename).slice(1).toLowerCase();
  return ext === '' ? undefined : CONTENT_TYPES[ext];
}

/**
 * File extension (without the dot) for a content type, for naming unnamed uploads.
 *
 * @example
 * ```ts
 * extensionForContentType('image/jpeg'); // 'jpg'
 * ```
 */
export function extensionForContentType(contentType: string): string {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const known = EXTENSIONS[type];
  if (known) return known;
  for (const [ext, candidate] of Object.entries(CONTENT_TYPES)) {
    if (candidate === type) return ext;
  }
  return 'bin';
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.byteLength < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * Content type from the first bytes of a file (magic numbers of the common image, video and
 * audio formats), or `undefined`.
 *
 * @example
 * ```ts
 * sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); // 'image/png'
 * ```
 */
export function sniffContentType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.byteLength > 26) return 'image/bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'image/tiff';
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (startsWith(bytes, [0x66, 0x4c, 0x61, 0x43])) return 'audio/flac';
  if (startsWith(bytes, [0x4f, 0x67, 0x67, 0x53])) return 'audio/ogg';
  if (startsWith(bytes, [0x49, 0x44, 0x33])) return 'audio/mpeg';
  if (startsWith(bytes, [0x67, 0x6c, 0x54, 0x46])) return 'model/gltf-binary';
  if (bytes.byteLength >= 12 && ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
    if (form === 'AVI ') return 'video/x-msvideo';
  }
  if (bytes.byteLength >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'qt  ') return 'video/quicktime';
    if (brand === 'M4A ') return 'audio/mp4';
    if (brand.startsWith('avi')) return 'image/avif';
    if (brand.startsWith('hei') || brand === 'mif1') return 'image/heic';
    return 'video/mp4';
  }
  return undefined;
}

/**
 * Upload class of a content type (`image/*`, `video/*`, `audio/*`, anything else).
 *
 * @example
 * ```ts
 * mediaKindOf('audio/mpeg'); // 'audio'
 * ```
 */
export function mediaKindOf(contentType: string): MediaKind {
  const top = contentType.split('/')[0]?.trim().toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'other';
}
