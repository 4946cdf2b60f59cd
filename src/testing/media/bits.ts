/** A growable byte buffer. */
class Bytes {
  protected buffer = new Uint8Array(1024);
  protected length = 0;

  protected push(byte: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = byte;
  }

  /** The bytes written so far (a copy). */
  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/**
 * Writes bits least-significant first, as deflate and WebP lossless (VP8L) pack them.
 */
export class LsbBitWriter extends Bytes {
  private pending = 0;
  private count = 0;

  /** Appends the low `n` bits of `value` (n ≤ 24). */
  write(value: number, n: number): void {
    this.pending |= (value & ((1 << n) - 1)) << this.count;
    this.count += n;
    while (this.count >= 8) {
      this.push(this.pending & 0xff);
      this.pending >>>= 8;
      this.count -= 8;
    }
  }

  /** Appends a Huffman code of `length` bits, first bit first (codes go most-significant first). */
  writeCode(code: number, length: number): void {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >>> i) & 1) << (length - 1 - i);
    this.write(reversed, length);
  }

  /** Pads to a byte boundary with zero bits and returns the bytes. */
  override bytes(): Buffer {
    if (this.count > 0) this.write(0, 8 - this.count);
    return super.bytes();
  }
}

/**
 * Writes bits most-significant first, as JPEG and H.264 pack them. In `jpeg` mode every 0xFF
 * byte is followed by a 0x00 stuffing byte.
 */
export class MsbBitWriter extends Bytes {
  private pending = 0;
  private count = 0;

  constructor(private readonly jpeg = false) {
    super();
  }

  /** Appends the low `n` bits of `value`, most significant first (n ≤ 24). */
  write(value: number, n: number): void {
    if (n === 0) return;
    this.pending = (this.pending << n) | (value & ((1 << n) - 1));
    this.count += n;
    while (this.count >= 8) {
      this.count -= 8;
      this.pushByte((this.pending >>> this.count) & 0xff);
    }
    this.pending &= (1 << this.count) - 1;
  }

  private pushByte(byte: number): void {
    this.push(byte);
    if (this.jpeg && byte === 0xff) this.push(0);
  }

  /** Exp-Golomb unsigned (`ue(v)` in H.264). */
  ue(value: number): void {
    const coded = value + 1;
    const bits = 32 - Math.clz32(coded);
    this.write(0, bits - 1);
    this.write(coded, bits);
  }

  /** Exp-Golomb signed (`se(v)` in H.264). */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** Whether the writer sits on a byte boundary. */
  aligned(): boolean {
    return this.count === 0;
  }

  /** Appends whole bytes (fast when the writer is byte-aligned). */
  writeBytes(bytes: Uint8Array): void {
    if (this.count !== 0) {
      for (const byte of bytes) this.write(byte, 8);
      return;
    }
    for (const byte of bytes) this.pushByte(byte);
  }

  /** Pads the last byte with `fill` bits (1 for JPEG) and returns the bytes. */
  finish(fill: 0 | 1 = 0): Buffer {
    while (this.count !== 0) this.write(fill, 1);
    return this.bytes();
  }
}
