// Status and Result: error handling without exceptions (the core is built with -fno-exceptions).
// "Needs more bytes" (kTruncated) is kept apart from "corrupt" (kMalformed), as libjxl and libwebp do.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dsmark {

enum class StatusCode {
  kOk = 0,
  kTruncated,    // the data ends before a structure it declares
  kMalformed,    // the data contradicts its format
  kUnsupported,  // valid but not something dsmark reads
  kLimit,        // a Limits value would be exceeded
  kIo,           // the file could not be read at all
};

// Stable lower-case name of a code, as used in report `error.code`.
std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  static Status truncated(std::string m) { return {StatusCode::kTruncated, std::move(m)}; }
  static Status malformed(std::string m) { return {StatusCode::kMalformed, std::move(m)}; }
  static Status unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status limit(std::string m) { return {StatusCode::kLimit, std::move(m)}; }
  static Status io(std::string m) { return {StatusCode::kIo, std::move(m)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}    // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace dsmark

// Return early from a function returning Status or Result<T> when `expr` is not ok.
// The local's name carries the line number, so the macro nests (a lambda inside `expr` may use it too).
#define DSMARK_STATUS_CONCAT_INNER_(a, b) a##b
#define DSMARK_STATUS_CONCAT_(a, b) DSMARK_STATUS_CONCAT_INNER_(a, b)
#define DSMARK_RETURN_IF_ERROR(expr) DSMARK_RETURN_IF_ERROR_IMPL_(DSMARK_STATUS_CONCAT_(dsmark_st_, __LINE__), expr)
#define DSMARK_RETURN_IF_ERROR_IMPL_(st, expr) \
  do {                                         \
    ::dsmark::Status st = (expr);              \
    if (!st.is_ok()) return st;                \
  } while (0)
