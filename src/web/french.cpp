#include "french.hpp"

#include <array>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "pft/core/text.hpp"
#include "pft/core/variant.hpp"

namespace pft::web {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"dimanche", "lundi",    "mardi",   "mercredi",
                                                  "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 12> kMonths = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                                 "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

// U+202F NARROW NO-BREAK SPACE: the French thousands separator, and U+00A0
// before the euro sign so that « 150 € » never breaks.
constexpr std::string_view kThin = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";

std::chrono::year_month_day localDate(Instant t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(instantToLocal(t))};
}

std::string groupThousands(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += kThin;
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

std::string changeText(const TournamentChange& c, const std::function<std::string(std::int64_t)>& venue_name,
                       Instant reference) {
  auto number = [](const std::optional<std::string>& v) -> std::optional<std::int64_t> {
    if (!v) return std::nullopt;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
    return n;
  };
  const auto o = number(c.old_value);
  const auto n = number(c.new_value);
  std::string label, before, after;
  const std::string unknown = "non communiqué";
  if (c.field == "start" || c.field == "end") {
    label = c.field == "start" ? "début" : "fin";
    const bool same_day = o && n && parisDay(Instant{std::chrono::seconds(*o)}) == parisDay(Instant{std::chrono::seconds(*n)});
    auto when = [&](const std::optional<std::int64_t>& v) {
      if (!v) return unknown;
      Instant t{std::chrono::seconds(*v)};
      return same_day ? frenchTime(t) : frenchDay(t, reference) + ", " + frenchTime(t);
    };
    before = when(o);
    after = when(n);
  } else if (c.field == "buy_in" || c.field == "fee" || c.field == "guarantee") {
    label = c.field == "buy_in" ? "buy-in" : (c.field == "fee" ? "frais" : "garantie");
    before = o ? euros(*o, c.field == "buy_in") : unknown;
    after = n ? euros(*n, c.field == "buy_in") : unknown;
  } else if (c.field == "variant") {
    label = "variante";
    before = c.old_value ? variantLabel(*c.old_value) : unknown;
    after = c.new_value ? variantLabel(*c.new_value) : unknown;
  } else if (c.field == "status") {
    label = "statut";
    auto name = [&](const std::optional<std::string>& v) -> std::string {
      if (!v) return unknown;
      auto s = parseStatusName(*v);
      if (!s) return *v;
      switch (*s) {
        case TournamentStatus::kScheduled: return "prévu";
        case TournamentStatus::kCancelled: return "annulé";
        case TournamentStatus::kPostponed: return "reporté";
        case TournamentStatus::kUpdated: return "mis à jour";
        case TournamentStatus::kRemoved: return "retiré";
      }
      return *v;
    };
    before = name(c.old_value);
    after = name(c.new_value);
  } else if (c.field == "venue") {
    label = "lieu";
    before = o ? venue_name(*o) : unknown;
    after = n ? venue_name(*n) : unknown;
  } else if (c.field == "title") {
    label = "titre";
    before = c.old_value ? "« " + *c.old_value + " »" : unknown;
    after = c.new_value ? "« " + *c.new_value + " »" : unknown;
  } else {
    return {};
  }
  auto local_days = std::chrono::floor<std::chrono::days>(instantToLocal(c.changed_at));
  std::chrono::year_month_day ymd{local_days};
  unsigned day = static_cast<unsigned>(ymd.day());
  std::string date = fmt::format("{}{} {}", day, day == 1 ? "er" : "", kMonths[static_cast<unsigned>(ymd.month()) - 1]);
  if (ymd.year() != localDate(reference).year()) date += fmt::format(" {}", static_cast<int>(ymd.year()));
  return fmt::format("Modifié le {} : {} {} → {}", date, label, before, after);
}

std::int32_t parisDay(Instant t) {
  return static_cast<std::int32_t>(std::chrono::floor<std::chrono::days>(instantToLocal(t)).time_since_epoch().count());
}

std::string frenchDay(Instant t, Instant reference) {
  auto local_days = std::chrono::floor<std::chrono::days>(instantToLocal(t));
  std::chrono::year_month_day ymd{local_days};
  std::chrono::weekday wd{local_days};
  unsigned day = static_cast<unsigned>(ymd.day());
  std::string out = fmt::format("{} {}{} {}", kWeekdays[wd.c_encoding()], day, day == 1 ? "er" : "",
                                kMonths[static_cast<unsigned>(ymd.month()) - 1]);
  if (ymd.year() != localDate(reference).year()) out += fmt::format(" {}", static_cast<int>(ymd.year()));
  return out;
}

std::string frenchTime(Instant t) {
  auto local = instantToLocal(t);
  auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  auto h = std::chrono::duration_cast<std::chrono::hours>(since_midnight).count();
  auto m = std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count() % 60;
  return fmt::format("{}{}h{}{:02}", h, kNbsp, kNbsp, m);
}

std::string frenchDateTime(const Tournament& t, Instant reference) {
  std::string out = frenchDay(t.start, reference);
  if (t.time_known) out += ", " + frenchTime(t.start);
  return out;
}

std::string euros(std::int64_t cents, bool free_word) {
  if (cents == 0 && free_word) return "Gratuit";
  bool negative = cents < 0;
  if (negative) cents = -cents;
  std::string out = negative ? "-" : "";
  out += groupThousands(cents / 100);
  if (cents % 100 != 0) out += fmt::format(",{:02}", cents % 100);
  out += kNbsp;
  out += "€";
  return out;
}

std::string buyInText(const Tournament& t) {
  if (!t.buy_in_cents) return {};
  if (*t.buy_in_cents == 0) return "Gratuit";
  if (t.fee_cents && *t.fee_cents > 0 && *t.fee_cents < *t.buy_in_cents) {
    return euros(*t.buy_in_cents - *t.fee_cents) + " + " + euros(*t.fee_cents);
  }
  return euros(*t.buy_in_cents);
}

std::string variantLabel(std::string_view code) {
  auto label = pft::variantLabel(code);
  return std::string{label ? *label : code};
}

std::string tagLabel(std::string_view tag) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kLabels{{
      {"bounty", "Bounty"},
      {"ko", "KO"},
      {"pko", "Progressive KO"},
      {"mystery-bounty", "Mystery bounty"},
      {"turbo", "Turbo"},
      {"hyper-turbo", "Hyper turbo"},
      {"deepstack", "Deepstack"},
      {"freezeout", "Freezeout"},
      {"re-entry", "Re-entry"},
      {"rebuy", "Recave"},
      {"add-on", "Add-on"},
      {"satellite", "Satellite"},
      {"main-event", "Main event"},
      {"high-roller", "High roller"},
      {"ladies", "Ladies"},
      {"seniors", "Seniors"},
      {"freeroll", "Freeroll"},
  }};
  if (tag.rfind("flight:", 0) == 0) return "Jour " + std::string{tag.substr(7)};
  for (const auto& [c, label] : kLabels) {
    if (c == tag) return std::string{label};
  }
  return std::string{tag};
}

std::string statusBadge(TournamentStatus s) {
  switch (s) {
    case TournamentStatus::kCancelled: return "ANNULÉ";
    case TournamentStatus::kPostponed: return "REPORTÉ";
    case TournamentStatus::kRemoved: return "RETIRÉ";  // its source no longer lists it
    default: return {};
  }
}

}  // namespace pft::web
