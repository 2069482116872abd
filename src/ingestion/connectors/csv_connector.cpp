// type: csv — libcsv (RFC 4180 quoting), a header row, `field_map` from
// column header to raw key. ',' ';' or tab, detected on the header line unless
// configured. Two columns mapped to the same key are joined with a space
// ("START DATE" + "START TIME" -> start).

#include <csv.h>

#include <algorithm>
#include <string>
#include <vector>

#include "connectors/common.hpp"
#include "connectors/xml_util.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/limits.hpp"

namespace pft::ingestion::detail {

namespace {

// libcsv's parser state "inside a field" (csv.c: FIELD_BEGUN).
constexpr int kFieldBegun = 2;

char detectDelimiter(std::string_view text) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++commas;
    else if (c == ';') ++semicolons;
    else if (c == '\t') ++tabs;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

struct CsvState {
  const SourceConfig* config = nullptr;
  const ParseContext* ctx = nullptr;
  ParseOutput* out = nullptr;
  std::vector<std::string> fields;  // current row
  std::vector<std::string> header;
  std::vector<std::string> keys;  // column index -> raw key ("" = unused)
  std::vector<int> slots;         // column index -> index in `values` (-1 = unused)
  std::vector<std::string> slot_keys;  // slot index -> raw key
  std::vector<std::string> values;     // current row, one per slot
  const EventSink* sink = nullptr;
  std::size_t emitted = 0;
  std::size_t row = 0;            // 1 = header
  bool header_done = false;
  bool warned_width = false;
  std::string error;              // set when the header does not fit field_map
};

void onField(void* data, std::size_t len, void* state_ptr) {
  auto* st = static_cast<CsvState*>(state_ptr);
  st->fields.emplace_back(data == nullptr ? "" : static_cast<const char*>(data), data == nullptr ? 0 : len);
}

void mapHeader(CsvState& st) {
  const auto& field_map = st.config->csv.field_map;
  st.keys.assign(st.header.size(), std::string());
  std::vector<std::string> missing;
  if (field_map.empty()) {
    for (std::size_t i = 0; i < st.header.size(); ++i) {
      std::string key = lowerAscii(st.header[i]);
      if (isRawFieldName(key)) st.keys[i] = key;
    }
  } else {
    for (const auto& [column, key] : field_map) {
      bool found = false;
      for (std::size_t i = 0; i < st.header.size() && !found; ++i) {
        if (st.header[i] == column) {
          st.keys[i] = key;
          found = true;
        }
      }
      for (std::size_t i = 0; i < st.header.size() && !found; ++i) {
        if (lowerAscii(st.header[i]) == lowerAscii(column)) {
          st.keys[i] = key;
          found = true;
        }
      }
      if (!found) missing.push_back(column);
    }
  }
  bool any = false;
  for (const auto& k : st.keys) any = any || !k.empty();
  // The header as quoted names, cut at half of kMaxMessageChars: a 9 MB header line
  // must not become a 23 MB message (stored with every run).
  std::string columns;
  std::size_t shown = 0;
  for (const auto& h : st.header) {
    if (columns.size() + h.size() + 4 > kMaxMessageChars / 2) break;
    columns += (columns.empty() ? "'" : ", '") + h + "'";
    ++shown;
  }
  if (shown == 0 && !st.header.empty()) {
    columns = "'" + truncateUtf8(st.header[0], kMaxMessageChars / 4) + "…'";
    shown = 1;
  }
  if (shown < st.header.size()) {
    columns += " … (" + std::to_string(st.header.size() - shown) + " more columns)";
  }
  if (!any) {
    st.error = field_map.empty()
                   ? "no column header is a raw field name and no field_map is configured; header: " + columns
                   : "no column of field_map is in the header; header: " + columns;
    return;
  }
  for (const auto& m : missing) {
    st.out->warnings.push_back("field_map column '" + m + "' is not in the header; header: " + columns);
    st.out->partial = true;  // the mapping no longer fits: rows may now be misread
  }
  st.slots.assign(st.keys.size(), -1);
  for (std::size_t i = 0; i < st.keys.size(); ++i) {
    if (st.keys[i].empty()) continue;
    auto found = std::find(st.slot_keys.begin(), st.slot_keys.end(), st.keys[i]);
    st.slots[i] = static_cast<int>(found - st.slot_keys.begin());
    if (found == st.slot_keys.end()) st.slot_keys.push_back(st.keys[i]);
  }
  st.values.assign(st.slot_keys.size(), std::string());
}

void onRow(int /*terminator*/, void* state_ptr) {
  auto* st = static_cast<CsvState*>(state_ptr);
  ++st->row;
  std::vector<std::string> fields = std::move(st->fields);
  st->fields.clear();
  if (!st->error.empty()) return;
  if (!st->header_done) {
    for (auto& f : fields) {
      std::string_view v = pft::text::trim(f);
      if (v.substr(0, 3) == "\xef\xbb\xbf") v.remove_prefix(3);
      st->header.emplace_back(pft::text::trim(v));
    }
    st->header_done = true;
    mapHeader(*st);
    return;
  }
  bool any = false;
  for (const auto& f : fields) any = any || !pft::text::trim(f).empty();
  if (!any) return;
  if (fields.size() > st->header.size() && !st->warned_width) {
    st->warned_width = true;
    st->out->warnings.push_back("row " + std::to_string(st->row) + " has " + std::to_string(fields.size()) +
                                " fields, the header " + std::to_string(st->header.size()) +
                                "; extra fields ignored");
  }
  for (auto& v : st->values) v.clear();
  bool has_value = false;
  for (std::size_t i = 0; i < fields.size() && i < st->slots.size(); ++i) {
    int slot = st->slots[i];
    if (slot < 0) continue;
    const std::string& key = st->slot_keys[static_cast<std::size_t>(slot)];
    bool is_url = key == "url" || key == "event_url";
    std::string value = is_url ? resolveUrl(st->ctx->source_url, fields[i]) : cleanText(fields[i]);
    if (value.empty()) continue;
    std::string& into = st->values[static_cast<std::size_t>(slot)];
    if (!into.empty()) into += ' ';
    into += value;
    has_value = true;
  }
  st->fields = std::move(fields);  // keep the capacity for the next row
  st->fields.clear();
  if (!has_value) return;
  RawEvent e;
  for (std::size_t k = 0; k < st->values.size(); ++k) {
    if (!st->values[k].empty()) setRawField(e, st->slot_keys[k], st->values[k]);
  }
  ++st->emitted;
  if (st->sink != nullptr) {
    finishEvent(e, *st->config, *st->ctx);
    (*st->sink)(std::move(e));
  } else {
    st->out->events.push_back(std::move(e));
  }
}

}  // namespace

Result<ParseOutput> parseCsv(const SourceConfig& config, std::string_view text, const ParseContext& ctx,
                             const EventSink* sink) {
  if (pft::text::trim(text).empty()) return parseError(config, "row 1", "the CSV document is empty (no header row)");
  ParseOutput out;
  CsvState st;
  st.config = &config;
  st.ctx = &ctx;
  st.out = &out;
  st.sink = sink;
  if (sink == nullptr) out.events.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  csv_parser parser{};
  if (csv_init(&parser, CSV_APPEND_NULL) != 0)
    return makeError(ErrorCode::kInternal, "libcsv could not be initialised", config.name);
  char delimiter = config.csv.delimiter != 0 ? config.csv.delimiter : detectDelimiter(text);
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  std::size_t used = csv_parse(&parser, text.data(), text.size(), onField, onRow, &st);
  std::size_t complete_rows = st.row;
  std::string why;
  if (used != text.size()) {
    why = csv_strerror(csv_error(&parser));
  } else if (parser.quoted != 0 && parser.pstate == kFieldBegun) {
    // An opening quote never closed swallowed the rest of the file
    // (truncated download): that row is not an event. libcsv only reports
    // it in strict mode, which also rejects the stray quotes real files have.
    why = "unterminated quoted field";
  } else if (csv_fini(&parser, onField, onRow, &st) != 0) {
    why = csv_strerror(csv_error(&parser));
  }
  bool broken = !why.empty();
  csv_free(&parser);
  if (!st.error.empty()) return parseError(config, "row 1", st.error);
  if (!st.header_done) return parseError(config, "row 1", "the CSV document has no header row");
  if (broken) {
    std::string position = "row " + std::to_string(complete_rows + 1);
    if (st.emitted == 0) return parseError(config, position, "malformed CSV: " + why);
    out.warnings.push_back(position + ": malformed CSV (" + why + "); kept the " + std::to_string(st.emitted) +
                           " rows before it");
    out.partial = true;
  }
  return out;
}

}  // namespace pft::ingestion::detail
