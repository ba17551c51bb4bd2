// Format sniffing from magic bytes (never from a file name).
#pragma once

#include <cstdint>
#include <span>

#include "dsmark/report.h"

namespace dsmark {

Format sniff_format(std::span<const uint8_t> bytes);

}  // namespace dsmark
