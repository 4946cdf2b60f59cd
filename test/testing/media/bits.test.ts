import { describe, expect, it } from 'vitest';
import { LsbBitWriter, MsbBitWriter } from '../../../src/testing/media/bits.js';

describe('bit writers', () => {
  it('packs least-significant first and reverses Huffman codes', () => {
    const bits = new LsbBitWriter();
    bits.write(0b101, 3);
    bits.write(0b11, 2);
    bits.writeCode(0b001, 3); // sent as 1, 0, 0 → bits 5..7 = 0b100 read LSB first
    expect([...bits.bytes()]).toEqual([0b10011101]);
  });

  it('packs most-significant first and pads', () => {
    const bits = new MsbBitWriter();
    bits.write(0b101, 3);
    expect(bits.aligned()).toBe(false);
    expect([...bits.finish(1)]).toEqual([0b10111111]);
  });

  it('writes Exp-Golomb codes as H.264 does', () => {
    const bits = new MsbBitWriter();
    bits.ue(0); // 1
    bits.ue(1); // 010
    bits.ue(4); // 00101
    bits.se(-1); // ue(2) = 011
    bits.se(1); // ue(1) = 010
    expect(bits.finish(0).toString('hex')).toBe(
      Buffer.from([0b10100010, 0b10110100]).toString('hex'),
    );
  });

  it('stuffs a zero byte after every 0xFF in JPEG mode', () => {
    const bits = new MsbBitWriter(true);
    bits.write(0xff, 8);
    bits.writeBytes(Uint8Array.of(0x12, 0xff));
    bits.write(0b1, 1);
    expect([...bits.finish(1)]).toEqual([0xff, 0x00, 0x12, 0xff, 0x00, 0xff, 0x00]);
  });
});
