import { MsbBitWriter } from './bits.js';
import type { Raster } from './raster.js';

/**
 * An H.264 (constrained baseline) stream as MP4 stores it: parameter sets apart, one access unit
 * per frame as length-prefixed NAL units.
 */
export interface H264Stream {
  /** Sequence parameter set NAL unit (header byte included). */
  sps: Buffer;
  /** Picture parameter set NAL unit. */
  pps: Buffer;
  /** One sample per frame: 4-byte big-endian length + NAL unit. The first is an IDR frame. */
  samples: Buffer[];
}

/** mb_type of I_PCM in an I slice; P slices number intra types from 5. */
const I_PCM = 25;
const P_INTRA_OFFSET = 5;
/** 16 bits of frame_num: enough for every frame the simulator makes. */
const LOG2_MAX_FRAME_NUM = 16;
/** The moving square advances one macroblock every this many frames. */
const FRAMES_PER_STEP = 3;

/** Inserts emulation-prevention bytes (00 00 0x → 00 00 03 0x for x ≤ 3) and the NAL header. */
function nal(header: number, rbsp: Uint8Array): Buffer {
  const out = Buffer.alloc(1 + rbsp.length + Math.ceil(rbsp.length / 2));
  out[0] = header;
  let length = 1;
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out[length++] = 3;
      zeros = 0;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

function lengthPrefixed(unit: Buffer): Buffer {
  const out = Buffer.alloc(4 + unit.length);
  out.writeUInt32BE(unit.length, 0);
  unit.copy(out, 4);
  return out;
}

function trailingBits(bits: MsbBitWriter): Buffer {
  bits.write(1, 1);
  return bits.finish(0);
}

function sequenceParameterSet(codedWidth: number, codedHeight: number, mbs: MbGrid): Buffer {
  const bits = new MsbBitWriter();
  bits.write(66, 8); // profile: baseline
  bits.write(0xc0, 8); // constraint_set0 + constraint_set1: constrained baseline
  bits.write(30, 8); // level 3.0
  bits.ue(0); // seq_parameter_set_id
  bits.ue(LOG2_MAX_FRAME_NUM - 4);
  bits.ue(2); // pic_order_cnt_type 2: output order = decoding order
  bits.ue(1); // max_num_ref_frames
  bits.write(0, 1); // gaps_in_frame_num_value_allowed_flag
  bits.ue(mbs.columns - 1);
  bits.ue(mbs.rows - 1);
  bits.write(1, 1); // frame_mbs_only_flag
  bits.write(1, 1); // direct_8x8_inference_flag
  const right = (mbs.columns * 16 - codedWidth) / 2;
  const bottom = (mbs.rows * 16 - codedHeight) / 2;
  const cropped = right > 0 || bottom > 0;
  bits.write(cropped ? 1 : 0, 1);
  if (cropped) {
    bits.ue(0);
    bits.ue(right);
    bits.ue(0);
    bits.ue(bottom);
  }
  bits.write(0, 1); // vui_parameters_present_flag
  return nal(0x67, trailingBits(bits));
}

function pictureParameterSet(): Buffer {
  const bits = new MsbBitWriter();
  bits.ue(0); // pic_parameter_set_id
  bits.ue(0); // seq_parameter_set_id
  bits.write(0, 1); // entropy_coding_mode_flag: CAVLC
  bits.write(0, 1); // bottom_field_pic_order_in_frame_present_flag
  bits.ue(0); // num_slice_groups_minus1
  bits.ue(0); // num_ref_idx_l0_default_active_minus1
  bits.ue(0); // num_ref_idx_l1_default_active_minus1
  bits.write(0, 1); // weighted_pred_flag
  bits.write(0, 2); // weighted_bipred_idc
  bits.se(0); // pic_init_qp_minus26
  bits.se(0); // pic_init_qs_minus26
  bits.se(0); // chroma_qp_index_offset
  bits.write(1, 1); // deblocking_filter_control_present_flag
  bits.write(0, 1); // constrained_intra_pred_flag
  bits.write(0, 1); // redundant_pic_cnt_present_flag
  return nal(0x68, trailingBits(bits));
}

/** A picture's size in 16×16 macroblocks. */
export interface MbGrid {
  columns: number;
  rows: number;
}

/**
 * Limited-range BT.601 Y, Cb, Cr of an RGB colour, kept within 1–254 (PCM samples avoid 0).
 *
 * @example
 * ```ts
 * toYuv([255, 255, 255]); // [235, 128, 128]
 * ```
 */
export function toYuv([r, g, b]: readonly [number, number, number]): [number, number, number] {
  const clamp = (v: number): number => Math.min(254, Math.max(1, Math.round(v)));
  return [
    clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  ];
}

/** Y, Cb and Cr of every raster cell, computed once per picture. */
function yuvCells(raster: Raster): Uint8Array {
  const count = raster.columns * raster.rows;
  const out = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    const [y, cb, cr] = toYuv([
      raster.cells[i * 3] ?? 0,
      raster.cells[i * 3 + 1] ?? 0,
      raster.cells[i * 3 + 2] ?? 0,
    ]);
    out[i * 3] = y;
    out[i * 3 + 1] = cb;
    out[i * 3 + 2] = cr;
  }
  return out;
}

/** The 384 PCM samples of macroblock `index` (16×16 luma, then 8×8 Cb and Cr). */
function macroblock(raster: Raster, yuv: Uint8Array, mbs: MbGrid, index: number): Uint8Array {
  const out = new Uint8Array(384);
  const left = (index % mbs.columns) * 16;
  const top = Math.floor(index / mbs.columns) * 16;
  const { width, height, cell, columns } = raster;
  const at = (x: number, y: number): number =>
    (Math.floor(Math.min(height - 1, top + y) / cell) * columns +
      Math.floor(Math.min(width - 1, left + x) / cell)) *
    3;
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) out[y * 16 + x] = yuv[at(x, y)] ?? 128;
  }
  // Chroma is subsampled 2:1 both ways: the top-left pixel of each 2×2 block stands for it.
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const offset = at(x * 2, y * 2);
      out[256 + y * 8 + x] = yuv[offset + 1] ?? 128;
      out[320 + y * 8 + x] = yuv[offset + 2] ?? 128;
    }
  }
  return out;
}

/** The PCM samples of a flat near-white macroblock: the square that moves across the picture. */
export const SQUARE = (() => {
  const out = new Uint8Array(384).fill(128);
  out.fill(230, 0, 256);
  return out;
})();

function sliceHeader(bits: MsbBitWriter, frame: number): void {
  const idr = frame === 0;
  bits.ue(0); // first_mb_in_slice
  bits.ue(idr ? 7 : 5); // slice_type: I or P (all slices of the picture alike)
  bits.ue(0); // pic_parameter_set_id
  bits.write(frame % (1 << LOG2_MAX_FRAME_NUM), LOG2_MAX_FRAME_NUM); // frame_num
  if (idr) {
    bits.ue(0); // idr_pic_id
  } else {
    bits.write(0, 1); // num_ref_idx_active_override_flag
    bits.write(0, 1); // ref_pic_list_modification_flag_l0
  }
  // dec_ref_pic_marking(): no_output_of_prior_pics + long_term_reference, or sliding window.
  if (idr) bits.write(0, 2);
  else bits.write(0, 1);
  bits.se(0); // slice_qp_delta
  bits.ue(1); // disable_deblocking_filter_idc: off (PCM blocks need none)
}

function pcm(bits: MsbBitWriter, mbType: number, samples: Uint8Array): void {
  bits.ue(mbType);
  while (!bits.aligned()) bits.write(0, 1); // pcm_alignment_zero_bit
  bits.writeBytes(samples);
}

/**
 * The macroblock the square covers in frame `frame`: it bounces off the edges of the grid.
 *
 * @example
 * ```ts
 * squareAt({ columns: 4, rows: 3 }, 0); // 0
 * ```
 */
export function squareAt(mbs: MbGrid, frame: number): number {
  const step = Math.floor(frame / FRAMES_PER_STEP);
  const bounce = (n: number, size: number): number => {
    if (size <= 1) return 0;
    const period = 2 * (size - 1);
    const t = n % period;
    return t < size ? t : period - t;
  };
  return bounce(step, mbs.rows) * mbs.columns + bounce(step, mbs.columns);
}

/**
 * Encodes `frames` frames of the raster as constrained-baseline H.264: an IDR frame of I_PCM
 * macroblocks (raw samples, so no transform is needed), then P frames that skip every macroblock
 * except a small square that moves across the picture. The raster's size should be even.
 */
export function encodeH264(raster: Raster, frames: number): H264Stream {
  const mbs: MbGrid = {
    columns: Math.ceil(raster.width / 16),
    rows: Math.ceil(raster.height / 16),
  };
  const total = mbs.columns * mbs.rows;
  const yuv = yuvCells(raster);
  const samples: Buffer[] = [];
  const first = new MsbBitWriter();
  sliceHeader(first, 0);
  const square = squareAt(mbs, 0);
  for (let index = 0; index < total; index++) {
    pcm(first, I_PCM, index === square ? SQUARE : macroblock(raster, yuv, mbs, index));
  }
  samples.push(lengthPrefixed(nal(0x65, trailingBits(first))));
  for (let frame = 1; frame < frames; frame++) {
    const bits = new MsbBitWriter();
    sliceHeader(bits, frame);
    const from = squareAt(mbs, frame - 1);
    const to = squareAt(mbs, frame);
    // Coded macroblocks in address order: where the square was (background again), where it is.
    const coded = new Map<number, Uint8Array>();
    if (from !== to) {
      coded.set(from, macroblock(raster, yuv, mbs, from));
      coded.set(to, SQUARE);
    }
    let next = 0;
    for (const index of [...coded.keys()].sort((a, b) => a - b)) {
      bits.ue(index - next); // mb_skip_run
      pcm(bits, P_INTRA_OFFSET + I_PCM, coded.get(index) ?? SQUARE);
      next = index + 1;
    }
    if (next < total) bits.ue(total - next);
    samples.push(lengthPrefixed(nal(0x41, trailingBits(bits))));
  }
  return {
    sps: sequenceParameterSet(raster.width, raster.height, mbs),
    pps: pictureParameterSet(),
    samples,
  };
}
