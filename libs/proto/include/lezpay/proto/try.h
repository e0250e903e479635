#pragma once
// Early-return helpers for functions returning lezpay::util::Result / Status.
//   LEZPAY_PROTO_TRY(status_expr);            returns its error if it failed
//   LEZPAY_PROTO_ASSIGN(lhs, result_expr);    returns its error, else moves the value into lhs
// Only for use in .cpp files of the codec libraries; `lhs` may be a declaration (`auto x`).
// LEZPAY_PROTO_ASSIGN declares a local, so inside a switch give each case its own braces.

#include <utility>

#define LEZPAY_PROTO_CONCAT_INNER(a, b) a##b
#define LEZPAY_PROTO_CONCAT(a, b) LEZPAY_PROTO_CONCAT_INNER(a, b)

#define LEZPAY_PROTO_TRY(expr)                          \
  do {                                                  \
    auto lezpay_proto_status_ = (expr);                 \
    if (!lezpay_proto_status_) return lezpay_proto_status_.error(); \
  } while (0)

#define LEZPAY_PROTO_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp) return tmp.error();                  \
  lhs = std::move(tmp).value()

#define LEZPAY_PROTO_ASSIGN(lhs, expr) \
  LEZPAY_PROTO_ASSIGN_IMPL(LEZPAY_PROTO_CONCAT(lezpay_proto_result_, __LINE__), lhs, expr)
