// Every bound the core applies to untrusted input, in one struct passed explicitly (never a global).
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsmark {

struct Limits {
  uint64_t max_input_bytes = 2ull << 30;     // whole file
  uint32_t max_box_depth = 32;               // nesting of boxes, chunks, elements, EBML, JUMBF
  uint32_t max_boxes = 200000;               // boxes/segments/chunks/frames visited per file
  uint64_t max_pixels = 100'000'000;         // decoded image area
  uint32_t max_jpeg_scans = 500;             // scans of one progressive JPEG (thousands of tiny scans take minutes)
  uint64_t max_inflated_bytes = 16u << 20;   // one decompressed metadata blob (zTXt, iTXt, compressed frames)
  uint64_t max_metadata_bytes = 64u << 20;   // all metadata text kept for one file
  uint32_t max_xml_depth = 64;               // XMP element nesting
  uint32_t max_json_bytes = 1u << 20;        // one label's JSON text
  uint64_t max_audio_samples = 48000ull * 60 * 60;  // one hour at 48 kHz, per channel
  uint64_t max_scan_bytes = 16u << 20;       // media bytes searched for in-band marks (H.264/HEVC SEI) per file
  uint32_t max_archive_entries = 10000;      // ZIP central-directory entries, Office custom properties
  uint64_t max_text_bytes = 256u << 20;      // text analysed per input (the rest is not checked, with a warning)
  uint32_t max_text_findings = 1u << 20;     // invisible characters recorded per text
  uint32_t max_media_samples = 2'000'000;    // access units listed for one MP4/MOV/M4A track (sample tables, trun)
  uint32_t max_audio_lead_seconds = 60;      // silence played before a sound track that starts late (MP4 empty
                                             // edits); a longer lead is not written (times count from the sound)
};

}  // namespace dsmark
