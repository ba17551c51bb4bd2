// Hashes and signature checks for C2PA, on mbedTLS (SHA-2, RSA PKCS#1 v1.5 and PSS, ECDSA P-256/384/521) and
// libsodium (Ed25519): the same maintained libraries natively and in WebAssembly. Keys come from X.509
// SubjectPublicKeyInfo structures parsed by x509.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

enum class HashAlg { kSha256, kSha384, kSha512 };

// "sha256", "sha384", "sha512" (C2PA's names); false for anything else.
bool hash_alg_from_name(std::string_view name, HashAlg& out);
std::string_view hash_alg_name(HashAlg alg);
size_t hash_size(HashAlg alg);

// Incremental SHA-2.
class Hasher {
 public:
  explicit Hasher(HashAlg alg);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void update(Bytes data);
  std::vector<uint8_t> finish();

 private:
  struct State;
  HashAlg alg_;
  std::unique_ptr<State> state_;
};

std::vector<uint8_t> digest(HashAlg alg, Bytes data);

struct PublicKey {
  enum class Kind { kNone, kRsa, kEc, kEd25519 };
  Kind kind = Kind::kNone;
  std::string curve;   // "P-256", "P-384", "P-521" for kEc
  Bytes rsa_n, rsa_e;  // big-endian, no leading zeros (kRsa)
  Bytes point;         // uncompressed EC point (kEc) or the 32-byte Ed25519 key
  size_t bits = 0;     // RSA modulus or curve size
};

// How a signature was made.
enum class SigScheme { kRsaPkcs1v15, kRsaPss, kEcdsa, kEd25519 };

struct SignatureSpec {
  SigScheme scheme = SigScheme::kEcdsa;
  HashAlg hash = HashAlg::kSha256;  // message digest (and MGF1 digest for PSS)
  int pss_salt = -1;                // PSS salt length; -1 = the digest length
  bool ecdsa_raw = false;           // ECDSA signature as r||s (COSE) rather than a DER SEQUENCE (X.509)
};

// Verifies `signature` over `message` with `key`. ok, or a plain reason why not.
Status verify_signature(const PublicKey& key, const SignatureSpec& spec, Bytes message, Bytes signature);

}  // namespace dsmark::c2pa
