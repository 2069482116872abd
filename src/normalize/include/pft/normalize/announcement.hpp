#pragma once
// Announcements: the items of a news or club feed marked
// RawEvent::kind == "announcement" (catalog `announcements: true`), articles
// whose tournament, if any, is written in their title and text. They go
// through the same French reading as any event (dates anchored on the
// item's publication date, buy-ins, variants), plus two rules of their own:
//   - the venue is the one the text names when the item has no venue field
//     (findVenueInText);
//   - an item that announces no dated tournament is skipped with the reason
//     NotAnnouncement, never stored: a report on a finished event ("a
//     remporté", "s'est déroulé"…: DateClues::coverage), a text that names
//     no tournament (whyNotAnnouncement), one without a date.
// Pure functions over an immutable Gazetteer: thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "pft/normalize/gazetteer.hpp"

namespace pft::normalize {

inline constexpr std::string_view kAnnouncementKind = "announcement";

struct NamedVenue {
  std::string name;  // "Casino de Forges-les-Eaux"; empty when only a town is named
  std::string city;  // the commune's official name; may be empty
};

// The venue an announcement names, searched in the title, then the text:
// a venue word (casino, club, cercle, pasino, salle) followed by capitalised
// words, with their connectors ("casino de Forges-les-Eaux", "au Club Circus
// Paris", "le Cercle Clichy Montmartre"), its town found by the gazetteer in
// that name, else in the text; without a venue word, a commune the text
// names (the town alone). nullopt when neither is found.
std::optional<NamedVenue> findVenueInText(std::string_view title, std::string_view description,
                                          const Gazetteer& gazetteer);

// Why an article announces no tournament, or nullopt when it may: it reads
// as a report on a finished event, or names no tournament ("tournoi",
// "freeroll", "deepstack", "bounty", "main event", "satellite", "festival",
// "championnat", "buy-in", "sit & go", "poker tour"…, folded, whole words).
std::optional<std::string> whyNotAnnouncement(std::string_view title, std::string_view description);

}  // namespace pft::normalize
