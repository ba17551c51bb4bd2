#include "container/inventory.h"

#include <utility>

namespace dsmark {

Status Inventory::charge(size_t n) {
  uint64_t total = kept_bytes_ + n;
  if (total < kept_bytes_ || total > limits_.max_metadata_bytes) {
    return Status::limit("the file holds more metadata than the limit of " +
                         std::to_string(limits_.max_metadata_bytes) + " bytes");
  }
  kept_bytes_ = total;
  return Status::ok();
}

Status Inventory::add_xmp(std::string carrier, std::string xml) {
  DSMARK_RETURN_IF_ERROR(charge(xml.size()));
  xmp.push_back({std::move(carrier), std::move(xml)});
  return Status::ok();
}

Status Inventory::add_text(std::string carrier, std::string key, std::string value) {
  DSMARK_RETURN_IF_ERROR(charge(key.size() + value.size()));
  text.push_back({std::move(carrier), std::move(key), std::move(value)});
  return Status::ok();
}

Status Inventory::add_blob(BlobKind kind, std::string carrier, std::vector<uint8_t> bytes) {
  DSMARK_RETURN_IF_ERROR(charge(bytes.size()));
  blobs.push_back({kind, std::move(carrier), std::move(bytes)});
  return Status::ok();
}

}  // namespace dsmark
