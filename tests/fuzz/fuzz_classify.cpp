// Variants, tags, status (normalize/classify) on
// "variant_field<TAB>title<TAB>description<TAB>status". Property: no crash;
// the string and the token paths (classify / readTextKind) agree.
#include "fuzz_input.hpp"
#include "pft/normalize/classify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace n = pft::normalize;
  auto f = pft::fuzz::fields(pft::fuzz::asText(data, size), 4);
  auto a = n::classify(f[0], f[1], f[2], f[3], size % 2 == 0, size % 3 == 0);
  auto b = n::classify(n::readTextKind(f[0]), n::readTextKind(f[1]), n::readTextKind(f[2]), n::readTextKind(f[3]),
                       size % 2 == 0, size % 3 == 0);
  if (a.variant != b.variant || a.tags != b.tags || a.status != b.status)
    pft::fuzz::violated("classify(text) and classify(TextKind) differ", a.variant + "/" + b.variant);
  (void)n::cleanText(f[1]);
  return 0;
}
