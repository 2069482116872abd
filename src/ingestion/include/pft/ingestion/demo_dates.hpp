#pragma once
// Demo-only date templates. The bundled demo sources (sources/demo/*) must
// show upcoming tournaments whatever day `make run` is executed, so their
// files write dates as tokens that the runner replaces, relative to the
// clock's "now" in Europe/Paris, before the connector sees the body — only
// for catalog entries with `demo_dates: true`. Production sources never set
// it; connectors never see a token.
//
// Token: {{DATE}} / {{DATE+N}} / {{DATE-N}} (N days from today in Paris),
// optionally followed by ":format":
//   iso (default)  2026-12-05
//   compact        20261205   (iCalendar DTSTART values)
//   dmy            05/12/2026
//   fr             samedi 5 décembre 2026
//   fr-short       sam. 5 déc.
//   rfc822         Sat, 05 Dec 2026 10:00:00 +0100   (10:00 Paris time; RSS dates)
// Pure and thread-safe.

#include <string>
#include <string_view>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"

namespace pft::ingestion {

// Replaces every token in `body`. An unknown format or a malformed offset is
// kInvalidArgument naming the token; text without tokens is returned as is.
Result<std::string> substituteDemoDates(std::string_view body, Instant now);

}  // namespace pft::ingestion
