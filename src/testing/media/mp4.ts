import { encodeH264 } from './h264.js';
import type { Raster } from './raster.js';

function box(type: string, ...payload: Uint8Array[]): Buffer {
  const size = 8 + payload.reduce((sum, part) => sum + part.length, 0);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'ascii');
  return Buffer.concat([header, ...payload]);
}

/** A full box: version + flags, then the payload. */
function fullBox(type: string, flags: number, ...payload: Uint8Array[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(flags & 0xffffff, 0);
  return box(type, head, ...payload);
}

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => {
    out.writeUInt32BE(value >>> 0, i * 4);
  });
  return out;
}

function u16(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => {
    out.writeUInt16BE(value & 0xffff, i * 2);
  });
  return out;
}

/** The identity transformation matrix of mvhd and tkhd. */
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

/**
 * What a simulated video shows and how long it runs.
 */
export interface VideoSpec {
  /** Presentation size (the track header): the size the model was asked for. */
  displayWidth: number;
  /** Presentation height. */
  displayHeight: number;
  /** Length of the video; rounded to whole frames. */
  durationMs: number;
  /** Frames per second. */
  fps: number;
}

function sampleEntry(raster: Raster, sps: Buffer, pps: Buffer): Buffer {
  const avcC = box(
    'avcC',
    Buffer.from([1, sps[1] ?? 66, sps[2] ?? 0, sps[3] ?? 30, 0xff, 0xe1]),
    u16(sps.length),
    sps,
    Buffer.from([1]),
    u16(pps.length),
    pps,
  );
  const name = Buffer.alloc(32);
  const label = 'wavespeed simulator';
  name[0] = label.length;
  name.write(label, 1, 'ascii');
  return box(
    'avc1',
    Buffer.alloc(6), // reserved
    u16(1), // data_reference_index
    Buffer.alloc(16), // pre_defined + reserved
    u16(raster.width, raster.height),
    u32(0x00480000, 0x00480000, 0), // 72 dpi, reserved
    u16(1), // frame_count
    name,
    u16(0x0018, 0xffff), // depth, pre_defined = -1
    avcC,
  );
}

/**
 * A playable MP4: one H.264 video track (see {@link encodeH264}) of `spec.durationMs` at
 * `spec.fps`, coded at the raster's size and presented at the requested size, `moov` first.
 */
export function encodeMp4(raster: Raster, spec: VideoSpec): Buffer {
  const frames = Math.max(1, Math.round((spec.durationMs / 1000) * spec.fps));
  const timescale = spec.fps * 1000;
  const mediaDuration = frames * 1000;
  const movieDuration = Math.round((frames * 1000) / spec.fps);
  const { sps, pps, samples } = encodeH264(raster, frames);
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'ascii'),
    u32(0x200),
    Buffer.from('isomiso2avc1mp41'),
  );
  const stbl = (chunkOffset: number): Buffer =>
    box(
      'stbl',
      fullBox('stsd', 0, u32(1), sampleEntry(raster, sps, pps)),
      fullBox('stts', 0, u32(1, frames, 1000)),
      fullBox('stss', 0, u32(1, 1)),
      fullBox('stsc', 0, u32(1, 1, frames, 1)),
      fullBox('stsz', 0, u32(0, frames, ...samples.map((sample) => sample.length))),
      fullBox('stco', 0, u32(1, chunkOffset)),
    );
  const moov = (chunkOffset: number): Buffer =>
    box(
      'moov',
      fullBox(
        'mvhd',
        0,
        u32(0, 0, 1000, movieDuration, 0x00010000),
        u16(0x0100, 0),
        u32(0, 0),
        MATRIX,
        Buffer.alloc(24),
        u32(2),
      ),
      box(
        'trak',
        fullBox(
          'tkhd',
          3, // enabled, in movie
          u32(0, 0, 1, 0, movieDuration, 0, 0),
          u16(0, 0, 0, 0), // layer, alternate group, volume, reserved
          MATRIX,
          u32(spec.displayWidth * 0x10000, spec.displayHeight * 0x10000),
        ),
        box(
          'mdia',
          fullBox('mdhd', 0, u32(0, 0, timescale, mediaDuration), u16(0x55c4, 0)), // language "und"
          fullBox(
            'hdlr',
            0,
            u32(0),
            Buffer.from('vide'),
            Buffer.alloc(12),
            Buffer.from('VideoHandler\0'),
          ),
          box(
            'minf',
            fullBox('vmhd', 1, Buffer.alloc(8)),
            box('dinf', fullBox('dref', 0, u32(1), fullBox('url ', 1))),
            stbl(chunkOffset),
          ),
        ),
      ),
    );
  // The chunk offset does not change the size of moov: measure it, then point stco past it.
  const offset = ftyp.length + moov(0).length + 8;
  return Buffer.concat([ftyp, moov(offset), box('mdat', ...samples)]);
}
