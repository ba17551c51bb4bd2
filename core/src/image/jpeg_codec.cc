// JPEG through libjpeg-turbo: decoding to RGB (grey, YCbCr, CMYK/YCCK converted) and encoding from RGB.
// libjpeg reports fatal errors through error_exit, which must not return: it longjmps back here. Everything with a
// destructor is created before setjmp, and only C calls happen between setjmp and the end of decoding.
#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

// jpeglib.h needs size_t and FILE first; jerror.h names the warning codes.
#include <jpeglib.h>
#include <jerror.h>

#include "image/image.h"

namespace dsmark {
namespace {

struct ErrorState {
  jpeg_error_mgr mgr;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool ended_early;
  int corrupt_warnings;
  // A progressive JPEG may hold thousands of tiny scans that make decoding take minutes (libjpeg-turbo's "max scans"
  // advice); real encoders write ≤ 20. More than Limits::max_jpeg_scans is refused.
  int max_scans;
};

ErrorState* state_of(j_common_ptr cinfo) { return reinterpret_cast<ErrorState*>(cinfo->err); }

void on_error(j_common_ptr cinfo) {
  ErrorState* st = state_of(cinfo);
  (*cinfo->err->format_message)(cinfo, st->message);
  std::longjmp(st->jump, 1);
}

void on_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  ErrorState* st = state_of(cinfo);
  if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
    st->ended_early = true;
  } else {
    ++st->corrupt_warnings;
  }
  cinfo->err->num_warnings++;
}

void on_progress(j_common_ptr cinfo) {
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (cinfo->is_decompressor && d->input_scan_number > state_of(cinfo)->max_scans) {
    std::snprintf(state_of(cinfo)->message, JMSG_LENGTH_MAX, "the JPEG holds more than %d scans",
                  state_of(cinfo)->max_scans);
    std::longjmp(state_of(cinfo)->jump, 2);
  }
}

void init_errors(ErrorState& st) {
  std::memset(&st, 0, sizeof st);
  jpeg_std_error(&st.mgr);
  st.mgr.error_exit = on_error;
  st.mgr.emit_message = on_message;
}

// What a failed decode tells the caller: libjpeg's own words, classified.
Status jpeg_status(const ErrorState& st, int jumped) {
  const std::string why = st.message;
  if (jumped == 2) return Status::limit(why);
  if (why.find("Premature end") != std::string::npos) return Status::truncated("the JPEG data ends early");
  return Status::malformed("the JPEG image data is damaged (" + why + ")");
}

// Adobe CMYK/YCCK JPEGs store inverted ink values (Photoshop); plain CMYK is rare. Converted with the
// usual naive formula, which is what browsers do without a colour profile.
void cmyk_row_to_rgb(const uint8_t* src, uint8_t* dst, uint32_t width, uint32_t out_channels, bool inverted) {
  for (uint32_t x = 0; x < width; ++x) {
    uint32_t c = src[4 * x], m = src[4 * x + 1], y = src[4 * x + 2], k = src[4 * x + 3];
    if (!inverted) {
      c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
    }
    dst[out_channels * x] = static_cast<uint8_t>((c * k + 127) / 255);
    dst[out_channels * x + 1] = static_cast<uint8_t>((m * k + 127) / 255);
    dst[out_channels * x + 2] = static_cast<uint8_t>((y * k + 127) / 255);
    if (out_channels == 4) dst[out_channels * x + 3] = 255;
  }
}

struct DecodeJob {
  jpeg_decompress_struct cinfo;
  ErrorState err;
  jpeg_progress_mgr progress;
};

// Runs the libjpeg calls; returns 0 on success, or the longjmp code. `pixels` and `cmyk_row` are sized before
// any call that can fail after them, so nothing with a destructor is created past setjmp.
int run_decode(DecodeJob& job, std::span<const uint8_t> file, const Limits& limits, Image& image,
               std::vector<uint8_t>& cmyk_row, Status& refusal) {
  j_decompress_ptr cinfo = &job.cinfo;
  job.err.max_scans = static_cast<int>(std::min<uint32_t>(limits.max_jpeg_scans, 1u << 30));
  const int jumped = setjmp(job.err.jump);
  if (jumped) return jumped;
  jpeg_mem_src(cinfo, file.data(), static_cast<unsigned long>(file.size()));
  jpeg_read_header(cinfo, TRUE);
  if (uint64_t{cinfo->image_width} * cinfo->image_height > limits.max_pixels) {
    refusal = pixel_limit_status(cinfo->image_width, cinfo->image_height, limits);
    return 3;
  }
  const bool cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  cinfo->dct_method = JDCT_ISLOW;  // the same integer IDCT natively and in wasm (no SIMD there)
  job.progress.progress_monitor = on_progress;
  cinfo->progress = &job.progress;
  jpeg_start_decompress(cinfo);
  image.width = cinfo->output_width;
  image.height = cinfo->output_height;
  image.pixels.resize(size_t{image.width} * image.height * image.channels);
  if (cmyk) cmyk_row.resize(size_t{image.width} * 4);
  while (cinfo->output_scanline < cinfo->output_height) {
    uint8_t* dst = image.row(cinfo->output_scanline);
    JSAMPROW row = cmyk ? cmyk_row.data() : dst;
    if (jpeg_read_scanlines(cinfo, &row, 1) != 1) break;
    if (cmyk) cmyk_row_to_rgb(cmyk_row.data(), dst, image.width, image.channels, cinfo->saw_Adobe_marker);
  }
  jpeg_finish_decompress(cinfo);
  return 0;
}

}  // namespace

Result<ImageInfo> jpeg_info(std::span<const uint8_t> file) {
  DecodeJob job;
  init_errors(job.err);
  job.cinfo.err = &job.err.mgr;
  jpeg_create_decompress(&job.cinfo);
  ImageInfo info;
  int jumped = setjmp(job.err.jump);
  if (!jumped) {
    jpeg_mem_src(&job.cinfo, file.data(), static_cast<unsigned long>(file.size()));
    jpeg_read_header(&job.cinfo, TRUE);
    info.width = job.cinfo.image_width;
    info.height = job.cinfo.image_height;
  }
  jpeg_destroy_decompress(&job.cinfo);
  if (jumped) return jpeg_status(job.err, jumped);
  return info;
}

Result<DecodedImage> decode_jpeg(std::span<const uint8_t> file, const Limits& limits, bool /*keep_alpha*/) {
  DecodedImage out;
  out.image.channels = 3;  // JPEG has no alpha
  std::vector<uint8_t> cmyk_row;
  Status refusal;
  DecodeJob job;
  init_errors(job.err);
  job.cinfo.err = &job.err.mgr;
  jpeg_create_decompress(&job.cinfo);
  const int jumped = run_decode(job, file, limits, out.image, cmyk_row, refusal);
  const uint32_t rows_done = job.cinfo.output_scanline;
  jpeg_destroy_decompress(&job.cinfo);
  if (jumped == 3) return refusal;
  if (jumped) {
    // A stream that breaks after some rows still shows those rows; the rest stays black, as browsers do.
    if (jumped == 1 && rows_done > 0 && !out.image.pixels.empty()) {
      out.warnings.push_back("the JPEG image data is damaged after row " + std::to_string(rows_done) + " of " +
                             std::to_string(out.image.height) + " (" + std::string(job.err.message) + ")");
      return out;
    }
    return jpeg_status(job.err, jumped);
  }
  if (job.err.ended_early) out.warnings.push_back("the JPEG image data ends early; the missing part is grey");
  if (job.err.corrupt_warnings > 0) out.warnings.push_back("the JPEG image data has damaged parts");
  return out;
}

Result<std::vector<uint8_t>> encode_jpeg(const Image& image, int quality) {
  if (image.width == 0 || image.height == 0 || image.width > 65500 || image.height > 65500) {
    return Status::unsupported("a JPEG cannot hold an image of " + std::to_string(image.width) + " × " +
                               std::to_string(image.height) + " pixels");
  }
  jpeg_compress_struct cinfo;
  ErrorState err;
  init_errors(err);
  cinfo.err = &err.mgr;
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  std::vector<uint8_t> rgb_row(size_t{image.width} * 3);
  const int jumped = setjmp(err.jump);
  if (!jumped) {
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = image.width;
    cinfo.image_height = image.height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    cinfo.optimize_coding = TRUE;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
      const uint8_t* src = image.row(cinfo.next_scanline);
      if (image.channels == 4) {  // alpha is dropped (composited over white)
        for (uint32_t x = 0; x < image.width; ++x) {
          const uint32_t a = src[4 * x + 3];
          for (int c = 0; c < 3; ++c) {
            rgb_row[3 * x + c] = static_cast<uint8_t>((src[4 * x + c] * a + 255 * (255 - a) + 127) / 255);
          }
        }
        src = rgb_row.data();
      }
      JSAMPROW row = const_cast<JSAMPROW>(src);
      jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
  }
  jpeg_destroy_compress(&cinfo);
  if (jumped) {
    std::free(buffer);
    return Status::malformed(std::string("the JPEG could not be written (") + err.message + ")");
  }
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

}  // namespace dsmark
