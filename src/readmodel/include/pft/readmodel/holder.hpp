#pragma once
// SnapshotHolder: the read model behind the API and the site. It owns the
// current Snapshot (swapped as a whole, read through shared_ptr copies), the
// database state (up or not, why, the last successful ingest), and the
// poller that reloads the snapshot when the store's data version moves.
// Lists and lookups that the snapshot cannot answer (finished tournaments,
// include_past) go to the store through it.
//
// Ownership: borrows the Store and the Clock; they must outlive it.
// Thread safety: every method may be called from any thread; one reload
// runs at a time.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "pft/core/clock.hpp"
#include "pft/core/result.hpp"
#include "pft/core/types.hpp"
#include "pft/readmodel/snapshot.hpp"

namespace pft::store {
class Store;
}

namespace pft::readmodel {

struct HolderOptions {
  std::chrono::milliseconds poll_interval{2000};  // data-version polling
};

struct DbState {
  bool up = true;
  std::string reason;                 // why it is down
  std::optional<Instant> last_ingest;  // end of the last ok/partial run
};

// A page of a list: indexes into `source`, which is the served snapshot or,
// for include_past, a snapshot made for this query from the store.
struct Page {
  std::shared_ptr<const Snapshot> source;
  ListResult list;
};

class SnapshotHolder {
 public:
  // The changes of one tournament, newest first (read from the store).
  Result<std::vector<TournamentChange>> history(std::int64_t id) const;
  SnapshotHolder(store::Store& store, const Clock& clock, HolderOptions options = {});
  ~SnapshotHolder();
  SnapshotHolder(const SnapshotHolder&) = delete;
  SnapshotHolder& operator=(const SnapshotHolder&) = delete;

  // Loads the first snapshot and reads the last runs; an unreachable
  // database is an Error (a server must not start empty).
  Result<void> init();
  // Starts / stops the poller (stop is idempotent and joins it).
  void startPolling();
  void stopPolling();

  // Reloads the snapshot if the data version moved (or always with `force`);
  // the store's error when it is unreachable (the last snapshot stays).
  Result<void> refresh(bool force = false);

  // The served snapshot (never null after init()).
  std::shared_ptr<const Snapshot> current() const;
  DbState dbState() const;

  // Tournaments matching `f` (f.now must be set), paginated. include_past
  // reads the store, which narrows by the same filter; the snapshot's rules
  // then decide, so both paths answer alike. kDatabase when the store is
  // needed and unreachable.
  Result<Page> list(const TournamentFilter& f) const;
  // One tournament by id with its venue: from the snapshot, else (finished
  // ones) from the store. nullopt when unknown; kDatabase when the store is
  // needed and unreachable.
  Result<std::optional<Tournament>> tournament(std::int64_t id) const;

  store::Store& store() const { return store_; }
  const Clock& clock() const { return clock_; }

 private:
  void pollLoop();
  void pollOnce();

  store::Store& store_;
  const Clock& clock_;
  HolderOptions options_;

  mutable std::mutex snap_mutex_;
  std::shared_ptr<const Snapshot> snap_;
  std::mutex reload_mutex_;  // one reload at a time

  mutable std::mutex db_mutex_;
  DbState db_;

  std::mutex poll_mutex_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;
  std::thread poller_;
};

}  // namespace pft::readmodel
