#include "pft/readmodel/series.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <limits>
#include <map>
#include <tuple>

#include "pft/core/text.hpp"

namespace pft::readmodel {
namespace {

struct Word {
  std::string key;  // folded
  std::size_t begin = 0, end = 0;  // raw span in the segment
  bool marker = false;
};

// Multi-byte punctuation that separates words like ASCII punctuation does.
constexpr std::array<std::string_view, 10> kWideSeparators = {"\u2019", "\u2018", "\u2013", "\u2014", "\u00AB",
                                                              "\u00BB", "\u00B7", "\u2022", "\u2026", "\u00A0"};

std::size_t wideSeparatorAt(std::string_view s, std::size_t i) {
  for (auto sep : kWideSeparators) {
    if (s.substr(i, sep.size()) == sep) return sep.size();
  }
  return 0;
}

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::vector<Word> splitWords(std::string_view seg) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < seg.size()) {
    unsigned char c = static_cast<unsigned char>(seg[i]);
    if (c < 0x80 && !isAsciiAlnum(seg[i])) {
      ++i;
      continue;
    }
    if (std::size_t w = wideSeparatorAt(seg, i)) {
      i += w;
      continue;
    }
    std::size_t b = i;
    while (i < seg.size()) {
      unsigned char d = static_cast<unsigned char>(seg[i]);
      if (d < 0x80 && !isAsciiAlnum(seg[i])) break;
      if (wideSeparatorAt(seg, i)) break;
      ++i;
    }
    std::string folded = text::foldKey(seg.substr(b, i - b));
    // foldKey may split a word (a letter it maps to punctuation): keep each part.
    std::size_t p = 0;
    while (p < folded.size()) {
      std::size_t q = folded.find(' ', p);
      if (q == std::string::npos) q = folded.size();
      if (q > p) out.push_back({folded.substr(p, q - p), b, i, false});
      p = q + 1;
    }
  }
  return out;
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1a", "2", "b": what follows « Day », « Jour », « Flight ».
bool isFlightId(std::string_view s) {
  if (s.size() == 1 && s[0] >= 'a' && s[0] <= 'z') return true;
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 2) return false;
  return n == s.size() || (n + 1 == s.size() && s[n] >= 'a' && s[n] <= 'z');
}

// "day1a", "jour2", "j1a", "d2", "flight3".
bool isCompactFlight(std::string_view s) {
  for (std::string_view p : {"day", "jour", "journee", "flight", "j", "d"}) {
    if (s.size() > p.size() && s.substr(0, p.size()) == p && std::isdigit(static_cast<unsigned char>(s[p.size()])) &&
        isFlightId(s.substr(p.size())))
      return true;
  }
  return false;
}

bool isFinal(std::string_view s) { return s == "finale" || s == "final" || s == "finales" || s == "finals"; }

// Marks the markers of `w`; returns {tagged, flight}.
std::pair<bool, bool> markMarkers(std::vector<Word>& w) {
  bool tagged = false, flight = false;
  auto at = [&](std::size_t i) -> std::string_view { return i < w.size() ? std::string_view(w[i].key) : ""; };
  auto mark = [&](std::size_t i, std::size_t n) {
    for (std::size_t k = i; k < i + n && k < w.size(); ++k) w[k].marker = true;
    tagged = true;
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view a = at(i), b = at(i + 1), c = at(i + 2);
    if (a == "day" || a == "jour" || a == "journee" || a == "flight") {
      if (isFinal(b)) {
        mark(i, 2), flight = true;
      } else if (isFlightId(b)) {
        // « Jour 1 B »: a lone letter after the number is part of the flight.
        bool letter = allDigits(b) && c.size() == 1 && c[0] >= 'a' && c[0] <= 'z';
        mark(i, letter ? 3 : 2), flight = true;
      }
    } else if (isCompactFlight(a)) {
      mark(i, 1), flight = true;
    } else if (isFinal(a)) {
      // « Final Day », « Finale », « Final Table »
      mark(i, (b == "day" || b == "table") ? 2 : 1), flight = true;
    } else if (a == "table" && isFinal(b)) {
      mark(i, 2), flight = true;
    } else if ((a == "main" || a == "side") && (b == "event" || b == "events")) {
      mark(i, 2);
    } else if ((a == "tournoi" || a == "evenement") && b == "principal") {
      mark(i, 2);
    } else if (a == "satellite" || a == "satellites" || a == "satt" || a == "highroller" || a == "warmup" ||
               a == "sideevent" || a == "mainevent") {
      mark(i, 1);
    } else if (a == "super" && b == "high" && c == "roller") {
      mark(i, 3);
    } else if (a == "high" && (b == "roller" || b == "rollers")) {
      mark(i, 2);
    } else if (a == "warm" && b == "up") {
      mark(i, 2);
    } else if ((a == "event" || a == "evenement") && allDigits(b) && b.size() <= 3) {
      mark(i, 2);  // « Event #5 » (the '#' is punctuation)
    }
  }
  return {tagged, flight};
}

bool isConnector(std::string_view s) {
  static constexpr std::array<std::string_view, 16> k = {"du", "de", "des", "d",   "la",  "le", "les", "l",
                                                         "the", "of", "pour", "for", "au", "aux", "en", "et"};
  return std::find(k.begin(), k.end(), s) != k.end();
}

// Separators between a banner and the event: the first found cuts.
constexpr std::array<std::string_view, 9> kSegmentSeparators = {" - ", " \u2013 ", " \u2014 ", " | ", ": ",
                                                                " / ", " \u00B7 ", " \u2022 ", " : "};

std::vector<std::string_view> splitSegments(std::string_view title) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t best = std::string_view::npos, len = 0;
    for (auto sep : kSegmentSeparators) {
      std::size_t p = title.find(sep);
      if (p < best) best = p, len = sep.size();
    }
    if (best == std::string_view::npos) break;
    out.push_back(title.substr(0, best));
    title = title.substr(best + len);
  }
  out.push_back(title);
  return out;
}

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// parisDay for many instants: the Paris offset is read once per UTC day
// (and exactly on the two days a year when it changes within the day).
class ParisDays {
 public:
  std::int64_t of(Instant t) {
    std::int64_t secs = t.time_since_epoch().count();
    std::int64_t utc_day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    auto it = offsets_.find(utc_day);
    if (it == offsets_.end()) {
      Instant midnight{std::chrono::seconds{utc_day * 86400}};
      int a = offsetSeconds(midnight);
      int b = offsetSeconds(midnight + std::chrono::seconds{86399});
      it = offsets_.emplace(utc_day, a == b ? a : kVaries).first;
    }
    if (it->second == kVaries) return parisDayExact(t);
    std::int64_t local = secs + it->second;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
  }

 private:
  static constexpr int kVaries = 1 << 30;
  static std::int64_t parisDayExact(Instant t) {
    return std::chrono::floor<std::chrono::days>(instantToLocal(t)).time_since_epoch().count();
  }
  std::unordered_map<std::int64_t, int> offsets_;
};

}  // namespace

std::int64_t parisDay(Instant t) {
  auto local = instantToLocal(t);
  return std::chrono::floor<std::chrono::days>(local).time_since_epoch().count();
}

SeriesTitle readSeriesTitle(std::string_view title) {
  SeriesTitle out;
  bool chosen = false;
  for (std::string_view seg : splitSegments(title)) {
    std::vector<Word> words = splitWords(seg);
    auto [tagged, flight] = markMarkers(words);
    out.tagged = out.tagged || tagged;
    out.flight = out.flight || flight;
    if (chosen) continue;
    // Kept words, without connectors at either end.
    std::vector<const Word*> kept;
    for (const auto& w : words) {
      if (!w.marker) kept.push_back(&w);
    }
    while (!kept.empty() && isConnector(kept.front()->key)) kept.erase(kept.begin());
    while (!kept.empty() && isConnector(kept.back()->key)) kept.pop_back();
    if (kept.empty()) continue;
    chosen = true;
    // As written: runs of kept words that are adjacent in the text, joined by a space.
    for (std::size_t k = 0; k < kept.size();) {
      std::size_t j = k;
      while (j + 1 < kept.size() && kept[j + 1] - kept[j] == 1) ++j;
      // kept[] points into `words`: adjacent pointers are adjacent words.
      if (!out.banner.empty()) out.banner += ' ';
      out.banner += text::squashSpaces(seg.substr(kept[k]->begin, kept[j]->end - kept[k]->begin));
      for (std::size_t m = k; m <= j; ++m) {
        if (!out.banner_key.empty()) out.banner_key += ' ';
        out.banner_key += kept[m]->key;
      }
      k = j + 1;
    }
  }
  return out;
}

SeriesGrouping groupSeries(const std::vector<Tournament>& ts) {
  SeriesGrouping g;
  g.of_tournament.assign(ts.size(), kNone);
  std::vector<std::size_t> order(ts.size());
  for (std::size_t i = 0; i < ts.size(); ++i) order[i] = i;
  auto before = [&](std::size_t a, std::size_t b) {
    return ts[a].start != ts[b].start ? ts[a].start < ts[b].start : ts[a].id < ts[b].id;
  };
  // A snapshot's tournaments come sorted already.
  if (!std::is_sorted(order.begin(), order.end(), before)) std::sort(order.begin(), order.end(), before);

  struct Info {
    const SeriesTitle* title = nullptr;
    std::int64_t first = 0, last = 0;
  };
  std::vector<Info> info(ts.size());
  // Titles repeat (weekly tournaments, one festival's flights): read each once.
  std::unordered_map<std::string_view, SeriesTitle> titles;
  titles.reserve(ts.size() / 4 + 16);
  ParisDays days;
  // (venue, banner key) -> tagged members by start.
  std::map<std::pair<std::int64_t, std::string_view>, std::vector<std::size_t>> tagged;
  for (std::size_t i : order) {
    const Tournament& t = ts[i];
    Info& in = info[i];
    auto it = titles.find(t.title);
    if (it == titles.end()) it = titles.emplace(t.title, readSeriesTitle(t.title)).first;
    in.title = &it->second;
    in.first = days.of(t.start);
    in.last = t.end && *t.end > t.start ? std::max(in.first, days.of(*t.end)) : in.first;
    if (in.title->tagged) tagged[{t.venue_id, in.title->banner_key}].push_back(i);
  }

  for (auto& [key, members] : tagged) {
    std::size_t b = 0;
    while (b < members.size()) {
      std::size_t e = b + 1;
      std::int64_t last = info[members[b]].last;
      bool any_flight = info[members[b]].title->flight;
      while (e < members.size() && info[members[e]].first <= last + 1) {
        last = std::max(last, info[members[e]].last);
        any_flight = any_flight || info[members[e]].title->flight;
        ++e;
      }
      if (e - b >= 2 || any_flight) {
        Series s;
        s.venue_id = key.first;
        s.banner_key = std::string(key.second);
        s.name = info[members[b]].title->banner;
        s.first_day = info[members[b]].first;
        s.last_day = last;
        s.members.assign(members.begin() + static_cast<std::ptrdiff_t>(b),
                         members.begin() + static_cast<std::ptrdiff_t>(e));
        g.series.push_back(std::move(s));
      }
      b = e;
    }
  }
  // Untagged tournaments join the series of their venue and banner whose days hold them.
  if (!g.series.empty()) {
    std::map<std::pair<std::int64_t, std::string_view>, std::vector<std::size_t>> by_key;
    for (std::size_t k = 0; k < g.series.size(); ++k) by_key[{g.series[k].venue_id, g.series[k].banner_key}].push_back(k);
    std::vector<bool> grew(g.series.size(), false);
    for (std::size_t i : order) {
      if (info[i].title->tagged) continue;
      auto it = by_key.find({ts[i].venue_id, info[i].title->banner_key});
      if (it == by_key.end()) continue;
      for (std::size_t k : it->second) {
        Series& se = g.series[k];
        if (info[i].first >= se.first_day && info[i].first <= se.last_day) {
          se.members.push_back(i);
          grew[k] = true;
        }
      }
    }
    for (std::size_t k = 0; k < g.series.size(); ++k) {
      if (!grew[k]) continue;
      std::sort(g.series[k].members.begin(), g.series[k].members.end(), [&](std::size_t a, std::size_t b) {
        return ts[a].start != ts[b].start ? ts[a].start < ts[b].start : ts[a].id < ts[b].id;
      });
    }
  }
  std::sort(g.series.begin(), g.series.end(), [&](const Series& a, const Series& b) {
    const Tournament& x = ts[a.members.front()];
    const Tournament& y = ts[b.members.front()];
    return std::tie(x.start, x.id) < std::tie(y.start, y.id);
  });
  // Ids: a hash of what identifies the series; a collision (never seen, but
  // possible) moves the later one on, deterministically.
  std::unordered_set<std::int64_t> used;
  for (std::size_t k = 0; k < g.series.size(); ++k) {
    Series& s = g.series[k];
    std::string ident = std::to_string(s.venue_id) + '\x1f' + s.banner_key + '\x1f' + std::to_string(s.last_day);
    auto id = static_cast<std::int64_t>(fnv1a(ident) & ((std::uint64_t{1} << 53) - 1));
    while (id == 0 || used.count(id) != 0) id = (id + 1) & ((std::int64_t{1} << 53) - 1);
    used.insert(id);
    s.id = id;
    for (std::size_t i : s.members) g.of_tournament[i] = k;
  }
  return g;
}

}  // namespace pft::readmodel
