#pragma once
// Private helpers of the lez::core codecs.
//   LEZ_READ(lhs, expr, context): evaluates a Result-returning read; on failure returns its error
//   with `context` (a string expression, evaluated only then) prefixed; else moves the value into
//   lhs (which may be a declaration such as `auto x`).
//   LEZ_CHECK(expr, context): the same for a Status.

#include <utility>

#include "lez/core/errors.h"

#define LEZ_CONCAT_INNER(a, b) a##b
#define LEZ_CONCAT(a, b) LEZ_CONCAT_INNER(a, b)

#define LEZ_READ_IMPL(tmp, lhs, expr, context)                         \
  auto tmp = (expr);                                                   \
  if (!tmp.ok()) return ::lez::core::withContext(tmp.error(), context); \
  lhs = std::move(tmp).value()

#define LEZ_READ(lhs, expr, context) \
  LEZ_READ_IMPL(LEZ_CONCAT(lez_read_, __LINE__), lhs, expr, context)

#define LEZ_CHECK(expr, context)                                                  \
  do {                                                                            \
    auto lez_status_ = (expr);                                                    \
    if (!lez_status_.ok()) return ::lez::core::withContext(lez_status_.error(), context); \
  } while (0)

// LEZ_ASSIGN(lhs, expr): like LEZ_READ without adding context.
#define LEZ_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                    \
  if (!tmp.ok()) return tmp.error();    \
  lhs = std::move(tmp).value()

#define LEZ_ASSIGN(lhs, expr) LEZ_ASSIGN_IMPL(LEZ_CONCAT(lez_assign_, __LINE__), lhs, expr)
