#include "pft/readmodel/snapshot.hpp"

#include <algorithm>
#include <limits>

#include "pft/core/geo.hpp"
#include "pft/core/text.hpp"
#include "pft/store/store.hpp"

namespace pft::readmodel {

std::size_t Snapshot::epoch(Instant now) const {
  return static_cast<std::size_t>(std::lower_bound(finish_sorted.begin(), finish_sorted.end(), now) -
                                  finish_sorted.begin());
}

void indexSnapshot(Snapshot& s) {
  std::sort(s.venues.begin(), s.venues.end(), [](const Venue& a, const Venue& b) { return a.id < b.id; });
  s.venue_index.clear();
  s.venue_keys.clear();
  s.venue_keys.reserve(s.venues.size());
  for (std::size_t i = 0; i < s.venues.size(); ++i) {
    const Venue& v = s.venues[i];
    s.venue_index[v.id] = i;
    s.venue_keys.push_back({text::foldKey(v.name), text::foldKey(v.city), text::foldKey(v.department),
                            text::foldKey(v.department_code), text::foldKey(v.region)});
  }
  std::sort(s.tournaments.begin(), s.tournaments.end(), [](const Tournament& a, const Tournament& b) {
    return a.start != b.start ? a.start < b.start : a.id < b.id;
  });
  std::size_t n = s.tournaments.size();
  s.tournament_index.clear();
  s.tournament_index.reserve(n);
  s.max_tournament_id = 0;
  s.folded_title.clear();
  s.folded_title.reserve(n);
  s.finish.clear();
  s.finish.reserve(n);
  s.tournament_venue.clear();
  s.tournament_venue.reserve(n);
  std::vector<std::string> variants;
  for (std::size_t i = 0; i < n; ++i) {
    const Tournament& t = s.tournaments[i];
    s.tournament_index[t.id] = i;
    s.max_tournament_id = std::max(s.max_tournament_id, t.id);
    s.folded_title.push_back(text::foldKey(t.title));
    s.finish.push_back(finishOf(t));
    auto vi = s.venue_index.find(t.venue_id);
    s.tournament_venue.push_back(vi == s.venue_index.end() ? std::numeric_limits<std::size_t>::max() : vi->second);
    if (std::find(variants.begin(), variants.end(), t.variant) == variants.end()) variants.push_back(t.variant);
  }
  std::sort(variants.begin(), variants.end());
  s.variants = std::move(variants);
  s.finish_sorted = s.finish;
  std::sort(s.finish_sorted.begin(), s.finish_sorted.end());

  SeriesGrouping g = groupSeries(s.tournaments);
  s.series = std::move(g.series);
  s.tournament_series = std::move(g.of_tournament);
  s.series_index.clear();
  for (std::size_t k = 0; k < s.series.size(); ++k) {
    Series& se = s.series[k];
    s.series_index[se.id] = k;
    if (se.name.empty()) {
      auto vi = s.venue_index.find(se.venue_id);
      se.name = vi == s.venue_index.end() ? std::string("Festival") : s.venues[vi->second].name;
    }
  }
}

std::optional<std::int64_t> seriesIdOf(const Snapshot& s, std::size_t i) {
  if (i >= s.tournament_series.size() || s.tournament_series[i] >= s.series.size()) return std::nullopt;
  return s.series[s.tournament_series[i]].id;
}

std::vector<std::size_t> upcomingSeries(const Snapshot& s, Instant now) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < s.series.size(); ++k) {
    for (std::size_t m : s.series[k].members) {
      if (s.finish[m] >= now) {
        out.push_back(k);
        break;
      }
    }
  }
  return out;
}

Result<std::shared_ptr<Snapshot>> loadSnapshot(store::Store& store, Instant now) {
  auto version = store.dataVersion();
  if (!version) return version.error();
  auto snap = std::make_shared<Snapshot>();
  snap->data_version = *version;
  snap->loaded_at = now;
  auto venues = store.listVenues();
  if (!venues) return venues.error();
  snap->venues = std::move(*venues);
  auto sources = store.listSourceStatuses();
  if (!sources) return sources.error();
  snap->sources = std::move(*sources);

  // Reserve once (no doubling while loading) and drop each tournament's
  // venue copy: venues are kept once, in snap->venues, and attached when a
  // tournament is rendered (withVenue). Keeps the peak and resident memory low.
  auto upcoming = store.countUpcoming(now);
  if (!upcoming) return upcoming.error();
  snap->tournaments.reserve(static_cast<std::size_t>(*upcoming) + 1024);
  TournamentFilter f;
  f.include_past = false;
  f.now = now;
  constexpr std::int64_t kPage = 5000;
  f.limit = kPage;
  for (f.offset = 0;; f.offset += kPage) {
    auto page = store.queryTournaments(f);
    if (!page) return page.error();
    std::size_t got = page->size();
    for (auto& t : *page) {
      t.venue = Venue{};
      snap->tournaments.push_back(std::move(t));
    }
    if (got < static_cast<std::size_t>(kPage)) break;
  }
  indexSnapshot(*snap);

  // The withdrawn ones, kept apart: few, and only status=removed and the
  // calendar feeds (as cancellations) ask for them.
  auto withdrawn = std::make_shared<Snapshot>();
  withdrawn->data_version = snap->data_version;
  withdrawn->loaded_at = now;
  withdrawn->venues = snap->venues;
  TournamentFilter w;
  w.include_past = false;
  w.now = now;
  w.status = TournamentStatus::kRemoved;
  w.limit = -1;
  auto removed = store.queryTournaments(w);
  if (!removed) return removed.error();
  for (auto& t : *removed) {
    t.venue = Venue{};
    withdrawn->tournaments.push_back(std::move(t));
  }
  auto counts = store.changeCounts();
  if (!counts) return counts.error();
  snap->change_count = std::move(*counts);
  withdrawn->change_count = snap->change_count;
  indexSnapshot(*withdrawn);
  snap->withdrawn = std::move(withdrawn);
  return snap;
}

std::unordered_map<std::string, std::int64_t> upcomingCountBySource(const Snapshot& s, Instant now) {
  std::unordered_map<std::string, std::int64_t> out;
  for (std::size_t i = 0; i < s.tournaments.size(); ++i) {
    if (s.finish[i] < now) continue;
    ++out[s.tournaments[i].source_name];
  }
  return out;
}

namespace {

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

}  // namespace

bool matches(const Snapshot& s, std::size_t i, const TournamentFilter& q) {
  const Tournament& t = s.tournaments[i];
  const Instant now = q.now;
  if (!q.include_past && s.finish[i] < now) return false;
  if (q.date_from && t.start < *q.date_from) return false;
  if (q.date_to && t.start > *q.date_to) return false;
  if (q.changed_since && t.updated_at < *q.changed_since) return false;
  if (q.buy_in_min && (!t.buy_in_cents || *t.buy_in_cents < *q.buy_in_min)) return false;
  if (q.buy_in_max && (!t.buy_in_cents || *t.buy_in_cents > *q.buy_in_max)) return false;
  if (q.variant && t.variant != *q.variant) return false;
  if (!statusPasses(q, t.status)) return false;
  if (q.venue_id && t.venue_id != *q.venue_id) return false;
  if (q.series_id && seriesIdOf(s, i) != q.series_id) return false;
  std::size_t vi = s.tournament_venue[i];
  static const Snapshot::VenueKeys kEmpty;
  const Snapshot::VenueKeys& vk = vi < s.venue_keys.size() ? s.venue_keys[vi] : kEmpty;
  if (q.city && !contains(vk.city, *q.city)) return false;
  if (q.department && vk.department_code != *q.department && !contains(vk.department, *q.department)) return false;
  if (q.region && !contains(vk.region, *q.region)) return false;
  if (q.q) {
    // Every word of q in "title venue city" (words hold no spaces, so none
    // spans two fields).
    std::string_view words = *q.q;
    while (!words.empty()) {
      auto space = words.find(' ');
      std::string_view word = words.substr(0, space);
      words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
      if (word.empty()) continue;
      if (!contains(s.folded_title[i], word) && !contains(vk.name, word) && !contains(vk.city, word)) return false;
    }
  }
  if (!q.tags.empty()) {
    for (const auto& want : q.tags) {
      bool found = false;
      for (const auto& have : t.tags) {
        if (text::foldCase(have) == want) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
  }
  if (q.near) {
    const Venue& v = vi < s.venues.size() ? s.venues[vi] : t.venue;
    if (!v.latitude || !v.longitude) return false;
    if (haversineKm(q.near->latitude, q.near->longitude, *v.latitude, *v.longitude) > q.near->radius_km) return false;
  }
  return true;
}

Tournament withVenue(const Snapshot& s, std::size_t i) {
  Tournament t = s.tournaments[i];
  std::size_t vi = s.tournament_venue[i];
  if (vi < s.venues.size()) t.venue = s.venues[vi];
  return t;
}

ListResult listTournaments(const Snapshot& s, const TournamentFilter& q) {
  ListResult r;
  std::size_t n = s.tournaments.size();
  std::size_t begin = 0;
  if (q.date_from) {
    begin = static_cast<std::size_t>(
        std::lower_bound(s.tournaments.begin(), s.tournaments.end(), *q.date_from,
                         [](const Tournament& t, Instant v) { return t.start < v; }) -
        s.tournaments.begin());
  }
  std::int64_t skipped = 0;
  for (std::size_t i = begin; i < n; ++i) {
    const Tournament& t = s.tournaments[i];
    if (q.date_to && t.start > *q.date_to) break;  // ordered by start
    if (!matches(s, i, q)) continue;
    ++r.total;
    if (q.cursor) {
      if (t.start < q.cursor->start || (t.start == q.cursor->start && t.id <= q.cursor->id)) continue;
    } else if (skipped < q.offset) {
      ++skipped;
      continue;
    }
    if (static_cast<std::int64_t>(r.items.size()) < q.limit) {
      r.items.push_back(i);
    } else if (!r.next) {
      const Tournament& last = s.tournaments[r.items.back()];
      r.next = Cursor{last.start, last.id};
    }
  }
  return r;
}

}  // namespace pft::readmodel
