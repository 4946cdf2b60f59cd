import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeGlb, makeJpeg, makeMp3, makeMp4, makePng, makeWav } from '../../src/testing/media.js';

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('media', () => {
  it('makes a PNG with valid chunk CRCs and pixel data', () => {
    const png = makePng(4, 3, 'seed');
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    let offset = 8;
    const types: string[] = [];
    let idat = Buffer.alloc(0);
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(
        crc32(png.subarray(offset + 4, offset + 8 + length)),
      );
      if (type === 'IDAT') idat = Buffer.concat([idat, data]);
      types.push(type);
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(png.readUInt32BE(16)).toBe(4);
    expect(png.readUInt32BE(20)).toBe(3);
    expect(inflateSync(idat).length).toBe(3 * (1 + 4 * 3));
  });

  it('makes a baseline JPEG with SOI/SOF0/EOI markers', () => {
    const jpeg = makeJpeg();
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(jpeg.includes(Buffer.from([0xff, 0xc0]))).toBe(true);
  });

  it('makes an MP4 whose top-level boxes add up to the file size', () => {
    const mp4 = makeMp4(4000);
    const boxes: string[] = [];
    let offset = 0;
    while (offset < mp4.length) {
      boxes.push(mp4.toString('ascii', offset + 4, offset + 8));
      offset += mp4.readUInt32BE(offset);
    }
    expect(offset).toBe(mp4.length);
    expect(boxes).toEqual(['ftyp', 'moov', 'mdat']);
  });

  it('makes a WAV whose RIFF and data sizes are consistent', () => {
    const wav = makeWav(100, 8000);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(wav.readUInt32LE(40)).toBe(1600);
  });

  it('makes MP3 frames with a valid MPEG-1 Layer III header', () => {
    const mp3 = makeMp3(3);
    expect(mp3.length).toBe(3 * 417);
    expect(mp3.readUInt16BE(0) & 0xfffe).toBe(0xfffa);
    expect(mp3.readUInt16BE(417)).toBe(0xfffb);
  });

  it('makes a GLB with a 4-byte-aligned JSON chunk', () => {
    const glb = makeGlb();
    expect(glb.toString('ascii', 0, 4)).toBe('glTF');
    expect(glb.readUInt32LE(4)).toBe(2);
    expect(glb.readUInt32LE(8)).toBe(glb.length);
    const chunkLength = glb.readUInt32LE(12);
    expect(chunkLength % 4).toBe(0);
    expect(glb.toString('ascii', 16, 20)).toBe('JSON');
    const json = JSON.parse(glb.toString('utf8', 20, 20 + chunkLength)) as {
      asset: { version: string };
    };
    expect(json.asset.version).toBe('2.0');
  });
});
