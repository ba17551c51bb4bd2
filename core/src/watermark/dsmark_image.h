// dsmark's own image watermark (`watermark:dsmark-image`, version 1): a 64-bit payload in the luma of an image,
// blind detection that survives re-encoding, resizing, cropping, brightness changes and noise. The design is
// described in docs/watermark-dsmark-image.md; in short:
// - domain: the canonical view of the image (canonical.h: luma at a fixed area of 2^17 pixels), so resizing does
//   not matter; the mark is a lattice of band-pass cells every 4 canonical pixels, tiled every 128, so any crop
//   keeping 128 × 128 canonical pixels holds a whole tile;
// - sync: 384 of the 1024 cells of a tile carry a fixed pseudo-random pattern that repeats every 64 pixels; the
//   detector scans the scales a crop can produce and finds the pattern's offset by FFT cross-correlation;
// - payload: 64 bits + a 32-bit keyed check, a K=7 rate-1/3 convolutional code (306 coded bits, scrambled), each
//   coded bit carried by 2–3 of the other 640 cells; soft Viterbi decoding;
// - embedding: informed — for every coded bit the image's own contribution to the detector's soft value, as the
//   detector will see it (weights of the marked image, after the native round trip), is cancelled — at a strength
//   giving PSNR 40.2 dB, the payload part lowered where SSIM would drop below 0.982, spent less on flat areas;
// - decision: a payload is reported only when its check matches; with at most 4 checks compared per image the
//   false-positive probability is at most 4 × 2^−32 ≈ 9.3e-10 for any unmarked image.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dsmark/status.h"
#include "dsmark/watermark.h"
#include "image/image.h"

namespace dsmark {

struct Analysis;

struct DsmarkImageDetection {
  bool found = false;               // a payload decoded and its check matched
  uint64_t payload = 0;             // the 64-bit payload (valid when found)
  double p_value = 1;               // false-positive bound: candidates decoded × 2^−32 (1 when not found)
  double sync_z = 0;                // the strongest synchronisation peak, in standard deviations of its surface
  double scale = 1;                 // the mark's period relative to the embedding (> 1 after a crop)
  uint32_t candidates = 0;          // alignments decoded
  int corrected_bits = 0;           // coded bits whose sign disagreed with the decoded codeword
  double signal_to_noise = 0;       // mean |soft value| / their spread around the codeword, at the decoded alignment
};

// Looks for the mark in RGB(A) pixels. Images smaller than 128×128 give an unfound result.
DsmarkImageDetection detect_dsmark_image(const Image& image);

struct DsmarkEmbedStats {
  double psnr = 0;       // of the marked image against the input (all channels), dB
  double strength = 0;   // the cell amplitude used
};

// Adds the mark carrying `payload` to RGB(A) pixels (alpha untouched). Refuses images smaller than 256×256 in area
// or 128 pixels on a side. Reads its own mark back with detect_dsmark_image and refuses an image where it
// cannot be found (flat, fully saturated graphics leave the quality budget too little room).
Result<Image> embed_dsmark_image(const Image& image, uint64_t payload, DsmarkEmbedStats* stats = nullptr);

// The payload written when none is given: the bytes "dsmark" followed by 0x00 0x01.
inline constexpr uint64_t kDsmarkDefaultPayload = 0x64736D61726B0001ull;

// The embedder of embed_watermark() for images: decode (EXIF orientation applied), mark, encode as
// options.output_format (png, jpeg or webp), carrying XMP and EXIF metadata over where the format allows.
Result<std::vector<uint8_t>> embed_image_watermark(std::span<const uint8_t> input, Format format,
                                                   const EmbedOptions& options);

// The signal-detector entry for verify(): appends a `watermark:dsmark-image` mark when a payload is found.
void read_dsmark_image(Analysis& analysis);

}  // namespace dsmark
