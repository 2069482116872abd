#include "pft/normalize/gazetteer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "parse_tokens.hpp"
#include "pft/core/text.hpp"
#include "words.hpp"

namespace pft::normalize {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

struct Row {
  std::string insee;
  char kind = 'C';  // C commune, A municipal arrondissement, D former commune
  std::string name;
  std::vector<std::string> postcodes;
  std::string dep;
  std::optional<double> lat;
  std::optional<double> lon;
  std::int64_t population = 0;
  std::uint32_t parent = kNone;
};

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isPostcode(std::string_view s) { return s.size() == 5 && isDigits(s); }

std::optional<double> parseDouble(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Department of a postcode: "75008" -> "75", "20000" -> Corsica (2A or 2B:
// both accepted), "97400" -> "974".
bool postcodeInDepartment(std::string_view pc, std::string_view dep) {
  if (pc.size() != 5) return false;
  if (pc.substr(0, 2) == "97") return pc.substr(0, 3) == dep;
  if (pc.substr(0, 2) == "20") return dep == "2A" || dep == "2B";
  return pc.substr(0, 2) == dep;
}

// Words that name a kind of place, not a place: a single one of them is
// never read as a commune when scanning a venue name or an address.
const std::unordered_set<std::string_view>& genericWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "casino", "club", "cercle", "poker", "barriere", "partouche", "joa", "tranchant", "hotel",
      "grand", "salle", "bar", "restaurant", "association", "room", "tournoi", "centre", "center",
      "resort", "palace", "royal", "golf", "spa", "the", "france", "pmu", "cafe", "brasserie",
      "espace", "maison", "domaine", "chateau", "rue", "avenue", "boulevard", "place", "port",
      "plage", "gare", "ville", "saint", "sainte", "de", "du", "des", "la", "le", "les", "l", "d",
      "et", "en", "sur", "sous", "aux", "au", "a", "live", "series", "open", "festival", "team", "tour", "event", "events"};
  return kWords;
}

const std::unordered_set<std::string_view>& streetWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "rue", "avenue", "av", "bd", "boulevard", "place", "chemin", "route", "allee", "quai",
      "impasse", "cours", "square", "passage", "promenade", "esplanade", "rte", "chem", "pl"};
  return kWords;
}

bool isArticle(std::string_view t) {
  return t == "de" || t == "du" || t == "des" || t == "la" || t == "le" || t == "les" || t == "l" ||
         t == "d";
}

// "8", "8e", "08", "8eme", "1er", "8ieme", "8em" -> 8; else 0.
int arrondissementNumber(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || i > 2) return 0;
  std::string_view suffix = t.substr(i);
  if (!(suffix.empty() || suffix == "e" || suffix == "er" || suffix == "eme" || suffix == "ieme" ||
        suffix == "em" || suffix == "ème")) {
    return 0;
  }
  int n = 0;
  std::from_chars(t.data(), t.data() + i, n);
  return n;
}

std::string arrondissementPostcode(std::string_view city, int n) {
  char buf[8];
  if (city == "paris" && n >= 1 && n <= 20) {
    std::snprintf(buf, sizeof buf, "750%02d", n);
  } else if (city == "lyon" && n >= 1 && n <= 9) {
    std::snprintf(buf, sizeof buf, "6900%d", n);
  } else if (city == "marseille" && n >= 1 && n <= 16) {
    std::snprintf(buf, sizeof buf, "130%02d", n);
  } else {
    return {};
  }
  return buf;
}

}  // namespace

std::string defaultGazetteerDir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("PFT_GAZETTEER_DIR"); env != nullptr && *env != '\0') candidates.emplace_back(env);
  candidates.emplace_back("data/gazetteer");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / ".." / "share" / "pft" / "gazetteer");
    candidates.push_back(exe.parent_path() / ".." / ".." / "data" / "gazetteer");
  }
  for (const auto& dir : candidates) {
    if (fs::exists(dir / "communes.tsv", ec)) return dir.lexically_normal().string();
  }
  return "data/gazetteer";
}

std::string expandSaints(std::string_view folded) {
  auto tokens = splitWords(folded);
  std::string out;
  out.reserve(folded.size() + 8);
  for (auto t : tokens) {
    if (!out.empty()) out.push_back(' ');
    if (t == "st") {
      out += "saint";
    } else if (t == "ste") {
      out += "sainte";
    } else {
      out.append(t);
    }
  }
  return out;
}

struct Gazetteer::Impl {
  std::vector<Row> rows;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
  // Second chance: names without their leading article ("havre" -> Le Havre).
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_no_article;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_postcode;
  struct Dep {
    std::string name;
    std::string region;
  };
  std::unordered_map<std::string, Dep> departments;
  size_t max_name_tokens = 1;

  const Row& resolved(std::uint32_t i) const {
    const Row& r = rows[i];
    if (r.kind == 'D' && r.parent != kNone) return rows[r.parent];
    return r;
  }

  // Ranks candidates: postcode match, then department of the postcode, then
  // metropolitan France, then population; communes before former communes.
  std::uint32_t best(const std::vector<std::uint32_t>& candidates, std::string_view pc) const {
    std::uint32_t best_index = kNone;
    std::tuple<int, int, int, int, std::int64_t> best_score{-1, 0, 0, 0, 0};
    for (auto i : candidates) {
      const Row& r = resolved(i);
      bool pc_match = !pc.empty() && std::find(r.postcodes.begin(), r.postcodes.end(), pc) != r.postcodes.end();
      bool dep_match = !pc.empty() && postcodeInDepartment(pc, r.dep);
      bool metro = r.dep.size() == 2;
      int direct = rows[i].kind == 'D' ? 0 : 1;
      std::tuple<int, int, int, int, std::int64_t> score{pc_match ? 1 : 0, dep_match ? 1 : 0, metro ? 1 : 0,
                                                         direct, r.population};
      if (score > best_score) {
        best_score = score;
        best_index = i;
      }
    }
    return best_index;
  }

  // The arrondissement row whose postcode is `pc` and whose parent is `parent`.
  const Row* arrondissementFor(std::uint32_t parent, std::string_view pc) const {
    auto it = by_postcode.find(std::string(pc));
    if (it == by_postcode.end()) return nullptr;
    for (auto i : it->second) {
      if (rows[i].kind == 'A' && rows[i].parent == parent) return &rows[i];
    }
    return nullptr;
  }

  Commune make(std::uint32_t index, std::string_view pc) const {
    std::uint32_t ci = index;
    if (rows[ci].kind != 'C' && rows[ci].parent != kNone) {
      if (rows[ci].kind == 'A' && pc.empty() && rows[ci].postcodes.size() == 1) pc = rows[ci].postcodes[0];
      ci = rows[ci].parent;
    }
    const Row& r = rows[ci];
    Commune c;
    c.insee = r.insee;
    c.city = r.name;
    c.department_code = r.dep;
    c.population = r.population;
    if (auto d = departments.find(r.dep); d != departments.end()) {
      c.department = d->second.name;
      c.region = d->second.region;
    }
    if (!pc.empty() && std::find(r.postcodes.begin(), r.postcodes.end(), pc) != r.postcodes.end()) {
      c.postcode = std::string(pc);
    } else if (r.postcodes.size() == 1) {
      c.postcode = r.postcodes[0];
    }
    c.latitude = r.lat;
    c.longitude = r.lon;
    if (!c.postcode.empty()) {
      if (const Row* a = arrondissementFor(ci, c.postcode); a != nullptr && a->lat) {
        c.latitude = a->lat;
        c.longitude = a->lon;
      }
    }
    return c;
  }

  std::optional<Commune> byPostcode(std::string_view pc) const {
    auto it = by_postcode.find(std::string(pc));
    if (it == by_postcode.end()) return std::nullopt;
    std::uint32_t best_index = kNone;
    std::int64_t best_pop = -1;
    for (auto i : it->second) {
      const Row& r = rows[i].kind == 'A' ? rows[rows[i].parent] : rows[i];
      if (r.population > best_pop) {
        best_pop = r.population;
        best_index = i;
      }
    }
    return make(best_index, pc);
  }

  // Exact name (already folded and saint-expanded) with an optional postcode.
  std::optional<Commune> byName(const std::string& name, std::string_view pc) const {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      it = by_name_no_article.find(name);
      if (it == by_name_no_article.end()) return std::nullopt;
    }
    return make(best(it->second, pc), pc);
  }

  bool hasName(const std::string& name) const {
    return by_name.count(name) > 0 || by_name_no_article.count(name) > 0;
  }

  std::optional<Commune> lookupFolded(std::string_view folded, std::string_view postcode) const {
    auto tokens = splitWords(folded);
    std::string pc(postcode);
    std::vector<std::string_view> kept;
    kept.reserve(tokens.size());
    for (size_t k = 0; k < tokens.size(); ++k) {
      auto t = tokens[k];
      if (isPostcode(t)) {
        if (pc.empty()) pc = std::string(t);
        continue;
      }
      if (t == "cedex") {
        if (k + 1 < tokens.size() && isDigits(tokens[k + 1]) && tokens[k + 1].size() <= 2) ++k;
        continue;
      }
      kept.push_back(t);
    }
    while (!kept.empty() && (kept.back() == "france" || kept.back() == "fr")) kept.pop_back();
    // "Paris 8e (arrondissement)", "Lyon 03", "Marseille 1er arrondissement".
    if (kept.size() >= 2 && (kept[0] == "paris" || kept[0] == "lyon" || kept[0] == "marseille")) {
      int n = arrondissementNumber(kept[1]);
      bool rest_ok = std::all_of(kept.begin() + 2, kept.end(), [](std::string_view t) {
        return t == "arrondissement" || t == "arr" || t == "arrt" || t == "ardt";
      });
      std::string arr_pc = n > 0 && rest_ok ? arrondissementPostcode(kept[0], n) : std::string();
      if (!arr_pc.empty()) {
        if (pc.empty()) pc = arr_pc;
        kept.resize(1);
      }
    }
    std::string name = joinWords(kept, 0, kept.size());
    if (!name.empty()) {
      if (auto c = byName(name, pc)) return c;
    }
    if (!pc.empty()) return byPostcode(pc);
    return std::nullopt;
  }

  // Longest run of words naming a commune; later runs win ties (the city
  // usually ends a venue name or an address).
  std::optional<Commune> scan(const std::vector<std::string_view>& tokens, std::string_view pc) const {
    const auto& generic = genericWords();
    const auto& street = streetWords();
    size_t max_n = std::min(max_name_tokens, tokens.size());
    for (size_t n = max_n; n >= 1; --n) {
      for (size_t start = tokens.size() - n + 1; start-- > 0;) {
        bool all_generic = true;
        for (size_t k = start; k < start + n; ++k) {
          if (!generic.count(tokens[k]) && !isDigits(tokens[k])) all_generic = false;
        }
        if (all_generic) continue;
        if (n == 1 && tokens[start].size() < 3) continue;
        // "rue de Paris" names a street, not the city.
        size_t before = start;
        while (before > 0 && isArticle(tokens[before - 1])) --before;
        if (before > 0 && street.count(tokens[before - 1])) continue;
        std::string name = joinWords(tokens, start, start + n);
        // Without its article a one-word name is too common a word ("Tour"
        // for La Tour): only the full name counts then.
        if (by_name.count(name) > 0 || (n >= 2 && by_name_no_article.count(name) > 0)) return byName(name, pc);
      }
      if (n == 1) break;
    }
    return std::nullopt;
  }
};

Gazetteer::Gazetteer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

std::size_t Gazetteer::size() const { return impl_->rows.size(); }

Result<Gazetteer> Gazetteer::load(const std::string& dir) {
  auto impl = std::make_unique<Impl>();

  auto readLines = [](const std::string& path, auto&& onFields) -> Result<void> {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return makeError(ErrorCode::kIo,
                       "cannot read the gazetteer; run scripts/build-gazetteer or pass --gazetteer DIR", path);
    }
    std::string line;
    std::vector<std::string_view> fields;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      if (line.back() == '\r') line.pop_back();
      fields.clear();
      size_t i = 0;
      for (;;) {
        size_t tab = line.find('\t', i);
        fields.emplace_back(std::string_view(line).substr(i, tab == std::string::npos ? std::string::npos : tab - i));
        if (tab == std::string::npos) break;
        i = tab + 1;
      }
      if (!onFields(fields)) {
        return makeError(ErrorCode::kParse, "malformed gazetteer row; rebuild it with scripts/build-gazetteer",
                         path + ":" + std::to_string(line_no));
      }
    }
    return ok();
  };

  auto deps = readLines(dir + "/departements.tsv", [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return false;
    impl->departments[std::string(f[0])] = Impl::Dep{std::string(f[1]), std::string(f[2])};
    return true;
  });
  if (!deps) return deps.error();

  std::vector<std::string> parents;  // insee of parent, resolved after reading
  std::unordered_map<std::string, std::uint32_t> commune_by_insee;
  auto communes = readLines(dir + "/communes.tsv", [&](const std::vector<std::string_view>& f) {
    if (f.size() < 9 || f[1].size() != 1) return false;
    Row r;
    r.insee = std::string(f[0]);
    r.kind = f[1][0];
    r.name = std::string(f[2]);
    for (auto pc : splitWords(f[3])) r.postcodes.emplace_back(pc);
    r.dep = std::string(f[4]);
    r.lat = parseDouble(f[5]);
    r.lon = parseDouble(f[6]);
    std::from_chars(f[7].data(), f[7].data() + f[7].size(), r.population);
    if (r.kind == 'C') commune_by_insee[r.insee] = static_cast<std::uint32_t>(impl->rows.size());
    parents.emplace_back(f[8]);
    impl->rows.push_back(std::move(r));
    return true;
  });
  if (!communes) return communes.error();
  if (impl->rows.empty()) {
    return makeError(ErrorCode::kParse, "the gazetteer has no communes; rebuild it", dir + "/communes.tsv");
  }

  for (std::uint32_t i = 0; i < impl->rows.size(); ++i) {
    Row& r = impl->rows[i];
    if (!parents[i].empty()) {
      auto it = commune_by_insee.find(parents[i]);
      if (it != commune_by_insee.end()) r.parent = it->second;
    }
    if (r.kind != 'C' && r.parent == kNone) continue;  // orphan: nothing to resolve to
    // foldKeyText: text::foldKey without utf8proc for Latin names (the
    // gazetteer test checks that both agree on every name).
    std::string key = expandSaints(detail::foldKeyText(r.name));
    auto tokens = splitWords(key);
    impl->max_name_tokens = std::max(impl->max_name_tokens, tokens.size());
    impl->by_name[key].push_back(i);
    if (tokens.size() >= 2 && (tokens[0] == "le" || tokens[0] == "la" || tokens[0] == "les" || tokens[0] == "l")) {
      impl->by_name_no_article[joinWords(tokens, 1, tokens.size())].push_back(i);
    }
    if (r.kind != 'D') {
      for (const auto& pc : r.postcodes) impl->by_postcode[pc].push_back(i);
    }
  }
  return Gazetteer(std::move(impl));
}

std::optional<Commune> Gazetteer::lookup(std::string_view city, std::string_view postcode) const {
  std::string pc(text::trim(postcode));
  if (!isPostcode(pc)) pc.clear();
  std::string folded = expandSaints(text::foldKey(city));
  if (folded.empty()) return pc.empty() ? std::nullopt : impl_->byPostcode(pc);
  return impl_->lookupFolded(folded, pc);
}

std::optional<Commune> Gazetteer::findInText(std::string_view text_in) const {
  // Comma-separated parts, last first: "12 rue X, 76440 Forges-les-Eaux".
  std::vector<std::string> parts;
  {
    size_t i = 0;
    for (;;) {
      size_t comma = text_in.find_first_of(",;\n", i);
      auto part = text_in.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
      std::string folded = expandSaints(text::foldKey(part));
      if (!folded.empty()) parts.push_back(std::move(folded));
      if (comma == std::string_view::npos) break;
      i = comma + 1;
    }
  }
  // A postcode followed by a name ("76440 Forges-les-Eaux"), or alone.
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
    auto tokens = splitWords(*p);
    for (size_t k = 0; k < tokens.size(); ++k) {
      if (!isPostcode(tokens[k])) continue;
      std::string pc(tokens[k]);
      for (size_t end = std::min(tokens.size(), k + 1 + impl_->max_name_tokens); end > k + 1; --end) {
        std::string name = joinWords(tokens, k + 1, end);
        if (impl_->hasName(name)) return impl_->byName(name, pc);
      }
      // "Forges-les-Eaux 76440": the name before the postcode.
      for (size_t begin = k > impl_->max_name_tokens ? k - impl_->max_name_tokens : 0; begin < k; ++begin) {
        std::string name = joinWords(tokens, begin, k);
        if (impl_->hasName(name)) return impl_->byName(name, pc);
      }
      if (auto c = impl_->byPostcode(pc)) return c;
    }
  }
  // A part that is exactly a commune ("…, Rouen").
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
    if (genericWords().count(*p)) continue;
    if (impl_->hasName(*p)) return impl_->byName(*p, {});
  }
  // The longest run of words that names a commune, the last parts first.
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
    if (auto c = impl_->scan(splitWords(*p), {})) return c;
  }
  return std::nullopt;
}

}  // namespace pft::normalize
