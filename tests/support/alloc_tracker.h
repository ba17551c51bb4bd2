// Records the largest single heap allocation made through operator new while a scope is active,
// so tests can prove that hostile sizes never turn into huge allocations.
#pragma once

#include <cstddef>

namespace dsmark::test {

class AllocTracker {
 public:
  AllocTracker();
  ~AllocTracker();
  size_t largest() const;
};

}  // namespace dsmark::test
