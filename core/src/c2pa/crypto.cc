#include "c2pa/crypto.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <sodium.h>

#include "c2pa/der.h"

namespace dsmark::c2pa {

bool hash_alg_from_name(std::string_view name, HashAlg& out) {
  if (name == "sha256") out = HashAlg::kSha256;
  else if (name == "sha384") out = HashAlg::kSha384;
  else if (name == "sha512") out = HashAlg::kSha512;
  else return false;
  return true;
}

std::string_view hash_alg_name(HashAlg alg) {
  switch (alg) {
    case HashAlg::kSha256: return "sha256";
    case HashAlg::kSha384: return "sha384";
    case HashAlg::kSha512: return "sha512";
  }
  return "sha256";
}

size_t hash_size(HashAlg alg) { return alg == HashAlg::kSha256 ? 32 : alg == HashAlg::kSha384 ? 48 : 64; }

struct Hasher::State {
  mbedtls_sha256_context s256;
  mbedtls_sha512_context s512;
};

Hasher::Hasher(HashAlg alg) : alg_(alg), state_(std::make_unique<State>()) {
  if (alg_ == HashAlg::kSha256) {
    mbedtls_sha256_init(&state_->s256);
    mbedtls_sha256_starts_ret(&state_->s256, 0);
  } else {
    mbedtls_sha512_init(&state_->s512);
    mbedtls_sha512_starts_ret(&state_->s512, alg_ == HashAlg::kSha384 ? 1 : 0);
  }
}

Hasher::~Hasher() {
  if (alg_ == HashAlg::kSha256) mbedtls_sha256_free(&state_->s256);
  else mbedtls_sha512_free(&state_->s512);
}

void Hasher::update(Bytes data) {
  if (data.empty()) return;
  if (alg_ == HashAlg::kSha256) mbedtls_sha256_update_ret(&state_->s256, data.data(), data.size());
  else mbedtls_sha512_update_ret(&state_->s512, data.data(), data.size());
}

std::vector<uint8_t> Hasher::finish() {
  std::vector<uint8_t> out(64);
  if (alg_ == HashAlg::kSha256) mbedtls_sha256_finish_ret(&state_->s256, out.data());
  else mbedtls_sha512_finish_ret(&state_->s512, out.data());
  out.resize(hash_size(alg_));
  return out;
}

std::vector<uint8_t> digest(HashAlg alg, Bytes data) {
  Hasher h(alg);
  h.update(data);
  return h.finish();
}

namespace {

mbedtls_md_type_t md_type(HashAlg a) {
  switch (a) {
    case HashAlg::kSha256: return MBEDTLS_MD_SHA256;
    case HashAlg::kSha384: return MBEDTLS_MD_SHA384;
    case HashAlg::kSha512: return MBEDTLS_MD_SHA512;
  }
  return MBEDTLS_MD_SHA256;
}

constexpr size_t kMaxRsaBits = 8192;  // a bigger modulus is no real signer's and only costs time

Status verify_rsa(const PublicKey& key, const SignatureSpec& spec, Bytes message, Bytes sig) {
  if (key.bits > kMaxRsaBits) return Status::unsupported("the RSA key is larger than " + std::to_string(kMaxRsaBits) + " bits");
  mbedtls_rsa_context rsa;
  mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
  Status result = Status::ok();
  if (mbedtls_rsa_import_raw(&rsa, key.rsa_n.data(), key.rsa_n.size(), nullptr, 0, nullptr, 0, nullptr, 0,
                             key.rsa_e.data(), key.rsa_e.size()) != 0 ||
      mbedtls_rsa_complete(&rsa) != 0 || mbedtls_rsa_check_pubkey(&rsa) != 0) {
    result = Status::malformed("the RSA public key is invalid");
  } else if (sig.size() != mbedtls_rsa_get_len(&rsa)) {
    result = Status::malformed("the RSA signature has the wrong length");
  } else {
    const std::vector<uint8_t> h = digest(spec.hash, message);
    int rc;
    if (spec.scheme == SigScheme::kRsaPss) {
      mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V21, md_type(spec.hash));
      const int salt = spec.pss_salt < 0 ? static_cast<int>(h.size()) : spec.pss_salt;
      rc = mbedtls_rsa_rsassa_pss_verify_ext(&rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, md_type(spec.hash),
                                             static_cast<unsigned>(h.size()), h.data(), md_type(spec.hash), salt,
                                             sig.data());
    } else {
      rc = mbedtls_rsa_rsassa_pkcs1_v15_verify(&rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, md_type(spec.hash),
                                               static_cast<unsigned>(h.size()), h.data(), sig.data());
    }
    if (rc != 0) result = Status::malformed("the signature does not match");
  }
  mbedtls_rsa_free(&rsa);
  return result;
}

// The curve groups, loaded once per thread: mbedTLS keeps the precomputed multiples of the base point in the group
// (MBEDTLS_ECP_FIXED_POINT_OPTIM), so a reused group makes every later verification about twice as fast.
mbedtls_ecp_group* curve(mbedtls_ecp_group_id gid) {
  struct Groups {
    mbedtls_ecp_group g[3];
    bool loaded[3] = {false, false, false};
    Groups() {
      for (auto& x : g) mbedtls_ecp_group_init(&x);
    }
    ~Groups() {
      for (auto& x : g) mbedtls_ecp_group_free(&x);
    }
  };
  thread_local Groups groups;
  const int i = gid == MBEDTLS_ECP_DP_SECP256R1 ? 0 : gid == MBEDTLS_ECP_DP_SECP384R1 ? 1 : 2;
  if (!groups.loaded[i]) {
    if (mbedtls_ecp_group_load(&groups.g[i], gid) != 0) return nullptr;
    groups.loaded[i] = true;
  }
  return &groups.g[i];
}

Status verify_ecdsa(const PublicKey& key, const SignatureSpec& spec, Bytes message, Bytes sig) {
  mbedtls_ecp_group_id gid = MBEDTLS_ECP_DP_NONE;
  size_t field = 0;
  if (key.curve == "P-256") gid = MBEDTLS_ECP_DP_SECP256R1, field = 32;
  else if (key.curve == "P-384") gid = MBEDTLS_ECP_DP_SECP384R1, field = 48;
  else if (key.curve == "P-521") gid = MBEDTLS_ECP_DP_SECP521R1, field = 66;
  else return Status::unsupported("the elliptic curve is not supported");
  Bytes r_bytes, s_bytes;
  if (spec.ecdsa_raw && sig.size() == 2 * field) {
    r_bytes = sig.first(field);
    s_bytes = sig.subspan(field);
  } else {
    // DER SEQUENCE { r INTEGER, s INTEGER } (X.509, and some COSE writers).
    DerReader outer(sig);
    DerItem seq, r, s;
    if (!outer.expect(der_tag::kSequence, seq) || !outer.empty()) return Status::malformed("the ECDSA signature is malformed");
    DerReader inner(seq.content);
    if (!inner.expect(der_tag::kInteger, r) || !inner.expect(der_tag::kInteger, s) || !inner.empty()) {
      return Status::malformed("the ECDSA signature is malformed");
    }
    r_bytes = der_unsigned(r.content);
    s_bytes = der_unsigned(s.content);
  }
  mbedtls_ecp_group* grp = curve(gid);
  mbedtls_ecp_point q;
  mbedtls_mpi r, s;
  mbedtls_ecp_point_init(&q);
  mbedtls_mpi_init(&r);
  mbedtls_mpi_init(&s);
  Status result = Status::ok();
  if (!grp || mbedtls_ecp_point_read_binary(grp, &q, key.point.data(), key.point.size()) != 0 ||
      mbedtls_ecp_check_pubkey(grp, &q) != 0) {
    result = Status::malformed("the EC public key is invalid");
  } else if (mbedtls_mpi_read_binary(&r, r_bytes.data(), r_bytes.size()) != 0 ||
             mbedtls_mpi_read_binary(&s, s_bytes.data(), s_bytes.size()) != 0) {
    result = Status::malformed("the ECDSA signature is malformed");
  } else {
    const std::vector<uint8_t> h = digest(spec.hash, message);
    if (mbedtls_ecdsa_verify(grp, h.data(), h.size(), &q, &r, &s) != 0) {
      result = Status::malformed("the signature does not match");
    }
  }
  mbedtls_mpi_free(&r);
  mbedtls_mpi_free(&s);
  mbedtls_ecp_point_free(&q);
  return result;
}

Status verify_ed25519(const PublicKey& key, Bytes message, Bytes sig) {
  static const int init = sodium_init();  // picks implementations once; verification works either way
  (void)init;
  if (key.point.size() != crypto_sign_ed25519_PUBLICKEYBYTES) return Status::malformed("the Ed25519 key is invalid");
  if (sig.size() != crypto_sign_ed25519_BYTES) return Status::malformed("the Ed25519 signature has the wrong length");
  if (crypto_sign_ed25519_verify_detached(sig.data(), message.data(), message.size(), key.point.data()) != 0) {
    return Status::malformed("the signature does not match");
  }
  return Status::ok();
}

}  // namespace

Status verify_signature(const PublicKey& key, const SignatureSpec& spec, Bytes message, Bytes signature) {
  switch (spec.scheme) {
    case SigScheme::kRsaPkcs1v15:
    case SigScheme::kRsaPss:
      if (key.kind != PublicKey::Kind::kRsa) return Status::malformed("the signature algorithm does not match the key");
      return verify_rsa(key, spec, message, signature);
    case SigScheme::kEcdsa:
      if (key.kind != PublicKey::Kind::kEc) return Status::malformed("the signature algorithm does not match the key");
      return verify_ecdsa(key, spec, message, signature);
    case SigScheme::kEd25519:
      if (key.kind != PublicKey::Kind::kEd25519) return Status::malformed("the signature algorithm does not match the key");
      return verify_ed25519(key, message, signature);
  }
  return Status::unsupported("unknown signature scheme");
}

}  // namespace dsmark::c2pa
