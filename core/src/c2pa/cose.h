// COSE_Sign1 (RFC 9052) as C2PA claim signatures use it: tag 18, protected header with `alg` (1) and `x5chain`
// (33, signer first; older claims put it in the unprotected header), detached payload (the claim's CBOR),
// RFC 3161 time-stamp tokens under `sigTst` / `sigTst2`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2pa/cbor.h"
#include "c2pa/crypto.h"
#include "dsmark/status.h"

namespace dsmark::c2pa {

struct CoseSign1 {
  Bytes protected_bytes;        // the serialized protected header, as signed
  CborValue protected_header;   // its decoded map
  CborValue unprotected;
  bool has_payload = false;     // C2PA payloads are detached (nil)
  Bytes payload;
  Bytes signature;
  bool has_alg = false;
  int64_t alg = 0;
  std::vector<Bytes> x5chain;   // DER certificates, signer first
  bool x5chain_unprotected = false;
  std::vector<Bytes> timestamps;  // RFC 3161 tokens
  int timestamp_version = 0;      // 1 for sigTst, 2 for sigTst2
};

Result<CoseSign1> parse_cose_sign1(Bytes data, const CborLimits& limits = {});

// "ES256", "PS384", "Ed25519", …; empty for algorithms C2PA does not allow.
std::string_view cose_alg_name(int64_t alg);
// How a COSE algorithm signs; false for algorithms C2PA does not allow.
bool cose_signature_spec(int64_t alg, SignatureSpec& spec);

// Sig_structure = ["Signature1", protected, external_aad = h'', payload] in CBOR: the bytes that were signed.
std::string cose_to_be_signed(const CoseSign1& cose, Bytes payload);

// What an RFC 3161 time-stamp token (or a TimeStampResp around one) states. Its TSA signature is not verified.
struct TimeStampInfo {
  bool parsed = false;
  int64_t gen_time = 0;     // seconds since 1970
  std::string authority;    // the TSA certificate's subject, when the token carries it
};
TimeStampInfo read_timestamp_token(Bytes token);

}  // namespace dsmark::c2pa
