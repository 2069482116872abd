// French dates (normalize/date_fr): parseWhen on "start<TAB>end<TAB>text",
// then the instants in Europe/Paris; parseFrenchDate and parseFrenchTime on
// the start text. Property: no crash, no sanitizer report; an accepted
// start is a valid date, not after its end.
#include <chrono>

#include "fuzz_input.hpp"
#include "pft/normalize/date_fr.hpp"

using namespace std::chrono;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = pft::fuzz::fields(pft::fuzz::asText(data, size), 3);
  const pft::LocalSeconds reference = local_days{year{2026} / November / 20} + hours{10};
  auto when = pft::normalize::parseWhen(f[0], f[1], f[2], reference);
  if (when) {
    if (!year_month_day{sys_days{floor<days>(when->start).time_since_epoch()}}.ok()) pft::fuzz::violated("start is not a valid date");
    if (when->end && *when->end < when->start) pft::fuzz::violated("end before start");
    (void)pft::normalize::startInstant(*when);
    (void)pft::normalize::endInstant(*when);
  }
  auto clues = pft::normalize::readDateClues(f[2]);
  (void)pft::normalize::parseWhen(f[0], f[1], f[2], clues, reference);
  (void)pft::normalize::parseFrenchDate(f[0], year{2026} / November / 20);
  (void)pft::normalize::parseFrenchTime(f[0]);
  return 0;
}
