// ReservedCode1/ReservedCode2 of a GB 45438 label: the producer's and the propagator's integrity data. The TC260
// security-data guide (TC260-PG-202511A) puts a JSON object there:
//   {"SecurityData":{"Type":"TC260PG","Version":1,"PubSD":[{"Type":"DS","AlgID":"1.2.156.10197.1.501",…,
//    "Signature":"3046…"},{"Type":"PubKey",…,"KeyValue":"3059…"}]}}
// an SM3withSM2 signature over "Label":"…","ContentProducer":"…","ProduceID":"…" (user id 1234567812345678)
// with the public key beside it. Other producers write a bare DER signature in hex, a hash, or an opaque token.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dsmark/value.h"

namespace dsmark {

// Describes `field` ("ReservedCode1"/"ReservedCode2") of a label whose string fields are in `label`:
// a report object ({"form", "algorithm", "alg_id", "signature", "signed_fields", …}) or a null Value when the
// value is empty or opaque. An SM2 signature is verified (mbedTLS curve arithmetic, in both builds); a failed
// verification is added to `problems`.
Value describe_reserved_code(std::string_view value, std::string_view field, const Value& label,
                             std::vector<std::string>& problems);

}  // namespace dsmark
