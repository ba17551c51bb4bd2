// The C2PA scheme reader: every manifest store the container walkers found (or a remote manifest reference in
// XMP `dcterms:provenance`) becomes one `c2pa` mark. The active manifest is validated (claim signature, signer
// chain against the bundled C2PA Trust List, hashed URIs, hard binding to the file's bytes) and read for what it
// says about the content's origin, its ingredients walked the same way.
#pragma once

#include "analysis/analysis.h"

namespace dsmark {

void read_c2pa(Analysis& analysis);

}  // namespace dsmark
