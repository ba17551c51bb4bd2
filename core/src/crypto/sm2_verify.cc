#include "crypto/sm2_verify.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>

#include <array>
#include <vector>

#include "crypto/sm3.h"

namespace dsmark {
namespace {

// The SM2 recommended curve (GB/T 32918.5-2017).
constexpr const char* kP = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";
constexpr const char* kA = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC";
constexpr const char* kB = "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93";
constexpr const char* kN = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
constexpr const char* kGx = "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7";
constexpr const char* kGy = "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0";

// RAII for the mbedTLS structures.
struct Mpi {
  Mpi() { mbedtls_mpi_init(&v); }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
  mbedtls_mpi v;
};
struct Group {
  Group() { mbedtls_ecp_group_init(&g); }
  ~Group() { mbedtls_ecp_group_free(&g); }
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  mbedtls_ecp_group g;
};
struct Point {
  Point() { mbedtls_ecp_point_init(&p); }
  ~Point() { mbedtls_ecp_point_free(&p); }
  Point(const Point&) = delete;
  Point& operator=(const Point&) = delete;
  mbedtls_ecp_point p;
};

bool load_sm2(mbedtls_ecp_group& g) {
  // A stays unset: mbedTLS then uses its a = -3 formulas, and the SM2 a is p - 3.
  if (mbedtls_mpi_read_string(&g.P, 16, kP) || mbedtls_mpi_read_string(&g.B, 16, kB) ||
      mbedtls_mpi_read_string(&g.N, 16, kN) || mbedtls_mpi_read_string(&g.G.X, 16, kGx) ||
      mbedtls_mpi_read_string(&g.G.Y, 16, kGy) || mbedtls_mpi_lset(&g.G.Z, 1)) {
    return false;
  }
  g.pbits = 256;
  g.nbits = 256;
  return true;
}

// Minimal DER: tag, definite length (short or long form up to 4 bytes), contents.
bool der_next(std::span<const uint8_t>& in, uint8_t want, std::span<const uint8_t>& content) {
  if (in.size() < 2 || in[0] != want) return false;
  size_t len = in[1], head = 2;
  if (len & 0x80) {
    const size_t n = len & 0x7F;
    if (n == 0 || n > 4 || in.size() < 2 + n) return false;
    len = 0;
    for (size_t i = 0; i < n; ++i) len = len << 8 | in[2 + i];
    head = 2 + n;
  }
  if (len > in.size() - head) return false;
  content = in.subspan(head, len);
  in = in.subspan(head + len);
  return true;
}

// The uncompressed point 04||x||y of a public key given as SubjectPublicKeyInfo, a point, or x||y.
bool public_point(std::span<const uint8_t> key, std::array<uint8_t, 65>& point) {
  if (key.size() == 65 && key[0] == 0x04) {
    std::copy(key.begin(), key.end(), point.begin());
    return true;
  }
  if (key.size() == 64) {
    point[0] = 0x04;
    std::copy(key.begin(), key.end(), point.begin() + 1);
    return true;
  }
  std::span<const uint8_t> in = key, spki, algorithm, bits;
  if (!der_next(in, 0x30, spki) || !der_next(spki, 0x30, algorithm) || !der_next(spki, 0x03, bits)) return false;
  if (bits.size() != 66 || bits[0] != 0 || bits[1] != 0x04) return false;
  std::copy(bits.begin() + 1, bits.end(), point.begin());
  return true;
}

bool signature_values(std::span<const uint8_t> sig, mbedtls_mpi& r, mbedtls_mpi& s) {
  if (sig.size() == 64) {
    return !mbedtls_mpi_read_binary(&r, sig.data(), 32) && !mbedtls_mpi_read_binary(&s, sig.data() + 32, 32);
  }
  std::span<const uint8_t> in = sig, seq, ri, si;
  if (!der_next(in, 0x30, seq) || !der_next(seq, 0x02, ri) || !der_next(seq, 0x02, si) || ri.size() > 33 ||
      si.size() > 33) {
    return false;
  }
  return !mbedtls_mpi_read_binary(&r, ri.data(), ri.size()) && !mbedtls_mpi_read_binary(&s, si.data(), si.size());
}

}  // namespace

Sm2Result sm2_verify(std::span<const uint8_t> public_key, std::span<const uint8_t> signature,
                     std::span<const uint8_t> message, std::string_view user_id) {
  Group grp;
  if (!load_sm2(grp.g)) return Sm2Result::kBadKey;
  std::array<uint8_t, 65> point{};
  Point pa;
  if (!public_point(public_key, point) || mbedtls_ecp_point_read_binary(&grp.g, &pa.p, point.data(), point.size()) ||
      mbedtls_ecp_check_pubkey(&grp.g, &pa.p)) {
    return Sm2Result::kBadKey;
  }
  Mpi r, s;
  if (!signature_values(signature, r.v, s.v)) return Sm2Result::kBadSignature;
  // 1 <= r, s <= n - 1
  if (mbedtls_mpi_cmp_int(&r.v, 1) < 0 || mbedtls_mpi_cmp_mpi(&r.v, &grp.g.N) >= 0 || mbedtls_mpi_cmp_int(&s.v, 1) < 0 ||
      mbedtls_mpi_cmp_mpi(&s.v, &grp.g.N) >= 0) {
    return Sm2Result::kInvalid;
  }
  // Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA); e = SM3(Z || M).
  if (user_id.size() > 8191) return Sm2Result::kBadKey;
  std::vector<uint8_t> z;
  const size_t entl = user_id.size() * 8;
  z.push_back(static_cast<uint8_t>(entl >> 8));
  z.push_back(static_cast<uint8_t>(entl));
  z.insert(z.end(), user_id.begin(), user_id.end());
  uint8_t buf[32];
  Mpi a;
  if (mbedtls_mpi_read_string(&a.v, 16, kA)) return Sm2Result::kBadKey;
  for (const mbedtls_mpi* v : {&a.v, &grp.g.B, &grp.g.G.X, &grp.g.G.Y}) {
    if (mbedtls_mpi_write_binary(v, buf, 32)) return Sm2Result::kBadKey;
    z.insert(z.end(), buf, buf + 32);
  }
  z.insert(z.end(), point.begin() + 1, point.end());
  const std::array<uint8_t, 32> zh = Sm3::hash(z);
  Sm3 eh;
  eh.update(zh);
  eh.update(message);
  const std::array<uint8_t, 32> ed = eh.finish();
  Mpi e, t, x1, rr;
  Point sum;
  if (mbedtls_mpi_read_binary(&e.v, ed.data(), ed.size())) return Sm2Result::kInvalid;
  // t = (r + s) mod n, t != 0; (x1, y1) = s·G + t·PA; valid when (e + x1) mod n == r.
  if (mbedtls_mpi_add_mpi(&t.v, &r.v, &s.v) || mbedtls_mpi_mod_mpi(&t.v, &t.v, &grp.g.N)) return Sm2Result::kInvalid;
  if (mbedtls_mpi_cmp_int(&t.v, 0) == 0) return Sm2Result::kInvalid;
  if (mbedtls_ecp_muladd(&grp.g, &sum.p, &s.v, &grp.g.G, &t.v, &pa.p)) return Sm2Result::kInvalid;
  if (mbedtls_mpi_add_mpi(&rr.v, &e.v, &sum.p.X) || mbedtls_mpi_mod_mpi(&rr.v, &rr.v, &grp.g.N)) {
    return Sm2Result::kInvalid;
  }
  return mbedtls_mpi_cmp_mpi(&rr.v, &r.v) == 0 ? Sm2Result::kValid : Sm2Result::kInvalid;
}

}  // namespace dsmark
