// The ICS writer (api/ics renderIcs) round trip: fuzzed
// "title<TAB>description<TAB>venue<TAB>city<TAB>event_url" -> one tournament
// -> renderIcs -> parsed back with libical. Property: exactly one VEVENT,
// SUMMARY is the title, DESCRIPTION starts with the description, LOCATION
// starts with the venue, URL is the event URL when core's link rule serves
// it (safeLinkUrl), else the tournament's page, every line at most 75 octets.
// Texts are compared without control characters other than LF and TAB (RFC
// 5545 TEXT cannot hold them: the writer may drop them or write a space),
// with every line end (CRLF, CR, LF) as one LF, and without spaces.
// NUL bytes are out of scope (libical reads C strings; texts never hold them).
#include <libical/ical.h>

#include <string>

#include "fuzz_input.hpp"
#include "ics.hpp"
#include "pft/core/url.hpp"

namespace {

std::string str(const char* s) { return s == nullptr ? std::string{} : std::string{s}; }

// What must survive the round trip: no control character but LF and TAB, no
// space. A line end is one LF whatever its form (CRLF, CR alone, LF): the
// writer escapes each as one \n.
std::string kept(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      c = '\n';
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || ((u < 0x20 || u == 0x7f) && c != '\n' && c != '\t')) continue;
    out += c;
  }
  return out;
}
bool startsWith(std::string_view whole, std::string_view prefix) { return kept(whole).rfind(kept(prefix), 0) == 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = pft::fuzz::asText(data, size);
  if (text.find('\0') != std::string_view::npos) return 0;
  auto f = pft::fuzz::fields(text, 5);
  pft::Tournament t;
  t.id = 42;
  t.title = f[0];
  t.description = f[1];
  t.venue.name = f[2];
  t.venue.city = f[3];
  t.event_url = f[4];
  t.variant.clear();
  t.start = pft::Instant{std::chrono::seconds{1796036400}};
  const std::string ics = pft::api::renderIcs({&t}, t.start, "Fuzz", "https://example.test");

  for (std::size_t start = 0; start < ics.size();) {
    auto end = ics.find("\r\n", start);
    if (end == std::string::npos) pft::fuzz::violated("a line without CRLF");
    if (end - start > 75) pft::fuzz::violated("a line longer than 75 octets", ics.substr(start, end - start));
    start = end + 2;
  }
  icalcomponent* cal = icalparser_parse_string(ics.c_str());
  if (cal == nullptr) pft::fuzz::violated("libical cannot parse the feed", ics);
  int events = 0;
  icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  for (icalcomponent* e = ev; e != nullptr; e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) ++events;
  if (events != 1) pft::fuzz::violated("not exactly one VEVENT", ics);
  if (kept(str(icalcomponent_get_summary(ev))) != kept(t.title)) pft::fuzz::violated("SUMMARY differs", ics);
  if (!t.description.empty() && !startsWith(str(icalcomponent_get_description(ev)), t.description))
    pft::fuzz::violated("DESCRIPTION differs", ics);
  if (!t.venue.name.empty() && !startsWith(str(icalcomponent_get_location(ev)), t.venue.name))
    pft::fuzz::violated("LOCATION differs", ics);
  {
    // URL is the event's link when core's link rule serves it, else the
    // tournament's own page (issue 15 items 4 and 5).
    const std::string link = pft::safeLinkUrl(t.event_url);
    const std::string expected = link.empty() ? "https://example.test/tournaments/42" : link;
    icalproperty* url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
    if (url == nullptr || str(icalproperty_get_value_as_string(url)) != expected)
      pft::fuzz::violated("URL differs", ics);
  }
  icalcomponent_free(cal);
  return 0;
}
