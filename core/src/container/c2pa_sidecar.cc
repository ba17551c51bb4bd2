// A `.c2pa` sidecar: a C2PA manifest store on its own (a JUMBF superbox of type `c2pa`), beside the asset it describes.
#include <string>

#include "container/walkers.h"

namespace dsmark {

Status walk_c2pa_sidecar(std::span<const uint8_t> file, Inventory& inv) {
  return inv.add_blob(BlobKind::kC2pa, "c2pa", std::vector<uint8_t>(file.begin(), file.end()));
}

}  // namespace dsmark
