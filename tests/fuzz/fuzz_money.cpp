// Buy-ins (normalize/money): parseBuyIn on "field<TAB>title<TAB>description"
// and parseEuroCents on the field. Property: no crash; amounts are never
// negative and the fee is never more than the buy-in.
#include "fuzz_input.hpp"
#include "pft/normalize/money.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = pft::fuzz::fields(pft::fuzz::asText(data, size), 3);
  auto b = pft::normalize::parseBuyIn(f[0], f[1], f[2]);
  if (b) {
    if (b->buy_in_cents && *b->buy_in_cents < 0) pft::fuzz::violated("negative buy-in");
    if (b->guarantee_cents && *b->guarantee_cents < 0) pft::fuzz::violated("negative guarantee");
    if (b->fee_cents && (*b->fee_cents < 0 || (b->buy_in_cents && *b->fee_cents > *b->buy_in_cents)))
      pft::fuzz::violated("fee out of range");
  }
  auto cents = pft::normalize::parseEuroCents(f[0]);
  if (cents && *cents < 0) pft::fuzz::violated("negative euro amount");
  return 0;
}
