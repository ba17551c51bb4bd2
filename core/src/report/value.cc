#include "dsmark/value.h"

namespace dsmark {

const Value::Array& Value::as_array() const {
  static const Array kEmpty;
  return a_ ? *a_ : kEmpty;
}

const Value::Object& Value::as_object() const {
  static const Object kEmpty;
  return o_ ? *o_ : kEmpty;
}

Value::Array& Value::mutable_array() {
  if (type_ != Type::kArray) *this = Value(Array{});
  if (a_.use_count() > 1) a_ = std::make_shared<Array>(*a_);
  return *a_;
}

Value::Object& Value::mutable_object() {
  if (type_ != Type::kObject) *this = Value(Object{});
  if (o_.use_count() > 1) o_ = std::make_shared<Object>(*o_);
  return *o_;
}

Value& Value::set(std::string_view key, Value v) {
  Object& o = mutable_object();
  for (Member& m : o) {
    if (m.first == key) {
      m.second = std::move(v);
      return m.second;
    }
  }
  o.emplace_back(std::string(key), std::move(v));
  return o.back().second;
}

const Value* Value::find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const Member& m : as_object()) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

Value& Value::push(Value v) {
  Array& a = mutable_array();
  a.push_back(std::move(v));
  return a.back();
}

size_t Value::size() const {
  if (type_ == Type::kArray) return as_array().size();
  if (type_ == Type::kObject) return as_object().size();
  return 0;
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kNull: return true;
    case Type::kBool: return b_ == other.b_;
    case Type::kInt: return i_ == other.i_;
    case Type::kDouble: return d_ == other.d_;
    case Type::kString: return s_ == other.s_;
    case Type::kArray: return as_array() == other.as_array();
    case Type::kObject: return as_object() == other.as_object();
  }
  return false;
}

}  // namespace dsmark
