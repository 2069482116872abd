#pragma once
// How the site writes things in French: dates (« samedi 12 décembre »),
// times (« 20 h 00 »), amounts (« 150 € », « 1 500 € », « 12,50 € »),
// variant and tag labels, status badges, and URL slugs. Pure functions;
// every instant is shown in Europe/Paris. Private to the web module.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/time.hpp"
#include "pft/core/types.hpp"

namespace pft::web {

// « samedi 12 décembre » (with the year when it is not `reference`'s year:
// « samedi 2 janvier 2027 »).
std::string frenchDay(Instant t, Instant reference);
// « samedi 12 décembre, 20 h 00 », or the day alone when the time is unknown.
std::string frenchDateTime(const Tournament& t, Instant reference);
// « 20 h 00 ».
std::string frenchTime(Instant t);
// « 150 € », « 1 500 € » (narrow no-break space), « 12,50 € », « Gratuit »
// for 0 when `free_word`.
std::string euros(std::int64_t cents, bool free_word = false);
// « 100 € + 20 € » when the fee is known and smaller than the total, else
// euros(total); « Gratuit » for a freeroll; empty when unknown.
std::string buyInText(const Tournament& t);
// The French label of a variant code (« Texas Hold'em No Limit »); the code
// itself when unknown.
std::string variantLabel(std::string_view code);
// The French label of a tag code (« Bounty », « Re-entry », « Jour 1A »).
std::string tagLabel(std::string_view tag);
// « ANNULÉ », « REPORTÉ »; empty for a tournament that takes place.
std::string statusBadge(TournamentStatus s);
// One recorded change as the detail page shows it: « Modifié le 3 décembre :
// début 19 h 00 → 20 h 00 » (times alone when the day stays, else with the
// day; amounts in euros; labels for variants and statuses; `venue_name` gives
// a venue id's name). Plain text: the caller escapes it. Empty for a field
// it does not know.
std::string changeText(const TournamentChange& c, const std::function<std::string(std::int64_t)>& venue_name,
                       Instant reference);
// The Paris calendar date of `t`, as days since the epoch (for grouping).
std::int32_t parisDay(Instant t);

}  // namespace pft::web
