#include "ics.hpp"

#include <libical/ical.h>

#include <gtest/gtest.h>

#include "pft/core/time.hpp"

namespace pft::api {
namespace {

Instant at(const char* iso) { return *parseIsoInstant(iso); }

TEST(IcsText, EscapesSpecialCharacters) {
  EXPECT_EQ(icsEscape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
}

TEST(IcsText, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "SUMMARY:";
  for (int i = 0; i < 60; ++i) line += "é";  // 2 octets each
  std::string folded = icsFold(line);
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    auto end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    std::string part = folded.substr(start, end - start);
    EXPECT_LE(part.size(), 75u);
    if (start > 0) {
      ASSERT_EQ(part[0], ' ');
      part.erase(0, 1);
    }
    // A continuation byte never starts a physical line.
    if (!part.empty()) {
      EXPECT_NE(static_cast<unsigned char>(part[0]) & 0xC0, 0x80);
    }
    unfolded += part;
    start = end + 2;
  }
  EXPECT_EQ(unfolded, line);
}

TEST(IcsCalendar, ParsesBackWithLibical) {
  Tournament a;
  a.id = 7;
  a.title = "Main Event, Day 1; \"Deepstack\"";
  a.description = "Line one\nLine two";
  a.start = at("2026-12-05T20:00:00+01:00");
  a.end = at("2026-12-05T23:30:00+01:00");
  a.buy_in_cents = 15000;
  a.venue.name = "Casino d'Évian";
  a.venue.city = "Évian-les-Bains";
  a.venue.latitude = 46.4;
  a.venue.longitude = 6.59;
  Tournament b;
  b.id = 8;
  b.title = "Cancelled one";
  b.start = at("2026-07-14T19:00:00+02:00");
  b.status = TournamentStatus::kCancelled;
  Tournament c;
  c.id = 9;
  c.title = "Date only";
  c.start = at("2026-12-20T00:00:00+01:00");
  c.time_known = false;
  std::string ics = renderIcs({&a, &b, &c}, at("2026-12-01T12:00:00Z"), "Test", "https://example.test");

  icalcomponent* cal = icalparser_parse_string(ics.c_str());
  ASSERT_NE(cal, nullptr);
  ASSERT_EQ(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
  EXPECT_NE(icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT), nullptr);
  int events = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    std::string uid = icalcomponent_get_uid(ev);
    if (uid == "7@pokerfrancetournaments") {
      EXPECT_STREQ(icalcomponent_get_summary(ev), a.title.c_str());
      EXPECT_STREQ(icalcomponent_get_description(ev), "Line one\nLine two\nBuy-in : 150 €\nVariante : NLHE");
      icaltimetype start = icalcomponent_get_dtstart(ev);
      EXPECT_EQ(start.hour, 20);
      EXPECT_EQ(start.day, 5);
      EXPECT_STREQ(icaltime_get_tzid(start), "Europe/Paris");
      EXPECT_EQ(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
    } else if (uid == "8@pokerfrancetournaments") {
      EXPECT_EQ(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
      EXPECT_EQ(icalcomponent_get_dtstart(ev).hour, 19);
    } else if (uid == "9@pokerfrancetournaments") {
      EXPECT_EQ(icalcomponent_get_dtstart(ev).is_date, 1);
    } else {
      ADD_FAILURE() << "unexpected UID " << uid;
    }
  }
  EXPECT_EQ(events, 3);
  icalcomponent_free(cal);
  // Every line ends with CRLF and is at most 75 octets.
  std::size_t start = 0;
  while (start < ics.size()) {
    auto end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    start = end + 2;
  }
}

// Issue 15 item 4: a value with CR/LF (an event_url stored before URLs
// were checked, a title) must not add a VEVENT or a property.
TEST(IcsCalendar, CrLfInAnyValueAddsNoEventNorProperty) {
  Tournament a;
  a.id = 7;
  a.title = "Injected\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil-title\r\nSUMMARY:pwned";
  a.description = "desc\rEND:VEVENT";
  a.start = at("2026-12-05T20:00:00+01:00");
  a.event_url = "https://organiser.test/e\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:pwned\r\n"
                "DTSTART:20261205T200000\r\nURL:https://evil.test";
  a.venue.name = "Casino\nX";
  a.venue.city = "Lyon\x01";
  Tournament b;
  b.id = 8;
  b.title = "Javascript link";
  b.start = at("2026-12-06T20:00:00+01:00");
  b.event_url = "javascript:alert(1)";
  Tournament c;
  c.id = 9;
  c.title = "Tab in URL";
  c.start = at("2026-12-07T20:00:00+01:00");
  c.event_url = "https://organiser.test/a\tb";
  std::string ics = renderIcs({&a, &b, &c}, at("2026-12-01T12:00:00Z"), "Cal\r\nX-EVIL:1", "https://example.test");

  // No physical line starts a property we did not write.
  EXPECT_EQ(ics.find("\r\nUID:evil"), std::string::npos) << ics;
  EXPECT_EQ(ics.find("\r\nX-EVIL"), std::string::npos) << ics;
  EXPECT_EQ(ics.find('\x01'), std::string::npos);
  icalcomponent* cal = icalparser_parse_string(ics.c_str());
  ASSERT_NE(cal, nullptr);
  int events = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    std::string uid = icalcomponent_get_uid(ev);
    icalproperty* url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
    ASSERT_NE(url, nullptr) << uid;
    const std::string url_text = icalproperty_get_url(url);
    EXPECT_EQ(icalcomponent_count_properties(ev, ICAL_URL_PROPERTY), 1) << uid;
    EXPECT_EQ(icalcomponent_count_properties(ev, ICAL_UID_PROPERTY), 1) << uid;
    if (uid == "7@pokerfrancetournaments") {
      std::string summary = a.title;
      for (auto p = summary.find("\r\n"); p != std::string::npos; p = summary.find("\r\n", p)) summary.replace(p, 2, "\n");
      EXPECT_EQ(icalcomponent_get_summary(ev), summary);
      // A URL with control characters is not a link: the tournament's page instead.
      EXPECT_EQ(url_text, "https://example.test/tournaments/7");
    } else if (uid == "8@pokerfrancetournaments") {
      EXPECT_EQ(url_text, "https://example.test/tournaments/8");
    } else if (uid == "9@pokerfrancetournaments") {
      EXPECT_EQ(url_text, "https://example.test/tournaments/9");
    } else {
      ADD_FAILURE() << "unexpected UID " << uid;
    }
  }
  EXPECT_EQ(events, 3);
  icalcomponent_free(cal);
}

TEST(IcsText, EscapesControlCharactersAndDel) {
  EXPECT_EQ(icsEscape("a\x01" "b\x7f" "\tc"), "a b \tc");
}

// « les 12 et 13 décembre à 19 h »: a DATE-TIME start and no end time
// known: no DTEND (a DATE-TIME start needs a DATE-TIME end).
TEST(IcsCalendar, EndWithoutItsTimeHasNoDtend) {
  Tournament t;
  t.id = 3;
  t.title = "Festival";
  t.start = at("2026-12-12T19:00:00+01:00");
  t.end = at("2026-12-13T00:00:00+01:00");
  t.end_time_known = false;
  std::string ics = renderIcs({&t}, at("2026-12-01T12:00:00Z"), "Test", "https://example.test");
  EXPECT_NE(ics.find("DTSTART;TZID=Europe/Paris:20261212T190000\r\n"), std::string::npos);
  EXPECT_EQ(ics.find("DTEND"), std::string::npos) << ics;
  t.end_time_known = true;
  ics = renderIcs({&t}, at("2026-12-01T12:00:00Z"), "Test", "https://example.test");
  EXPECT_NE(ics.find("DTEND;TZID=Europe/Paris:20261213T000000\r\n"), std::string::npos);
}

}  // namespace
}  // namespace pft::api
