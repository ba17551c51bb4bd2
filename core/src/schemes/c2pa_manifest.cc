#include "schemes/c2pa_manifest.h"

#include <ctime>
#include <map>
#include <set>
#include <string>

#include "c2pa/der.h"
#include "c2pa/hard_binding.h"
#include "c2pa/locate.h"
#include "c2pa/manifest.h"
#include "c2pa/origin.h"
#include "c2pa/validate.h"

namespace dsmark {
namespace {

using namespace c2pa;

constexpr std::string_view kDctermsNamespace = "http://purl.org/dc/terms/";
constexpr uint32_t kMaxIngredientDepth = 8;
constexpr size_t kMaxIngredients = 64;

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

struct ManifestCheck {
  SignatureCheck signature;
  std::vector<std::string> failures;  // hashed URIs of the claim's assertions
};

struct Context {
  const Analysis& analysis;
  const ManifestStore& store;
  int64_t when;
  std::vector<std::string>& problems;
  size_t ingredients = 0;
  std::map<const Manifest*, ManifestCheck> checked;  // each manifest is validated once, however often referenced

  const ManifestCheck& check(const Manifest& m) {
    auto it = checked.find(&m);
    if (it == checked.end()) {
      it = checked.emplace(&m, ManifestCheck{check_signature(m, when), check_claimed_assertions(store, m)}).first;
    }
    return it->second;
  }
};

// The hard binding assertion of a manifest and its check against the file.
struct Binding {
  std::string kind;  // the assertion label, empty when there is none
  BindingResult result;
};

Binding check_binding(const Context& cx, const Manifest& m) {
  Binding b;
  const Assertion* found = nullptr;
  int bmff_version = 0;
  size_t count = 0;
  for (const Assertion& a : m.assertions) {
    const std::string_view label = base_label(a.label);
    int v = 0;
    if (label == "c2pa.hash.data" || label == "c2pa.hash.boxes" || label == "c2pa.hash.collection.data") {
      v = -1;
    } else if (label == "c2pa.hash.bmff") {
      v = 1;
    } else if (label == "c2pa.hash.bmff.v2") {
      v = 2;
    } else if (label == "c2pa.hash.bmff.v3") {
      v = 3;
    } else {
      continue;
    }
    ++count;
    if (!found) {
      found = &a;
      bmff_version = v;
    }
  }
  if (!found) return b;
  b.kind = std::string(base_label(found->label));
  if (count > 1) b.result.note = "the manifest has " + std::to_string(count) + " hard bindings; the first was checked";
  HashAlg claim_alg;
  if (!claim_hash_alg(m, claim_alg)) {
    b.result.detail = "the claim's hash algorithm is not supported";
    return b;
  }
  if (cx.analysis.format == Format::kC2pa) {
    b.result.detail = "this is a manifest store on its own (a sidecar): the file it describes was not given, so its hash was not checked";
    return b;
  }
  if (found->content_type != "cbor") {
    b.result.state = BindingResult::State::kMismatch;
    b.result.detail = "the hard binding is not stored as CBOR";
    return b;
  }
  auto v = decode_cbor(found->data);
  if (!v || !v->is_map()) {
    b.result.state = BindingResult::State::kMismatch;
    b.result.detail = "the hard binding assertion cannot be read";
    return b;
  }
  if (b.kind == "c2pa.hash.data") {
    b.result = check_data_hash(*v, cx.analysis.file, claim_alg);
  } else if (b.kind == "c2pa.hash.boxes") {
    b.result = check_box_hash(*v, c2pa_box_map(cx.analysis.format, cx.analysis.file, cx.analysis.inventory.layout),
                              cx.analysis.file, claim_alg);
  } else if (bmff_version > 0) {
    b.result = check_bmff_hash(*v, bmff_version, cx.analysis.file, claim_alg, cx.analysis.limits);
  } else {
    b.result.detail = "dsmark does not check " + b.kind + " bindings";
  }
  if (count > 1 && b.result.note.empty()) b.result.note = "the manifest has several hard bindings; the first was checked";
  return b;
}

std::string validation_of(bool invalid, const SignatureCheck& sig) {
  if (invalid) return "invalid";
  return sig.chain_report.trusted ? "trusted" : "valid-untrusted";
}

Value signer_fields(const SignatureCheck& sig, Value fields) {
  if (sig.chain.empty()) return fields;
  const Certificate& leaf = sig.chain[0];
  const std::string signer = !leaf.subject.organization.empty() ? leaf.subject.organization : leaf.subject.common_name;
  const std::string issuer = !leaf.issuer.organization.empty() ? leaf.issuer.organization : leaf.issuer.common_name;
  fields.set("signer", signer);
  fields.set("signer_certificate", leaf.subject.text);
  fields.set("issuer", issuer);
  fields.set("issuer_certificate", leaf.issuer.text);
  fields.set("certificate_expires", iso8601(leaf.not_after));
  return fields;
}

struct ManifestResult {
  OriginFinding origin;       // combined with the ingredients'
  std::string origin_via;     // "" when the manifest's own actions decided; else the ingredient chain
  Value ingredients = Value::array();
};

ManifestResult read_manifest(Context& cx, const Manifest& m, uint32_t depth, std::set<const Manifest*>& seen);

Value read_ingredient(Context& cx, const Manifest& parent, const Assertion& a, uint32_t depth,
                      std::set<const Manifest*>& seen, OriginFinding& ingredient_origin, std::string& relationship,
                      std::string& title) {
  Value v = Value::object();
  ingredient_origin = {};
  auto cbor = decode_cbor(a.data);
  if (a.content_type != "cbor" || !cbor || !cbor->is_map()) {
    v.set("title", a.label);
    cx.problems.push_back("the ingredient assertion " + quoted(a.label) + " cannot be read");
    return v;
  }
  auto text = [&](std::string_view key) {
    const CborValue* t = cbor->find(key);
    return t && t->is_text() ? std::string(t->text()) : std::string();
  };
  title = text("dc:title");
  relationship = text("relationship");
  if (relationship.empty()) relationship = "componentOf";  // the C2PA default
  v.set("title", title);
  v.set("relationship", relationship);
  if (std::string f = text("dc:format"); !f.empty()) v.set("format", f);
  const CborValue* ref = cbor->find("activeManifest");
  if (!ref) ref = cbor->find("c2pa_manifest");
  if (!ref || !ref->is_map()) return v;  // an ingredient without Content Credentials of its own
  HashedUri uri;
  if (const CborValue* u = ref->find("url"); u && u->is_text()) uri.url = std::string(u->text());
  if (const CborValue* h = ref->find("hash"); h && h->is_bytes()) uri.hash = h->bytes();
  if (const CborValue* al = ref->find("alg"); al && al->is_text()) uri.alg = std::string(al->text());
  std::string why;
  const Manifest* owner = nullptr;
  const bool hash_ok = check_hashed_uri(cx.store, parent, uri, why, nullptr, &owner);
  const std::string who = "ingredient " + quoted(title.empty() ? a.label : title);
  if (!owner || !cx.store.resolve(parent, uri.url)) {
    v.set("manifest", "missing");
    cx.problems.push_back(who + ": its manifest " + quoted(uri.url) + " is not in the manifest store");
    return v;
  }
  v.set("manifest", owner->label);
  if (!hash_ok) cx.problems.push_back(who + ": " + why);
  // v3 also binds the ingredient manifest's claim signature.
  if (const CborValue* cs = cbor->find("claimSignature"); cs && cs->is_map()) {
    HashedUri sig_uri;
    if (const CborValue* u = cs->find("url"); u && u->is_text()) sig_uri.url = std::string(u->text());
    if (const CborValue* h = cs->find("hash"); h && h->is_bytes()) sig_uri.hash = h->bytes();
    if (const CborValue* al = cs->find("alg"); al && al->is_text()) sig_uri.alg = std::string(al->text());
    std::string sig_why;
    if (!check_hashed_uri(cx.store, parent, sig_uri, sig_why)) cx.problems.push_back(who + ": " + sig_why);
  }
  if (depth >= kMaxIngredientDepth || seen.count(owner)) {
    v.set("validation", "not-checked");
    return v;
  }
  const ManifestCheck& mc = cx.check(*owner);
  const SignatureCheck& sig = mc.signature;
  const std::vector<std::string>& failures = mc.failures;
  bool invalid = !sig.verified || !failures.empty() || !owner->problems.empty() || !hash_ok;
  if (!sig.verified) cx.problems.push_back(who + ": " + sig.failure);
  for (const std::string& f : failures) cx.problems.push_back(who + ": " + f);
  for (const std::string& p : owner->problems) cx.problems.push_back(who + ": " + p);
  v.set("validation", validation_of(invalid, sig));
  seen.insert(owner);
  ManifestResult inner = read_manifest(cx, *owner, depth + 1, seen);
  seen.erase(owner);
  ingredient_origin = inner.origin;
  v.set("content_origin", std::string(origin_name(inner.origin.origin)));
  if (!inner.origin.term.empty()) v.set("digital_source_type", inner.origin.term);
  if (std::string g = owner->claim_generator(); !g.empty()) v.set("claim_generator", g);
  v = signer_fields(sig, std::move(v));
  if (inner.ingredients.size() > 0) v.set("ingredients", inner.ingredients);
  return v;
}

ManifestResult read_manifest(Context& cx, const Manifest& m, uint32_t depth, std::set<const Manifest*>& seen) {
  ManifestResult r;
  r.origin = manifest_origin(m);
  for (const Assertion& a : m.assertions) {
    const std::string_view label = base_label(a.label);
    if (label != "c2pa.ingredient" && label != "c2pa.ingredient.v2" && label != "c2pa.ingredient.v3") continue;
    if (++cx.ingredients > kMaxIngredients) {
      cx.problems.push_back("the manifest store lists more ingredients than the " + std::to_string(kMaxIngredients) +
                            " dsmark reads");
      break;
    }
    OriginFinding io;
    std::string relationship, title;
    r.ingredients.push(read_ingredient(cx, m, a, depth, seen, io, relationship, title));
    if (!origin_is_ai(io.origin) || origin_is_ai(r.origin.origin)) continue;
    // An AI ingredient: the asset is AI-generated when it is that ingredient with nothing of its own
    // (parentOf, no source type of its own), AI-edited otherwise (composited with, or edited from, AI content).
    const bool inherits = relationship == "parentOf" && r.origin.origin == Origin::kUnknown;
    const std::string agent = r.origin.software_agent;
    auto actions = std::move(r.origin.actions);
    r.origin = io;
    r.origin.actions = std::move(actions);
    if (!inherits) r.origin.origin = Origin::kAiEdited;
    r.origin.evidence = "ingredient " + quoted(title) + " (" + relationship + "): " + io.evidence;
    if (r.origin.software_agent.empty()) r.origin.software_agent = agent;
  }
  return r;
}

Mark store_mark(const Analysis& a, const LocatedStore& located, std::vector<std::string>& extra_problems) {
  Mark m;
  m.scheme = "c2pa";
  m.kind = MarkKind::kImplicitMetadata;
  m.carrier = located.carrier + "/c2pa";
  m.claim = Claim::kUnknown;
  ManifestStore store;
  Status st = read_manifest_store(located.bytes, a.limits, store);
  if (!st.is_ok()) {
    m.fields.set("validation", "invalid");
    m.problems.push_back("the C2PA manifest store cannot be read: " + st.message());
    for (const std::string& p : located.problems) m.problems.push_back(p);
    return m;
  }
  const Manifest& active = *store.active();
  const int64_t when = a.reference_time != 0 ? a.reference_time : static_cast<int64_t>(std::time(nullptr));
  std::vector<std::string> problems = located.problems;
  for (const std::string& p : store.problems) problems.push_back(p);
  for (const std::string& p : extra_problems) problems.push_back(p);
  std::vector<std::string> notes;
  bool invalid = !active.problems.empty();
  for (const std::string& p : active.problems) problems.push_back(p);

  const SignatureCheck sig = check_signature(active, when);
  if (!sig.verified) {
    invalid = true;
    problems.push_back(sig.failure);
  }
  for (const std::string& f : check_claimed_assertions(store, active)) {
    invalid = true;
    problems.push_back("the claim's assertion " + f);
  }
  Context cx{a, store, when, problems, 0, {}};
  const Binding binding = check_binding(cx, active);
  std::string binding_state;
  if (binding.kind.empty()) {
    if (!active.update_manifest) {
      invalid = true;
      problems.push_back("the manifest has no hard binding (no hash ties it to the file's content)");
    }
    binding_state = "missing";
  } else if (binding.result.state == BindingResult::State::kMatch) {
    binding_state = "match";
  } else if (binding.result.state == BindingResult::State::kMismatch) {
    binding_state = "mismatch";
    invalid = true;
    problems.push_back(binding.result.detail);
  } else {
    binding_state = "not-checked";
    notes.push_back(binding.result.detail);
  }
  if (!binding.result.note.empty()) notes.push_back(binding.result.note);
  if (sig.verified) {
    for (const std::string& p : sig.chain_report.problems) problems.push_back(p);
    for (const std::string& n : sig.chain_report.notes) notes.push_back(n);
    if (sig.chain_report.leaf_expired && sig.timestamps.empty()) {
      notes.push_back("the manifest carries no time-stamp, so it cannot prove it was signed while the certificate was valid");
    }
  }

  std::set<const Manifest*> seen{&active};
  ManifestResult result = read_manifest(cx, active, 0, seen);
  const OriginFinding& o = result.origin;

  const std::string validation = validation_of(invalid, sig);
  if (origin_is_ai(o.origin)) {
    m.claim = Claim::kAi;
  } else if (o.origin == Origin::kAlgorithmic || o.origin == Origin::kCaptured || o.origin == Origin::kHumanMade) {
    m.claim = Claim::kNotAi;
  }

  Value& f = m.fields;
  f.set("validation", validation);
  f.set("content_origin", std::string(origin_name(o.origin)));
  if (!o.term.empty()) f.set("digital_source_type", o.term);
  if (!o.evidence.empty()) f.set("origin_evidence", o.evidence);
  if (std::string g = active.claim_generator(); !g.empty()) f.set("claim_generator", g);
  if (!o.software_agent.empty()) f.set("software_agent", o.software_agent);
  Value actions = Value::array();
  for (const std::string& s : manifest_origin(active).actions) actions.push(s);
  f.set("actions", actions);
  if (std::string_view t = active.claim_text("dc:title"); !t.empty()) f.set("title", t);
  m.fields = signer_fields(sig, std::move(m.fields));
  if (!sig.algorithm.empty()) f.set("signature_algorithm", sig.algorithm);
  if (!sig.timestamps.empty()) {
    f.set("signed_at", iso8601(sig.timestamps[0].gen_time));
    if (!sig.timestamps[0].authority.empty()) f.set("timestamp_authority", sig.timestamps[0].authority);
  }
  if (sig.chain_report.trusted) {
    f.set("trust_anchor", sig.chain_report.anchor_entity.empty()
                              ? sig.chain_report.anchor
                              : sig.chain_report.anchor + " (" + sig.chain_report.anchor_entity + ")");
  }
  f.set("trust_list", "C2PA Trust List " + std::string(c2pa_trust_list_date()));
  f.set("hard_binding", binding.kind.empty() ? "none" : binding.kind);
  f.set("binding", binding_state);
  f.set("manifest", active.label);
  f.set("manifests", static_cast<int64_t>(store.manifests.size()));
  f.set("claim_version", active.claim_version);
  f.set("ingredients", result.ingredients);
  if (!notes.empty()) {
    Value n = Value::array();
    for (const std::string& s : notes) n.push(s);
    f.set("notes", n);
  }
  // An ingredient manifest referenced several times reports its findings once.
  std::set<std::string> said;
  for (std::string& p : problems) {
    if (said.insert(p).second) m.problems.push_back(std::move(p));
  }
  return m;
}

}  // namespace

void read_c2pa(Analysis& a) {
  std::vector<std::string> notes;
  std::vector<LocatedStore> stores = locate_stores(a.inventory, notes);
  for (const std::string& n : notes) a.warnings.push_back(n);

  struct Remote {
    std::string carrier, url;
  };
  std::vector<Remote> remotes;
  std::string embedded_reference;
  for (const ParsedXmp& x : a.xmp) {
    for (const XmpProperty* p : x.doc.find(kDctermsNamespace, "provenance")) {
      const std::string_view v = p->value;
      if (v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0) {
        remotes.push_back({x.carrier + "/dcterms:provenance", p->value});
      } else if (v.rfind("self#jumbf=", 0) == 0 && embedded_reference.empty()) {
        embedded_reference = x.carrier + ": dcterms:provenance";
      }
    }
  }
  if (stores.empty() && !embedded_reference.empty()) {
    // XMP that points into a manifest store the file no longer has: the Content Credentials were stripped.
    a.warnings.push_back(embedded_reference +
                         " refers to an embedded C2PA manifest that is not in the file (it was removed)");
  }
  if (!stores.empty()) {
    std::vector<std::string> extra;
    if (stores.size() > 1) {
      extra.push_back("the file carries " + std::to_string(stores.size()) +
                      " C2PA manifest stores; C2PA allows one, so only the first was read");
    }
    Mark m = store_mark(a, stores[0], extra);
    if (!remotes.empty()) m.fields.set("remote_manifest_url", remotes[0].url);
    a.marks.push_back(std::move(m));
    return;
  }
  if (!remotes.empty()) {
    // Only a reference: the manifest lives on a server. The core never fetches it.
    Mark m;
    m.scheme = "c2pa";
    m.kind = MarkKind::kImplicitMetadata;
    m.carrier = remotes[0].carrier;
    m.claim = Claim::kUnknown;
    m.fields.set("manifest_location", "remote");
    m.fields.set("remote_manifest_url", remotes[0].url);
    Value n = Value::array();
    n.push("the Content Credentials are stored at this address and were not fetched: nothing about them was checked");
    m.fields.set("notes", n);
    a.marks.push_back(std::move(m));
  }
}

}  // namespace dsmark
