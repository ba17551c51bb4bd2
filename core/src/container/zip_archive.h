// ZIP archives (PKWARE APPNOTE 6.3.x): the central directory (ZIP64 included) and stored or deflated entries,
// read with size caps and CRC checks. Office Open XML documents (docx, xlsx, pptx) are ZIP archives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark {

struct ZipEntry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;        // 0 stored, 8 deflated
  uint32_t crc = 0;
  uint64_t compressed_size = 0;
  uint64_t size = 0;
  uint64_t local_header_offset = 0;
};

// Reads the central directory (at most Limits::max_archive_entries entries).
Status read_zip_directory(Bytes file, const Limits& limits, std::vector<ZipEntry>& entries);

// The uncompressed bytes of one entry; refuses encrypted entries, unknown methods and entries larger than
// Limits::max_inflated_bytes, and checks the CRC-32.
Result<std::vector<uint8_t>> read_zip_entry(Bytes file, const ZipEntry& entry, const Limits& limits);

}  // namespace dsmark
