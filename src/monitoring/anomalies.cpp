#include "pft/monitoring/anomalies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "pft/core/similarity.hpp"
#include "pft/core/text.hpp"
#include "pft/monitoring/duration.hpp"
#include "pft/store/store.hpp"

namespace pft::monitoring {

namespace {

Example exampleOf(const Tournament& t) {
  std::string venue = t.venue.name;
  if (!t.venue.city.empty()) venue += venue.empty() ? t.venue.city : " (" + t.venue.city + ")";
  return Example{t.id, t.title, venue, formatLocalIso(t.start), t.source_name};
}

Example exampleOf(const Venue& v) {
  std::string venue = v.name;
  if (!v.city.empty()) venue += " (" + v.city + ")";
  return Example{v.id, "", venue, "", v.geocode_source};
}


bool hasTag(const Tournament& t, std::string_view tag) {
  return std::any_of(t.tags.begin(), t.tags.end(), [&](const std::string& s) { return text::foldKey(s) == tag; });
}

// A freeroll is tagged so by normalize; a title saying so is enough too
// (rows written by other tools may lack the tag).
bool isFreeroll(const Tournament& t) {
  if (hasTag(t, "freeroll")) return true;
  const std::string title = " " + text::foldKey(t.title) + " ";
  return title.find(" freeroll ") != std::string::npos || title.find(" gratuit ") != std::string::npos;
}

// Accumulates one check's hits and turns them into a finding.
struct Hits {
  std::int64_t count = 0;
  std::vector<Example> examples;
  void add(Example e) {
    ++count;
    if (examples.size() < kMaxExamples) examples.push_back(std::move(e));
  }
};

void addIf(MonitorReport& report, const char* check, const Hits& hits, const std::string& message) {
  if (hits.count == 0) return;
  report.findings.push_back(alertFinding(check, message, hits.count, hits.examples));
}

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool hasLeftoverHtml(const std::string& title) {
  for (std::size_t i = 0; i < title.size(); ++i) {
    char c = title[i];
    if (c == '<' && i + 1 < title.size()) {
      char n = title[i + 1];
      bool opens = isNameChar(n) && !(n >= '0' && n <= '9');
      if ((opens || n == '/' || n == '!') && title.find('>', i + 1) != std::string::npos) return true;
    } else if (c == '&' && i + 2 < title.size()) {
      std::size_t j = i + 1;
      if (title[j] == '#') {
        ++j;
        bool hex = j < title.size() && (title[j] == 'x' || title[j] == 'X');
        if (hex) ++j;
        std::size_t digits = j;
        while (j < title.size() && (hex ? std::isxdigit(static_cast<unsigned char>(title[j])) != 0
                                        : (title[j] >= '0' && title[j] <= '9'))) {
          ++j;
        }
        if (j > digits && j < title.size() && title[j] == ';') return true;
      } else {
        std::size_t name = j;
        while (j < title.size() && isNameChar(title[j]) && j - name < 32) ++j;
        if (j > name + 1 && j < title.size() && title[j] == ';') return true;
      }
    }
  }
  return false;
}

MonitorReport buildAnomalyReport(const std::vector<Tournament>& tournaments, const std::vector<Venue>& venues,
                                 const std::vector<IngestRun>& runs, Instant now, const AnomalyOptions& options) {
  MonitorReport report;
  report.monitor = "anomalies";

  // Sorted by start so that duplicate groups and examples are in a stable order.
  std::vector<const Tournament*> sorted;
  sorted.reserve(tournaments.size());
  for (const auto& t : tournaments) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(), [](const Tournament* a, const Tournament* b) {
    return std::tie(a->start, a->id) < std::tie(b->start, b->id);
  });
  std::vector<std::string> folded(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) folded[i] = text::foldKey(sorted[i]->title);

  // Exact duplicates: same venue, folded title and Paris date. Every member
  // beyond the first of a group counts; examples show whole groups.
  Hits duplicates;
  {
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      groups[{sorted[i]->venue_id, folded[i], formatLocalDate(sorted[i]->start)}].push_back(i);
    }
    std::int64_t extra = 0;
    std::vector<std::vector<std::size_t>> dup_groups;
    for (auto& [key, members] : groups) {
      if (members.size() < 2) continue;
      extra += static_cast<std::int64_t>(members.size() - 1);
      dup_groups.push_back(members);
    }
    std::sort(dup_groups.begin(), dup_groups.end());
    for (const auto& g : dup_groups) {
      for (std::size_t i : g) {
        if (duplicates.examples.size() < kMaxExamples) duplicates.examples.push_back(exampleOf(*sorted[i]));
      }
    }
    duplicates.count = extra;
  }
  addIf(report, "duplicates", duplicates,
        fmt::format("{} (same venue, title and date)", plural(duplicates.count, "duplicate event")));

  // Near duplicates: the pairs normalize should have merged. Counted as pairs.
  Hits near;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    for (std::size_t j = i + 1; j < sorted.size(); ++j) {
      if (sorted[j]->start - sorted[i]->start > options.near_window) break;
      if (sorted[i]->venue_id != sorted[j]->venue_id) continue;
      if (folded[i] == folded[j]) continue;  // exact: reported above or distinct days
      if (text::titleSimilarity(folded[i], folded[j]) < options.near_similarity) continue;
      ++near.count;
      for (std::size_t k : {i, j}) {
        if (near.examples.size() < kMaxExamples) near.examples.push_back(exampleOf(*sorted[k]));
      }
    }
  }
  addIf(report, "near_duplicates", near,
        fmt::format("{} (same venue, starts within {}, titles at least {:g} % alike)",
                    plural(near.count, "near-duplicate pair"), formatDuration(options.near_window),
                    options.near_similarity * 100));

  Hits non_positive, past, no_coords, expensive, night, html;
  const Instant past_cutoff = now - options.past_grace;
  for (const Tournament* t : sorted) {
    if (t->buy_in_cents) {
      std::int64_t b = *t->buy_in_cents;
      if (b < 0 || (b == 0 && !isFreeroll(*t))) non_positive.add(exampleOf(*t));
      if (b > options.max_buy_in_cents) expensive.add(exampleOf(*t));
    }
    if (finishOf(*t) < past_cutoff) past.add(exampleOf(*t));
    if (!t->venue.latitude || !t->venue.longitude) no_coords.add(exampleOf(*t));
    if (t->time_known) {
      auto local = instantToLocal(t->start, t->timezone.empty() ? kParisZone : std::string_view(t->timezone));
      auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
      auto hour = std::chrono::duration_cast<std::chrono::hours>(since_midnight).count();
      if (hour >= options.night_from_hour && hour < options.night_to_hour) night.add(exampleOf(*t));
    }
    if (hasLeftoverHtml(t->title)) html.add(exampleOf(*t));
  }
  addIf(report, "non_positive_buy_in", non_positive,
        fmt::format("{} with a zero or negative buy-in (freerolls excluded)", plural(non_positive.count, "tournament")));
  addIf(report, "past_events", past,
        options.past_grace.count() == 0
            ? fmt::format("{} still stored (remove with pft purge --past --older-than AGE)",
                          plural(past.count, "past event"))
            : fmt::format("{} ended more than {} ago still stored", plural(past.count, "past event"),
                          formatDuration(options.past_grace)));
  addIf(report, "no_coordinates", no_coords,
        fmt::format("{} without coordinates", plural(no_coords.count, "tournament")));

  Hits no_department;
  for (const auto& v : venues) {
    if (text::trim(v.department).empty()) no_department.add(exampleOf(v));
  }
  addIf(report, "no_department", no_department,
        fmt::format("{} without department", plural(no_department.count, "venue")));

  addIf(report, "implausible_buy_in", expensive,
        fmt::format("{} with a buy-in above {} €", plural(expensive.count, "tournament"),
                    options.max_buy_in_cents / 100));
  addIf(report, "night_start", night,
        fmt::format("{} starting between {:02}:00 and {:02}:00 (Paris)", plural(night.count, "tournament"),
                    options.night_from_hour, options.night_to_hour));

  // Silent sources: the last sign of life of a source is the latest run in
  // which it brought events (or was not modified), or the latest last_seen_at
  // of its stored tournaments. Candidates: the sources of the latest finished
  // run and those of stored tournaments; one seen only in runs that began
  // less than silent_after ago is not judged yet.
  Hits silent;
  {
    const Instant silent_cutoff = now - options.silent_after;
    struct Life {
      std::optional<Instant> last_sign;
      std::optional<Instant> first_run;
    };
    std::map<std::string, Life> life;
    std::vector<std::string> candidates;
    auto candidate = [&](const std::string& name) {
      if (name.empty()) return;
      if (life.find(name) == life.end()) candidates.push_back(name);
      life[name];
    };
    auto sign = [&](const std::string& name, Instant t) {
      auto it = life.find(name);
      if (it == life.end()) return;
      if (!it->second.last_sign || t > *it->second.last_sign) it->second.last_sign = t;
    };
    for (const auto& r : runs) {
      if (r.status == "running") continue;
      for (const auto& rs : r.sources) candidate(rs.name);
      break;  // the latest finished run
    }
    for (const auto& t : tournaments) candidate(t.source_name);
    for (const auto& r : runs) {
      for (const auto& rs : r.sources) {
        auto it = life.find(rs.name);
        if (it == life.end()) continue;
        if (!it->second.first_run || r.started_at < *it->second.first_run) it->second.first_run = r.started_at;
        if (rs.status == "not_modified" || (rs.status == "ok" && rs.events > 0)) sign(rs.name, r.started_at);
      }
    }
    for (const auto& t : tournaments) {
      if (t.last_seen_at.time_since_epoch().count() > 0) sign(t.source_name, t.last_seen_at);
    }
    std::sort(candidates.begin(), candidates.end());
    for (const auto& name : candidates) {
      const Life& l = life[name];
      bool is_silent = l.last_sign ? *l.last_sign < silent_cutoff : (l.first_run && *l.first_run <= silent_cutoff);
      if (!is_silent) continue;
      silent.add(Example{0, "", "", l.last_sign ? "last events " + formatLocalIso(*l.last_sign) : "never returned events",
                         name});
    }
  }
  if (silent.count > 0) {
    std::string names;
    for (const auto& e : silent.examples) names += (names.empty() ? "" : ", ") + e.source;
    if (silent.count > static_cast<std::int64_t>(silent.examples.size())) names += ", …";
    addIf(report, "silent_sources", silent,
          fmt::format("{} without events for {}: {}", plural(silent.count, "source"),
                      formatDuration(options.silent_after), names));
  }
  addIf(report, "html_in_title", html,
        fmt::format("{} with leftover HTML or entities", plural(html.count, "title")));

  // Mass withdrawals: runs are newest first, so a source's first hit is its latest.
  Hits withdrew;
  {
    std::set<std::string> reported;
    for (const auto& r : runs) {
      if (r.status == "running" || r.started_at < now - options.withdrawal_window) continue;
      for (const auto& rs : r.sources) {
        if (rs.removed <= 0 || rs.removed * 2 <= rs.upcoming_before) continue;
        if (!reported.insert(rs.name).second) continue;
        withdrew.add(Example{0, "", "",
                             fmt::format("run #{} ({}) withdrew {} of {} upcoming", r.id, formatLocalIso(r.started_at),
                                         rs.removed, rs.upcoming_before),
                             rs.name});
      }
    }
  }
  if (withdrew.count > 0) {
    std::string names;
    for (const auto& e : withdrew.examples) names += (names.empty() ? "" : ", ") + e.source;
    if (withdrew.count > static_cast<std::int64_t>(withdrew.examples.size())) names += ", …";
    addIf(report, "mass_withdrawal", withdrew,
          fmt::format("{} withdrew more than half of {} upcoming tournaments in one run: {}",
                      plural(withdrew.count, "source"), withdrew.count == 1 ? "its" : "their", names));
  }

  if (report.findings.empty()) report.findings.push_back(okFinding("anomalies", "No anomalies detected"));
  return report;
}

MonitorReport checkAnomalies(store::Store& store, Instant now, const AnomalyOptions& options) {
  TournamentFilter all;
  all.include_past = true;
  all.now = now;
  all.limit = -1;
  auto tournaments = store.queryTournaments(all);
  if (!tournaments) return cannotCheckReport("anomalies", "cannot read the database: " + tournaments.error().describe());
  auto venues = store.listVenues();
  if (!venues) return cannotCheckReport("anomalies", "cannot read the database: " + venues.error().describe());
  auto runs = store.listRuns(kAnomalyRunWindow);
  if (!runs) return cannotCheckReport("anomalies", "cannot read the database: " + runs.error().describe());
  return buildAnomalyReport(*tournaments, *venues, *runs, now, options);
}

}  // namespace pft::monitoring
