// Where C2PA manifest stores sit in a file, from what the container walkers put in the inventory: kC2pa blobs
// (PNG caBX, RIFF C2PA, GIF C2PA_GIF, TIFF 0xCD41, ID3 GEOB, the payload of the BMFF `uuid` box, a `.c2pa` sidecar)
// and JPEG APP11 segments, reassembled here (JPEG XT: CI "JP", En, Z; each later segment repeats the 8-byte box
// header).
#pragma once

#include <string>
#include <vector>

#include "container/inventory.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

struct LocatedStore {
  std::string carrier;          // "png:caBX", "jpeg:APP11", "mp4:uuid", "c2pa", …
  std::vector<uint8_t> bytes;   // the JUMBF manifest store
  std::vector<std::string> problems;
};

// Every manifest store in the inventory, in file order. `notes` receives findings that are not about one store
// (a BMFF `uuid` box holding Merkle data rather than a store, APP11 segments out of sequence, …).
std::vector<LocatedStore> locate_stores(const Inventory& inventory, std::vector<std::string>& notes);

// Reassembles JPEG APP11 segment payloads (in file order) into the C2PA stores they carry.
std::vector<LocatedStore> reassemble_jpeg_app11(const std::vector<const Blob*>& segments, std::vector<std::string>& notes);

// The store inside a kC2pa blob: the blob itself when it is JUMBF, or the BMFF `uuid` payload's store (FullBox
// header, purpose "manifest", u64 offset, store). Empty when the blob holds no store.
Bytes store_in_blob(const Blob& blob, std::string& note);

}  // namespace dsmark::c2pa
