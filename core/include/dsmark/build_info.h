// What this build of the core was configured with, for `dsmark --version` and embedders.
#pragma once

#include <string_view>

namespace dsmark {

// The licence a binary linked with this build of the core is distributed under: "Apache-2.0", or
// "GPL-3.0-or-later" when the build decodes AAC with libfaad (GPL-2.0-or-later; README "Licence").
std::string_view build_licence();

}  // namespace dsmark
