// One file's budget of structural units (ISO-BMFF boxes, EBML elements): how many every reader of the file may
// visit together (Limits::max_boxes) and how deep they may nest (Limits::max_box_depth). BmffBudget and EbmlBudget
// are this budget, named by their units for the messages.
#pragma once

#include <cstdint>
#include <string>

#include "dsmark/limits.h"
#include "dsmark/status.h"

namespace dsmark {

class UnitBudget {
 public:
  // `units` names the units in messages, in the plural: "ISO-BMFF boxes".
  UnitBudget(const Limits& l, const char* units) : limits(l), units_(units) {}

  // Counts one unit read at nesting `depth` (0: top level); a limit Status when either limit is passed.
  Status enter(uint32_t depth) {
    if (depth > limits.max_box_depth) {
      return Status::limit(std::string(units_) + " are nested deeper than the limit of " +
                           std::to_string(limits.max_box_depth));
    }
    if (++visited > limits.max_boxes) {
      return Status::limit("the file has more " + std::string(units_) + " than the limit of " +
                           std::to_string(limits.max_boxes));
    }
    return Status::ok();
  }

  Limits limits;
  uint32_t visited = 0;  // units counted so far, across every reader sharing this budget

 private:
  const char* units_;
};

}  // namespace dsmark
