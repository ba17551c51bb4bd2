#include "c2pa/x509.h"

#include <algorithm>

#include "c2pa/der.h"

namespace dsmark::c2pa {
namespace {

using namespace der_tag;

Status bad(std::string what) { return Status::malformed("the certificate's " + what + " is malformed"); }

bool parse_name(const DerItem& name, DistinguishedName& out) {
  out.der = name.whole;
  DerReader rdns(name.content);
  while (!rdns.empty()) {
    DerItem set;
    if (!rdns.expect(kSet, set)) return false;
    DerReader atvs(set.content);
    while (!atvs.empty()) {
      DerItem atv, oid, value;
      if (!atvs.expect(kSequence, atv)) return false;
      DerReader parts(atv.content);
      if (!parts.expect(kOid, oid) || !parts.next(value)) return false;
      const std::string id = oid_text(oid.content);
      std::string key;
      if (id == "2.5.4.3") key = "CN";
      else if (id == "2.5.4.10") key = "O";
      else if (id == "2.5.4.11") key = "OU";
      else if (id == "2.5.4.6") key = "C";
      else if (id == "2.5.4.7") key = "L";
      else if (id == "2.5.4.8") key = "ST";
      else if (id == "1.2.840.113549.1.9.1") key = "E";
      else continue;
      const std::string text = der_string(value);
      if (key == "CN" && out.common_name.empty()) out.common_name = text;
      if (key == "O" && out.organization.empty()) out.organization = text;
      if (!out.text.empty()) out.text += ", ";
      out.text += key + "=" + text;
    }
  }
  return true;
}

bool hash_from_oid(const std::string& oid, HashAlg& h) {
  if (oid == "2.16.840.1.101.3.4.2.1") h = HashAlg::kSha256;
  else if (oid == "2.16.840.1.101.3.4.2.2") h = HashAlg::kSha384;
  else if (oid == "2.16.840.1.101.3.4.2.3") h = HashAlg::kSha512;
  else return false;
  return true;
}

// RSASSA-PSS-params (RFC 4055): hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2]. Defaults are SHA-1,
// which no C2PA signer may use, so the hash must be given.
bool parse_pss_params(Bytes params, SignatureSpec& spec) {
  DerReader outer(params);
  DerItem seq;
  if (!outer.expect(kSequence, seq)) return false;
  DerReader r(seq.content);
  bool have_hash = false;
  spec.pss_salt = 20;
  while (!r.empty()) {
    DerItem field;
    if (!r.next(field)) return false;
    DerReader inner(field.content);
    if (field.tag == context(0)) {
      DerItem alg, oid;
      if (!inner.expect(kSequence, alg)) return false;
      DerReader a(alg.content);
      if (!a.expect(kOid, oid) || !hash_from_oid(oid_text(oid.content), spec.hash)) return false;
      have_hash = true;
    } else if (field.tag == context(2)) {
      DerItem n;
      if (!inner.expect(kInteger, n) || n.content.size() > 2) return false;
      int v = 0;
      for (uint8_t b : n.content) v = v << 8 | b;
      spec.pss_salt = v;
    }
    // [1] MGF1 must use the same hash in every C2PA profile; mbedTLS is given the message hash for it.
  }
  return have_hash;
}

bool signature_spec_from(const std::string& oid, Bytes params, SignatureSpec& spec) {
  if (oid == "1.2.840.113549.1.1.11") spec = {SigScheme::kRsaPkcs1v15, HashAlg::kSha256};
  else if (oid == "1.2.840.113549.1.1.12") spec = {SigScheme::kRsaPkcs1v15, HashAlg::kSha384};
  else if (oid == "1.2.840.113549.1.1.13") spec = {SigScheme::kRsaPkcs1v15, HashAlg::kSha512};
  else if (oid == "1.2.840.10045.4.3.2") spec = {SigScheme::kEcdsa, HashAlg::kSha256};
  else if (oid == "1.2.840.10045.4.3.3") spec = {SigScheme::kEcdsa, HashAlg::kSha384};
  else if (oid == "1.2.840.10045.4.3.4") spec = {SigScheme::kEcdsa, HashAlg::kSha512};
  else if (oid == "1.3.101.112") spec = {SigScheme::kEd25519, HashAlg::kSha512};
  else if (oid == "1.2.840.113549.1.1.10") {
    spec = {SigScheme::kRsaPss, HashAlg::kSha256};
    return parse_pss_params(params, spec);
  } else {
    return false;
  }
  return true;
}

bool parse_spki(const DerItem& spki, PublicKey& key, std::string& algorithm) {
  DerReader r(spki.content);
  DerItem alg, bits, oid;
  if (!r.expect(kSequence, alg) || !r.expect(kBitString, bits) || bits.content.empty() || bits.content[0] != 0) {
    return false;
  }
  const Bytes raw = bits.content.subspan(1);
  DerReader a(alg.content);
  if (!a.expect(kOid, oid)) return false;
  const std::string id = oid_text(oid.content);
  if (id == "1.2.840.113549.1.1.1" || id == "1.2.840.113549.1.1.10") {
    DerReader k(raw);
    DerItem seq, n, e;
    if (!k.expect(kSequence, seq)) return false;
    DerReader ke(seq.content);
    if (!ke.expect(kInteger, n) || !ke.expect(kInteger, e)) return false;
    key.kind = PublicKey::Kind::kRsa;
    key.rsa_n = der_unsigned(n.content);
    key.rsa_e = der_unsigned(e.content);
    key.bits = key.rsa_n.size() * 8;
    if (!key.rsa_n.empty()) {
      for (uint8_t top = key.rsa_n[0]; !(top & 0x80) && key.bits > 0; top = static_cast<uint8_t>(top << 1)) --key.bits;
    }
    algorithm = "RSA " + std::to_string(key.bits);
    return true;
  }
  if (id == "1.2.840.10045.2.1") {
    DerItem curve;
    if (!a.expect(kOid, curve)) return false;
    const std::string c = oid_text(curve.content);
    if (c == "1.2.840.10045.3.1.7") key.curve = "P-256", key.bits = 256;
    else if (c == "1.3.132.0.34") key.curve = "P-384", key.bits = 384;
    else if (c == "1.3.132.0.35") key.curve = "P-521", key.bits = 521;
    else key.curve = c;
    key.kind = PublicKey::Kind::kEc;
    key.point = raw;
    algorithm = "EC " + key.curve;
    return true;
  }
  if (id == "1.3.101.112") {
    key.kind = PublicKey::Kind::kEd25519;
    key.point = raw;
    key.bits = 256;
    algorithm = "Ed25519";
    return true;
  }
  algorithm = id;
  return true;  // an unknown key type: the certificate can still be shown, not used
}

bool parse_extensions(Bytes content, Certificate& c) {
  DerReader outer(content);
  DerItem list;
  if (!outer.expect(kSequence, list)) return false;
  DerReader r(list.content);
  while (!r.empty()) {
    DerItem ext, oid, value;
    if (!r.expect(kSequence, ext)) return false;
    DerReader e(ext.content);
    if (!e.expect(kOid, oid)) return false;
    bool critical = false;
    if (e.peek_tag() == kBoolean) {
      DerItem b;
      if (!e.next(b)) return false;
      critical = !b.content.empty() && b.content[0] != 0;
    }
    if (!e.expect(kOctetString, value)) return false;
    const std::string id = oid_text(oid.content);
    DerReader v(value.content);
    if (id == "2.5.29.19") {
      DerItem seq;
      if (!v.expect(kSequence, seq)) return false;
      c.has_basic_constraints = true;
      DerReader s(seq.content);
      if (s.peek_tag() == kBoolean) {
        DerItem b;
        if (!s.next(b)) return false;
        c.is_ca = !b.content.empty() && b.content[0] != 0;
      }
    } else if (id == "2.5.29.15") {
      DerItem bits;
      if (!v.expect(kBitString, bits) || bits.content.empty()) return false;
      c.has_key_usage = true;
      c.key_usage = 0;
      if (bits.content.size() > 1) c.key_usage = static_cast<uint16_t>(bits.content[1] << 8);
      if (bits.content.size() > 2) c.key_usage |= bits.content[2];
    } else if (id == "2.5.29.37") {
      DerItem seq;
      if (!v.expect(kSequence, seq)) return false;
      DerReader s(seq.content);
      while (!s.empty()) {
        DerItem p;
        if (!s.expect(kOid, p)) return false;
        c.ext_key_usage.push_back(oid_text(p.content));
      }
    } else if (critical && id != "2.5.29.14" && id != "2.5.29.35" && id != "2.5.29.32" && id != "2.5.29.17") {
      c.has_unknown_critical_extension = true;
    }
  }
  return true;
}

}  // namespace

bool Certificate::self_issued() const {
  return issuer.der.size() == subject.der.size() &&
         std::equal(issuer.der.begin(), issuer.der.end(), subject.der.begin());
}

Result<Certificate> parse_certificate(Bytes der) {
  Certificate c;
  DerReader top(der);
  DerItem cert, tbs, sig_alg, sig_bits;
  if (!top.expect(kSequence, cert)) return bad("outer structure");
  c.der = cert.whole;
  DerReader parts(cert.content);
  if (!parts.expect(kSequence, tbs) || !parts.expect(kSequence, sig_alg) || !parts.expect(kBitString, sig_bits) ||
      sig_bits.content.empty()) {
    return bad("outer structure");
  }
  c.tbs = tbs.whole;
  c.signature = sig_bits.content.subspan(1);
  {
    DerReader a(sig_alg.content);
    DerItem oid;
    if (!a.expect(kOid, oid)) return bad("signature algorithm");
    c.signature_algorithm_oid = oid_text(oid.content);
    DerItem params;
    Bytes params_bytes;
    if (!a.empty() && a.next(params)) params_bytes = params.whole;
    c.signature_supported = signature_spec_from(c.signature_algorithm_oid, params_bytes, c.signature_spec);
  }
  DerReader t(tbs.content);
  DerItem item;
  if (t.peek_tag() == context(0)) {
    if (!t.next(item)) return bad("version");
  }
  DerItem serial, alg, issuer, validity, subject, spki;
  if (!t.expect(kInteger, serial) || !t.expect(kSequence, alg) || !t.expect(kSequence, issuer) ||
      !t.expect(kSequence, validity) || !t.expect(kSequence, subject) || !t.expect(kSequence, spki)) {
    return bad("body");
  }
  c.serial = serial.content;
  if (!parse_name(issuer, c.issuer) || !parse_name(subject, c.subject)) return bad("names");
  DerReader v(validity.content);
  DerItem nb, na;
  if (!v.next(nb) || !v.next(na) || !der_time(nb, c.not_before) || !der_time(na, c.not_after)) return bad("validity");
  if (!parse_spki(spki, c.key, c.key_algorithm)) return bad("public key");
  while (!t.empty()) {
    if (!t.next(item)) return bad("body");
    if (item.tag == context(3) && !parse_extensions(item.content, c)) return bad("extensions");
  }
  return c;
}

Status verify_certificate_signature(const Certificate& cert, const PublicKey& issuer_key) {
  if (!cert.signature_supported) {
    return Status::unsupported("its signature algorithm (" + cert.signature_algorithm_oid + ") is not supported");
  }
  return verify_signature(issuer_key, cert.signature_spec, cert.tbs, cert.signature);
}

}  // namespace dsmark::c2pa
