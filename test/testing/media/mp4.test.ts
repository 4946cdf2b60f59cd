import { describe, expect, it } from 'vitest';
import { encodeMp4 } from '../../../src/testing/media/mp4.js';
import { createRaster } from '../../../src/testing/media/raster.js';
import { decodeH264, nalUnits, parseMp4 } from './decoders.js';

function topLevelBoxes(mp4: Buffer): string[] {
  const boxes: string[] = [];
  let offset = 0;
  while (offset < mp4.length) {
    boxes.push(mp4.toString('ascii', offset + 4, offset + 8));
    offset += mp4.readUInt32BE(offset);
  }
  expect(offset).toBe(mp4.length);
  return boxes;
}

describe('encodeMp4', () => {
  const raster = createRaster('waves on a beach', 320, 180);
  const mp4 = encodeMp4(raster, {
    displayWidth: 1280,
    displayHeight: 720,
    durationMs: 5000,
    fps: 24,
  });

  it('is ftyp, moov, mdat with sizes that add up to the file', () => {
    expect(topLevelBoxes(mp4)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(mp4.toString('ascii', 8, 12)).toBe('isom');
  });

  it('mp4box.js reads one H.264 track of the requested length and size', () => {
    const movie = parseMp4(mp4);
    expect(movie.duration / movie.timescale).toBe(5);
    expect(movie.tracks).toHaveLength(1);
    const [track] = movie.videoTracks;
    expect(track?.codec).toBe('avc1.42c01e');
    expect(track?.nb_samples).toBe(120);
    expect((track?.duration ?? 0) / (track?.timescale ?? 1)).toBe(5);
    expect([track?.track_width, track?.track_height]).toEqual([1280, 720]);
    expect([track?.video?.width, track?.video?.height]).toEqual([320, 180]);
  });

  it('holds samples h264bsd decodes, one picture per sample', async () => {
    const file = parseMp4Samples(mp4);
    const frames = await decodeH264([...file.parameterSets, ...file.samples.flatMap(nalUnits)]);
    expect(frames).toHaveLength(120);
  });
});

/** The avcC parameter sets and the samples of the only track, read straight from the boxes. */
function parseMp4Samples(mp4: Buffer): { parameterSets: Buffer[]; samples: Buffer[] } {
  const find = (type: string): number => mp4.indexOf(Buffer.from(type, 'ascii')) - 4;
  const avcC = find('avcC') + 8;
  const spsLength = mp4.readUInt16BE(avcC + 6);
  const sps = mp4.subarray(avcC + 8, avcC + 8 + spsLength);
  const ppsAt = avcC + 8 + spsLength + 1;
  const pps = mp4.subarray(ppsAt + 2, ppsAt + 2 + mp4.readUInt16BE(ppsAt));
  const stsz = find('stsz') + 12;
  const count = mp4.readUInt32BE(stsz + 4);
  let offset = mp4.readUInt32BE(find('stco') + 16);
  const samples: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const size = mp4.readUInt32BE(stsz + 8 + i * 4);
    samples.push(mp4.subarray(offset, offset + size));
    offset += size;
  }
  return { parameterSets: [sps, pps], samples };
}
