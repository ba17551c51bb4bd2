#include "c2pa/cose.h"

#include "c2pa/der.h"
#include "c2pa/x509.h"

namespace dsmark::c2pa {
namespace {

void collect_chain(const CborValue& v, std::vector<Bytes>& out) {
  if (v.is_bytes()) {
    out.push_back(v.bytes());
  } else if (v.is_array()) {
    for (const CborValue& c : v.items()) {
      if (c.is_bytes()) out.push_back(c.bytes());
    }
  }
}

void collect_timestamps(const CborValue& sig_tst, std::vector<Bytes>& out) {
  const CborValue* tokens = sig_tst.find("tstTokens");
  if (!tokens || !tokens->is_array()) return;
  for (const CborValue& t : tokens->items()) {
    const CborValue* val = t.find("val");
    if (val && val->is_bytes()) out.push_back(val->bytes());
  }
}

}  // namespace

Result<CoseSign1> parse_cose_sign1(Bytes data, const CborLimits& limits) {
  auto top = decode_cbor(data, limits);
  if (!top) return top.status();
  const CborValue& arr = top->untagged();
  if (top->is_tag() && top->raw_uint() != 18) return Status::malformed("the claim signature is not a COSE_Sign1 structure");
  if (!arr.is_array() || arr.size() != 4) return Status::malformed("the claim signature is not a COSE_Sign1 structure");
  const CborValue &prot = arr.at(0), &unprot = arr.at(1), &payload = arr.at(2), &sig = arr.at(3);
  if (!prot.is_bytes() || !unprot.is_map() || !sig.is_bytes() || !(payload.is_null() || payload.is_bytes())) {
    return Status::malformed("the claim signature's COSE_Sign1 fields have the wrong types");
  }
  CoseSign1 c;
  c.protected_bytes = prot.bytes();
  if (!c.protected_bytes.empty()) {
    auto ph = decode_cbor(c.protected_bytes, limits);
    if (!ph || !ph->is_map()) return Status::malformed("the claim signature's protected header is not a CBOR map");
    c.protected_header = std::move(*ph);
  }
  c.unprotected = unprot;
  c.has_payload = payload.is_bytes();
  if (c.has_payload) c.payload = payload.bytes();
  c.signature = sig.bytes();
  if (const CborValue* alg = c.protected_header.find(int64_t{1})) c.has_alg = alg->as_int64(c.alg);
  if (const CborValue* x5 = c.protected_header.find(int64_t{33})) {
    collect_chain(*x5, c.x5chain);
  } else if (const CborValue* ux5 = c.unprotected.find(int64_t{33})) {
    collect_chain(*ux5, c.x5chain);
    c.x5chain_unprotected = true;
  } else if (const CborValue* nx5 = c.unprotected.find("x5chain")) {
    collect_chain(*nx5, c.x5chain);
    c.x5chain_unprotected = true;
  }
  if (const CborValue* t2 = c.unprotected.find("sigTst2")) {
    collect_timestamps(*t2, c.timestamps);
    c.timestamp_version = 2;
  } else if (const CborValue* t1 = c.unprotected.find("sigTst")) {
    collect_timestamps(*t1, c.timestamps);
    c.timestamp_version = 1;
  }
  return c;
}

std::string_view cose_alg_name(int64_t alg) {
  switch (alg) {
    case -7: return "ES256";
    case -35: return "ES384";
    case -36: return "ES512";
    case -37: return "PS256";
    case -38: return "PS384";
    case -39: return "PS512";
    case -8: return "Ed25519";
    default: return {};
  }
}

bool cose_signature_spec(int64_t alg, SignatureSpec& spec) {
  switch (alg) {
    case -7: spec = {SigScheme::kEcdsa, HashAlg::kSha256, -1, true}; return true;
    case -35: spec = {SigScheme::kEcdsa, HashAlg::kSha384, -1, true}; return true;
    case -36: spec = {SigScheme::kEcdsa, HashAlg::kSha512, -1, true}; return true;
    case -37: spec = {SigScheme::kRsaPss, HashAlg::kSha256, -1, false}; return true;
    case -38: spec = {SigScheme::kRsaPss, HashAlg::kSha384, -1, false}; return true;
    case -39: spec = {SigScheme::kRsaPss, HashAlg::kSha512, -1, false}; return true;
    case -8: spec = {SigScheme::kEd25519, HashAlg::kSha512, -1, false}; return true;
    default: return false;
  }
}

std::string cose_to_be_signed(const CoseSign1& cose, Bytes payload) {
  std::string out;
  cbor_put_head(out, 4, 4);
  cbor_put_text(out, "Signature1");
  cbor_put_bytes(out, cose.protected_bytes);
  cbor_put_bytes(out, {});
  cbor_put_bytes(out, payload);
  return out;
}

TimeStampInfo read_timestamp_token(Bytes token) {
  using namespace der_tag;
  TimeStampInfo info;
  DerReader top(token);
  DerItem outer;
  if (!top.expect(kSequence, outer)) return info;
  DerReader o(outer.content);
  DerItem first;
  if (!o.next(first)) return info;
  DerItem content_info = outer;
  if (first.tag == kSequence) {
    // TimeStampResp { status PKIStatusInfo, timeStampToken ContentInfo }.
    if (!o.expect(kSequence, content_info)) return info;
  }
  DerReader ci(content_info.content);
  DerItem type, wrapped, signed_data;
  if (!ci.expect(kOid, type) || oid_text(type.content) != "1.2.840.113549.1.7.2") return info;
  if (!ci.expect(context(0), wrapped)) return info;
  DerReader w(wrapped.content);
  if (!w.expect(kSequence, signed_data)) return info;
  DerReader sd(signed_data.content);
  DerItem version, digests, encap;
  if (!sd.expect(kInteger, version) || !sd.expect(kSet, digests) || !sd.expect(kSequence, encap)) return info;
  DerReader e(encap.content);
  DerItem etype, econtent, octets, tst;
  if (!e.expect(kOid, etype) || oid_text(etype.content) != "1.2.840.113549.1.9.16.1.4") return info;
  if (!e.expect(context(0), econtent)) return info;
  DerReader ec(econtent.content);
  if (!ec.expect(kOctetString, octets)) return info;
  DerReader t(octets.content);
  if (!t.expect(kSequence, tst)) return info;
  DerReader f(tst.content);
  DerItem tversion, policy, imprint, serial, gen_time;
  if (!f.expect(kInteger, tversion) || !f.expect(kOid, policy) || !f.expect(kSequence, imprint) ||
      !f.expect(kInteger, serial) || !f.expect(kGeneralizedTime, gen_time) || !der_time(gen_time, info.gen_time)) {
    return info;
  }
  info.parsed = true;
  // certificates [0] IMPLICIT: the TSA's is the one with the timeStamping extended key usage.
  if (sd.peek_tag() == context(0)) {
    DerItem certs;
    if (sd.next(certs)) {
      DerReader cr(certs.content);
      DerItem one;
      std::string fallback;
      while (!cr.empty() && cr.next(one)) {
        auto cert = parse_certificate(one.whole);
        if (!cert) continue;
        if (fallback.empty()) fallback = cert->subject.text;
        for (const std::string& eku : cert->ext_key_usage) {
          if (eku == "1.3.6.1.5.5.7.3.8" && info.authority.empty()) info.authority = cert->subject.text;
        }
      }
      if (info.authority.empty()) info.authority = fallback;
    }
  }
  return info;
}

}  // namespace dsmark::c2pa
