#pragma once
// What an operator does with the public's submissions (pft/core/
// submission.hpp): `pft sources pending` lists them, `pft sources accept ID`
// publishes a tournament or appends a URL's catalog entry, `pft sources
// reject ID` closes one. Nothing submitted is public before acceptance:
// the submissions table is read only here and by the operator's commands.
// Not thread-safe (one operator command at a time).

#include <cstdint>
#include <string>
#include <vector>

#include "pft/core/clock.hpp"
#include "pft/core/result.hpp"
#include "pft/core/submission.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/onboarding/detect.hpp"
#include "pft/store/store.hpp"

namespace pft::onboarding {

// The raw event a tournament submission stands for: source "manual:<id>",
// start "<date> <time>" (the day alone when no time), the typed buy-in,
// variant and venue fields; never the contact e-mail nor the message.
RawEvent rawEventFromSubmission(const Submission& s, Instant now);

// One line per submission (id, kind, status, when, what), oldest first,
// then the untrusted texts on indented lines; control characters are
// never printed (validateSubmission refused them; a stored row is still
// shown with \uXXXX escapes if it holds any).
std::string formatSubmissions(const std::vector<Submission>& submissions);

// Publishes the pending tournament submission `id`: its raw event goes
// through the normalise run (same French reading, venue resolution and
// geocoding as any source) into `store`, under the source "manual:<id>";
// then the submission is marked accepted with the note "manual:<id>
// published". Returns that note. Errors: kNotFound (no such id),
// kConflict (already decided), kInvalidArgument (a URL suggestion: use
// acceptUrl; or the event does not normalise: the message says why, the
// submission stays pending), kIo / kDatabase.
Result<std::string> acceptTournament(store::Store& store, std::int64_t id, normalize::Geocoder& geocoder,
                                     const Clock& clock);

// Accepts the pending URL suggestion `id` with the entry `detection`
// (detectSource on its URL, usable) appended to the catalog file at
// `catalog_path` (appendCatalogEntryToFile: validated, every existing line
// and comment kept, written atomically), then marks it accepted with the
// note "catalog entry <name>". Errors: kNotFound, kConflict,
// kInvalidArgument (not a URL suggestion, or detection not usable), the
// catalog's errors (a duplicate name: pass another --name).
Result<std::string> acceptUrl(store::Store& store, std::int64_t id, const Detection& detection,
                              const std::string& catalog_path, Instant now);

// Reads a pending submission for acceptance (kNotFound / kConflict as
// above).
Result<Submission> pendingSubmission(store::Store& store, std::int64_t id);

}  // namespace pft::onboarding
