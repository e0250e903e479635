#pragma once
// FUZZ_CHECK(cond): a violated property in a fuzz target. Prints where and aborts, which both
// libFuzzer and the corpus replay test report as a failure.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
