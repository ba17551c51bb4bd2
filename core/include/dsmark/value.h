// A small JSON-like value for report fields, so public headers do not pull in a JSON library.
// Objects keep insertion order, which the serializer preserves.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsmark {

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;

  Value() = default;
  Value(std::nullptr_t) {}                                                           // NOLINT
  Value(bool b) : type_(Type::kBool), b_(b) {}                                       // NOLINT
  Value(int i) : type_(Type::kInt), i_(i) {}                                         // NOLINT
  Value(int64_t i) : type_(Type::kInt), i_(i) {}                                     // NOLINT
  Value(uint32_t i) : type_(Type::kInt), i_(i) {}                                    // NOLINT
  Value(uint64_t i) : type_(Type::kInt), i_(static_cast<int64_t>(i)) {}              // NOLINT
  Value(double d) : type_(Type::kDouble), d_(d) {}                                   // NOLINT
  Value(std::string s) : type_(Type::kString), s_(std::move(s)) {}                   // NOLINT
  Value(std::string_view s) : type_(Type::kString), s_(s) {}                         // NOLINT
  Value(const char* s) : type_(Type::kString), s_(s) {}                              // NOLINT
  Value(Array a) : type_(Type::kArray), a_(std::make_shared<Array>(std::move(a))) {}    // NOLINT
  Value(Object o) : type_(Type::kObject), o_(std::make_shared<Object>(std::move(o))) {}  // NOLINT

  static Value object() { return Value(Object{}); }
  static Value array() { return Value(Array{}); }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_object() const { return type_ == Type::kObject; }
  bool is_array() const { return type_ == Type::kArray; }
  bool as_bool() const { return b_; }
  int64_t as_int() const { return i_; }
  double as_double() const { return type_ == Type::kInt ? static_cast<double>(i_) : d_; }
  const std::string& as_string() const { return s_; }
  const Array& as_array() const;
  const Object& as_object() const;

  // Object access: set() replaces an existing key or appends; find() returns nullptr when absent.
  Value& set(std::string_view key, Value v);
  const Value* find(std::string_view key) const;
  // Array access.
  Value& push(Value v);
  size_t size() const;

  bool operator==(const Value& other) const;

 private:
  Array& mutable_array();
  Object& mutable_object();

  Type type_ = Type::kNull;
  bool b_ = false;
  int64_t i_ = 0;
  double d_ = 0;
  std::string s_;
  std::shared_ptr<Array> a_;   // copy-on-write
  std::shared_ptr<Object> o_;  // copy-on-write
};

}  // namespace dsmark
