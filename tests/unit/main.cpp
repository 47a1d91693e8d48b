// The one doctest main of unit_tests; every other tests/unit/*.cpp holds test cases only.
// Kept alone and unchanging because doctest's implementation is slow to compile.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
