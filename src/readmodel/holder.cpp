#include "pft/readmodel/holder.hpp"

#include <malloc.h>

#include <cstdint>
#include <exception>
#include <unordered_map>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "pft/core/geo.hpp"
#include "pft/store/store.hpp"

namespace pft::readmodel {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!spdlog::get("readmodel")) spdlog::stderr_color_mt("readmodel");
  });
  auto log = spdlog::get("readmodel");
  return log ? log : spdlog::default_logger();
}

// changed_since without a status: the served tournaments and the withdrawn
// ones changed since then, as one snapshot made for this query. Each is
// selected in the snapshot it lives in (so series_id means what it means
// everywhere else), keeps that series id, then the union is ordered and
// paginated like any list.
Page changedSincePage(const Snapshot& snap, const TournamentFilter& f) {
  auto merged = std::make_shared<Snapshot>();
  merged->data_version = snap.data_version;
  merged->loaded_at = snap.loaded_at;
  merged->venues = snap.venues;
  std::unordered_map<std::int64_t, std::int64_t> series_of;  // tournament id -> series id
  for (const Snapshot* part : {&snap, snap.withdrawn.get()}) {
    for (std::size_t i = 0; i < part->tournaments.size(); ++i) {
      if (!matches(*part, i, f)) continue;
      merged->tournaments.push_back(part->tournaments[i]);
      if (auto sid = seriesIdOf(*part, i)) series_of.emplace(part->tournaments[i].id, *sid);
    }
  }
  indexSnapshot(*merged);
  merged->series.clear();
  merged->series_index.clear();
  merged->tournament_series.assign(merged->tournaments.size(), SIZE_MAX);
  for (std::size_t i = 0; i < merged->tournaments.size(); ++i) {
    auto it = series_of.find(merged->tournaments[i].id);
    if (it == series_of.end()) continue;
    auto [at, fresh] = merged->series_index.emplace(it->second, merged->series.size());
    if (fresh) {
      Series se;
      se.id = it->second;
      merged->series.push_back(std::move(se));
    }
    merged->tournament_series[i] = at->second;
  }
  ListResult list = listTournaments(*merged, f);
  return Page{std::move(merged), std::move(list)};
}

}  // namespace

SnapshotHolder::SnapshotHolder(store::Store& store, const Clock& clock, HolderOptions options)
    : store_(store), clock_(clock), options_(options) {}

SnapshotHolder::~SnapshotHolder() { stopPolling(); }

std::shared_ptr<const Snapshot> SnapshotHolder::current() const {
  std::lock_guard lock(snap_mutex_);
  return snap_;
}

DbState SnapshotHolder::dbState() const {
  std::lock_guard lock(db_mutex_);
  return db_;
}

Result<void> SnapshotHolder::init() {
  auto r = refresh(true);
  if (!r) return r;
  pollOnce();
  return ok();
}

Result<void> SnapshotHolder::refresh(bool force) {
  std::lock_guard reload(reload_mutex_);
  auto version = store_.dataVersion();
  if (!version) {
    std::lock_guard lock(db_mutex_);
    db_.up = false;
    db_.reason = version.error().describe();
    return version.error();
  }
  {
    std::lock_guard lock(db_mutex_);
    db_.up = true;
    db_.reason.clear();
  }
  auto existing = current();
  if (!force && existing && existing->data_version == *version) return ok();
  auto load_started = std::chrono::steady_clock::now();
  auto loaded = loadSnapshot(store_, clock_.now());
  auto load_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - load_started);
  if (!loaded) {
    std::lock_guard lock(db_mutex_);
    db_.up = false;
    db_.reason = loaded.error().describe();
    return loaded.error();
  }
  std::shared_ptr<const Snapshot> next = std::move(*loaded);
  logger()->info("event=snapshot_loaded data_version={} tournaments={} venues={} series={} ms={}",
                 next->data_version, next->tournaments.size(), next->venues.size(), next->series.size(),
                 load_ms.count());
  {
    std::lock_guard lock(snap_mutex_);
    snap_.swap(next);
  }
  existing.reset();
  next.reset();      // the previous snapshot (unless a request still holds it)
  ::malloc_trim(0);  // hand the freed pages back: a reload must not ratchet RSS up
  return ok();
}

void SnapshotHolder::pollOnce() {
  auto r = refresh(false);
  if (!r) {
    logger()->warn("event=db_unreachable error=\"{}\"", r.error().describe());
    return;
  }
  auto runs = store_.listRuns(20);
  if (!runs) return;
  for (const auto& run : *runs) {
    if ((run.status == "ok" || run.status == "partial") && run.finished_at) {
      std::lock_guard lock(db_mutex_);
      if (!db_.last_ingest || *db_.last_ingest < *run.finished_at) db_.last_ingest = *run.finished_at;
      break;
    }
  }
}

void SnapshotHolder::startPolling() {
  std::lock_guard lock(poll_mutex_);
  if (poller_.joinable()) return;
  stopping_ = false;
  poller_ = std::thread([this] { pollLoop(); });
}

void SnapshotHolder::pollLoop() {
  std::unique_lock lock(poll_mutex_);
  while (!stopping_) {
    poll_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    try {
      pollOnce();
    } catch (const std::exception& e) {
      logger()->error("event=poll_failed error=\"{}\"", e.what());
    }
    lock.lock();
  }
}

void SnapshotHolder::stopPolling() {
  {
    std::lock_guard lock(poll_mutex_);
    stopping_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

Result<Page> SnapshotHolder::list(const TournamentFilter& f) const {
  auto snap = current();
  if (!f.include_past) {
    // Withdrawn tournaments live apart (Snapshot::withdrawn).
    if (f.status == TournamentStatus::kRemoved && snap->withdrawn) {
      return Page{snap->withdrawn, listTournaments(*snap->withdrawn, f)};
    }
    if (f.changed_since && !f.status && snap->withdrawn) return changedSincePage(*snap, f);
    return Page{snap, listTournaments(*snap, f)};
  }
  // The snapshot holds unfinished tournaments only: ask the store for every
  // match (same rules; near narrowed to its bounding box), then let the
  // snapshot's rules decide the distance, order and paginate.
  TournamentFilter wide = f;
  wide.offset = 0;
  wide.limit = -1;
  wide.cursor.reset();
  auto rows = store_.queryTournaments(wide);
  if (!rows) return rows.error();
  auto past = std::make_shared<Snapshot>();
  past->data_version = snap->data_version;
  past->loaded_at = snap->loaded_at;
  past->venues = snap->venues;
  past->tournaments = std::move(*rows);
  indexSnapshot(*past);
  ListResult list = listTournaments(*past, f);
  return Page{std::move(past), std::move(list)};
}

Result<std::vector<TournamentChange>> SnapshotHolder::history(std::int64_t id) const {
  return store_.tournamentHistory(id);
}

Result<std::optional<Tournament>> SnapshotHolder::tournament(std::int64_t id) const {
  auto snap = current();
  auto it = snap->tournament_index.find(id);
  if (it != snap->tournament_index.end()) return std::optional<Tournament>{withVenue(*snap, it->second)};
  // Finished and withdrawn tournaments are not in the snapshot: ask the store.
  return store_.getTournament(id);
}

}  // namespace pft::readmodel
