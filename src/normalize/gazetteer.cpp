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
  bool casino = false;  // hosts a casino (casinos.tsv)
  std::string_view key;  // folded, saints expanded: a view of its by_name key
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

// What else the source wrote about a place (Gazetteer::PlaceHints). The
// venue's texts are read only when candidates must be told apart.
struct Hints {
  std::string pc;                    // a 5-digit postcode, or ""
  std::string_view venue_name;       // as written, read lazily
  std::string_view address;
  bool texts_read = false;
  std::string context;               // " folded venue name and address " (spaces around), or ""
  std::vector<std::string> deps;     // department codes named
  std::vector<std::string> regions;  // folded region names named
};

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// "2a", "2b", "01".."95", "971".."976": a department code as foldKey writes it.
bool looksLikeDepartmentCode(std::string_view t) {
  if (t == "2a" || t == "2b") return true;
  if (t.size() == 2 && isDigits(t)) return t != "00" && t != "20" && t < "96";
  return t.size() == 3 && isDigits(t) && t >= "971" && t <= "976";
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
  // The words separated by runs of spaces, joined by one space, "st" and
  // "ste" written out (one pass, no vector of words: it runs for every
  // commune at load time).
  std::string out;
  out.reserve(folded.size() + 8);
  std::size_t i = 0;
  const std::size_t n = folded.size();
  while (i < n) {
    while (i < n && folded[i] == ' ') ++i;
    std::size_t j = i;
    while (j < n && folded[j] != ' ') ++j;
    if (j > i) {
      const std::string_view t = folded.substr(i, j - i);
      if (!out.empty()) out.push_back(' ');
      if (t == "st") {
        out += "saint";
      } else if (t == "ste") {
        out += "sainte";
      } else {
        out.append(t);
      }
    }
    i = j;
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
    std::string region_key;  // folded region name
  };
  std::unordered_map<std::string, Dep> departments;
  size_t max_name_tokens = 1;
  // Official names of several words (with and without their article) by
  // their first word, or first two after "saint", "le"…: where a usage name
  // looks for the names it starts ("forges" -> "forges les eaux"). Views
  // into the keys of by_name / by_name_no_article (nodes never move).
  std::unordered_map<std::string_view, std::vector<std::pair<std::string_view, std::uint32_t>>> by_start;

  // The by_start key of a folded name: its first word, or its first two
  // when the first is "saint", "sainte" or an article (thousands of names
  // start so). Empty when the name is that word alone.
  static std::string_view startOf(std::string_view key) {
    const std::size_t first = key.find(' ');
    if (first == std::string_view::npos) return key;
    const std::string_view w = key.substr(0, first);
    if (w != "saint" && w != "sainte" && w != "le" && w != "la" && w != "les" && w != "l") return w;
    const std::size_t second = key.find(' ', first + 1);
    return second == std::string_view::npos ? key : key.substr(0, second);
  }
  // Folded department and region names between spaces (" savoie "),
  // longest first (" haute savoie " before " savoie "), to read them in a
  // venue's texts.
  std::vector<std::pair<std::string, std::string>> department_names;  // " folded name ", code
  std::vector<std::string> region_names;                               // " folded name "

  // Department and region names written in `folded` (a foldKey'd text).
  void readPlaceNames(std::string folded, Hints& h) const {
    folded = " " + folded + " ";
    auto take = [&](const std::string& word) {
      const std::size_t at = folded.find(word);
      if (at == std::string::npos) return false;
      // Blank it out so that "haute savoie" does not also read as "savoie".
      std::fill(folded.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                folded.begin() + static_cast<std::ptrdiff_t>(at + word.size()) - 1, '_');
      return true;
    };
    for (const auto& [word, code] : department_names) {
      if (take(word) && !contains(h.deps, code)) h.deps.push_back(code);
    }
    for (const auto& word : region_names) {
      if (take(word) && !contains(h.regions, word)) h.regions.push_back(word);
    }
  }

  Hints hintsFor(std::string_view postcode, std::string_view venue_name, std::string_view address) const {
    Hints h;
    if (isPostcode(postcode)) h.pc = std::string(postcode);
    h.venue_name = venue_name;
    h.address = address;
    return h;
  }

  // Reads the venue's texts into the hints (once).
  void readTexts(Hints& h) const {
    if (h.texts_read) return;
    h.texts_read = true;
    std::string context;
    for (std::string_view text : {h.venue_name, h.address}) {
      if (text.empty()) continue;
      std::string folded = expandSaints(detail::foldKeyText(text));
      if (folded.empty()) continue;
      readPlaceNames(folded, h);
      context += ' ';
      context += folded;
    }
    if (!context.empty()) h.context = context + ' ';
  }

  // The communes named `name` (folded, saints expanded): exactly, else
  // without their article.
  const std::vector<std::uint32_t>* exactly(const std::string& name) const {
    if (auto it = by_name.find(name); it != by_name.end()) return &it->second;
    if (auto it = by_name_no_article.find(name); it != by_name_no_article.end()) return &it->second;
    return nullptr;
  }

  // The communes whose official name starts with `name` as whole words.
  void startingWith(const std::string& name, std::vector<std::uint32_t>& out) const {
    auto it = by_start.find(startOf(name));
    if (it == by_start.end()) return;
    const std::string prefix = name + ' ';
    for (const auto& [key, index] : it->second) {
      if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix) out.push_back(index);
    }
  }

  // Every candidate of a written name: exact names and usage names.
  std::vector<std::uint32_t> candidates(const std::string& name) const {
    std::vector<std::uint32_t> out;
    if (const auto* exact = exactly(name)) out = *exact;
    startingWith(name, out);
    return out;
  }

  // Distinct communes (former communes resolved) among `indices`.
  std::size_t distinctCommunes(const std::vector<std::uint32_t>& indices) const {
    std::vector<const Row*> seen;
    for (auto i : indices) {
      const Row* r = &resolved(i);
      if (std::find(seen.begin(), seen.end(), r) == seen.end()) seen.push_back(r);
    }
    return seen.size();
  }

  const Row& resolved(std::uint32_t i) const {
    const Row& r = rows[i];
    if (r.kind == 'D' && r.parent != kNone) return rows[r.parent];
    return r;
  }

  // Ranks candidates (gazetteer.hpp): postcode match, department of the
  // postcode or named, region named, the longer official name written in
  // the venue's texts, a usage name's casino town, metropolitan France,
  // communes before former communes, then population. `written` is the
  // name as written (folded).
  std::uint32_t best(const std::vector<std::uint32_t>& candidates, Hints& h, std::string_view written = {}) const {
    if (candidates.size() > 1) readTexts(h);
    const std::string_view pc = h.pc;
    std::uint32_t best_index = kNone;
    using Score = std::tuple<int, int, int, int, int, int, int, std::int64_t>;
    Score best_score{-1, 0, 0, 0, 0, 0, 0, 0};
    for (auto i : candidates) {
      const Row& r = resolved(i);
      bool pc_match = !pc.empty() && std::find(r.postcodes.begin(), r.postcodes.end(), pc) != r.postcodes.end();
      bool dep_match = (!pc.empty() && postcodeInDepartment(pc, r.dep)) || contains(h.deps, r.dep);
      bool region_match = false;
      if (!h.regions.empty()) {
        if (auto d = departments.find(r.dep); d != departments.end()) {
          region_match = contains(h.regions, " " + d->second.region_key + " ");
        }
      }
      bool named_longer = false;
      bool usage_casino = false;
      if (!h.context.empty() || r.casino) {
        const std::string_view key = rows[i].key;
        const bool longer = key.size() > written.size();
        named_longer = longer && !h.context.empty() &&
                       h.context.find(" " + std::string(key) + " ") != std::string::npos;
        // Organisers write the casino towns' usage names ("Forges").
        usage_casino = longer && r.casino;
      }
      bool metro = r.dep.size() == 2;
      int direct = rows[i].kind == 'D' ? 0 : 1;
      Score score{pc_match ? 1 : 0, dep_match ? 1 : 0,    region_match ? 1 : 0, named_longer ? 1 : 0,
                  usage_casino ? 1 : 0, metro ? 1 : 0, direct, r.population};
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

  // A written name (already folded and saint-expanded), exact or usage
  // name, ranked with the hints.
  std::optional<Commune> byName(const std::string& name, Hints& h) const {
    const std::vector<std::uint32_t> found = candidates(name);
    if (found.empty()) return std::nullopt;
    return make(best(found, h, name), h.pc);
  }
  std::optional<Commune> byName(const std::string& name, std::string_view pc) const {
    Hints h;
    h.pc = std::string(pc);
    h.texts_read = true;  // none
    return byName(name, h);
  }

  bool hasName(const std::string& name) const {
    return by_name.count(name) > 0 || by_name_no_article.count(name) > 0;
  }

  std::optional<Commune> lookupFolded(std::string_view folded, Hints h) const {
    auto tokens = splitWords(folded);
    std::string& pc = h.pc;
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
      if (auto c = byName(name, h)) return c;
      // "Aix 73", "Aix Savoie", "Saint-Gilles (Vendée)": a department after
      // the name is a hint, not part of it.
      for (std::size_t cut = kept.size() - 1; cut >= 1; --cut) {
        const std::string tail = joinWords(kept, cut, kept.size());
        Hints more = h;
        if (cut == kept.size() - 1 && looksLikeDepartmentCode(tail) && departments.count(upperCode(tail)) > 0) {
          more.deps.push_back(upperCode(tail));
        } else {
          readPlaceNames(std::string(tail), more);
          if (more.deps.size() == h.deps.size() && more.regions.size() == h.regions.size()) continue;
        }
        if (auto c = byName(joinWords(kept, 0, cut), more)) return c;
      }
    }
    if (!pc.empty()) return byPostcode(pc);
    return std::nullopt;
  }

  static std::string upperCode(std::string_view code) {
    std::string out(code);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }

  // The longest run of words in a venue name that names a commune, exactly
  // or as a usage name (the start of an official name, three letters or
  // more, not a generic word); later runs win ties. The run, or nullopt.
  std::optional<std::string> townRun(const std::vector<std::string_view>& tokens) const {
    const auto& generic = genericWords();
    size_t max_n = std::min(max_name_tokens, tokens.size());
    for (size_t n = max_n; n >= 1; --n) {
      for (size_t start = tokens.size() - n + 1; start-- > 0;) {
        bool all_generic = true;
        for (size_t k = start; k < start + n; ++k) {
          if (!generic.count(tokens[k]) && !isDigits(tokens[k])) all_generic = false;
        }
        if (all_generic) continue;
        if (n == 1 && tokens[start].size() < 3) continue;
        std::string name = joinWords(tokens, start, start + n);
        if (by_name.count(name) > 0 || (n >= 2 && by_name_no_article.count(name) > 0)) return name;
        std::vector<std::uint32_t> prefixed;
        startingWith(name, prefixed);
        if (!prefixed.empty()) return name;
      }
      if (n == 1) break;
    }
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

  // Each file is read whole and split in place (fields are views into
  // `content`, which outlives the callback's use of them).
  auto readLines = [](const std::string& path, std::string& content, auto&& onFields) -> Result<void> {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return makeError(ErrorCode::kIo,
                       "cannot read the gazetteer; run scripts/build-gazetteer or pass --gazetteer DIR", path);
    }
    std::ostringstream whole;
    whole << in.rdbuf();
    if (in.bad()) {
      return makeError(ErrorCode::kIo, "read error in the gazetteer; run scripts/build-gazetteer", path);
    }
    content = std::move(whole).str();
    std::vector<std::string_view> fields;
    int line_no = 0;
    const std::string_view all(content);
    std::size_t at = 0;
    while (at < all.size()) {
      std::size_t nl = all.find('\n', at);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = all.substr(at, nl - at);
      at = nl + 1;
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      if (line.back() == '\r') line.remove_suffix(1);
      fields.clear();
      size_t i = 0;
      for (;;) {
        size_t tab = line.find('\t', i);
        fields.push_back(line.substr(i, tab == std::string_view::npos ? std::string_view::npos : tab - i));
        if (tab == std::string_view::npos) break;
        i = tab + 1;
      }
      if (!onFields(fields)) {
        return makeError(ErrorCode::kParse, "malformed gazetteer row; rebuild it with scripts/build-gazetteer",
                         path + ":" + std::to_string(line_no));
      }
    }
    return ok();
  };

  std::string departements_tsv;
  auto deps = readLines(dir + "/departements.tsv", departements_tsv, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return false;
    impl->departments[std::string(f[0])] =
        Impl::Dep{std::string(f[1]), std::string(f[2]), expandSaints(detail::foldKeyText(f[2]))};
    return true;
  });
  if (!deps) return deps.error();
  for (const auto& [code, dep] : impl->departments) {
    impl->department_names.emplace_back(" " + expandSaints(detail::foldKeyText(dep.name)) + " ", code);
    const std::string region = " " + dep.region_key + " ";
    if (!contains(impl->region_names, region)) impl->region_names.push_back(region);
  }
  auto longestFirst = [](std::string_view a, std::string_view b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  };
  std::sort(impl->department_names.begin(), impl->department_names.end(),
            [&](const auto& a, const auto& b) { return longestFirst(a.first, b.first); });
  std::sort(impl->region_names.begin(), impl->region_names.end(), longestFirst);

  // About 37,400 rows today: one allocation instead of a dozen copies, and
  // hash tables sized once (their growth was a tenth of the load).
  constexpr std::size_t kRowsExpected = 40000;
  std::string communes_tsv;
  std::vector<std::string_view> parents;  // insee of parent (views into communes_tsv), resolved after reading
  impl->rows.reserve(kRowsExpected);
  parents.reserve(kRowsExpected);
  std::unordered_map<std::string_view, std::uint32_t> commune_by_insee;  // views into communes_tsv
  commune_by_insee.reserve(kRowsExpected);
  impl->by_name.reserve(kRowsExpected);
  impl->by_postcode.reserve(kRowsExpected / 4);
  auto communes = readLines(dir + "/communes.tsv", communes_tsv, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 9 || f[1].size() != 1) return false;
    Row& r = impl->rows.emplace_back();
    r.insee = std::string(f[0]);
    r.kind = f[1][0];
    r.name = std::string(f[2]);
    for (std::size_t i = 0; i < f[3].size();) {  // space-separated postcodes
      while (i < f[3].size() && f[3][i] == ' ') ++i;
      std::size_t j = i;
      while (j < f[3].size() && f[3][j] != ' ') ++j;
      if (j > i) r.postcodes.emplace_back(f[3].substr(i, j - i));
      i = j;
    }
    r.dep = std::string(f[4]);
    r.lat = parseDouble(f[5]);
    r.lon = parseDouble(f[6]);
    std::from_chars(f[7].data(), f[7].data() + f[7].size(), r.population);
    if (r.kind == 'C') commune_by_insee[f[0]] = static_cast<std::uint32_t>(impl->rows.size() - 1);
    parents.push_back(f[8]);
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
    const bool article = tokens.size() >= 2 && (tokens[0] == "le" || tokens[0] == "la" || tokens[0] == "les" ||
                                                tokens[0] == "l");
    std::string no_article = article ? joinWords(tokens, 1, tokens.size()) : std::string();
    const bool several_words = tokens.size() >= 2;
    auto named = impl->by_name.try_emplace(std::move(key)).first;
    named->second.push_back(i);
    r.key = named->first;
    if (several_words) impl->by_start[Impl::startOf(r.key)].emplace_back(r.key, i);
    if (article) {
      auto bare = impl->by_name_no_article.try_emplace(std::move(no_article)).first;
      bare->second.push_back(i);
      if (bare->first.find(' ') != std::string::npos) {
        impl->by_start[Impl::startOf(bare->first)].emplace_back(bare->first, i);
      }
    }
    if (r.kind != 'D') {
      for (const auto& pc : r.postcodes) impl->by_postcode[pc].push_back(i);
    }
  }

  // Casino towns: optional (a gazetteer built elsewhere may lack it), but
  // every line must name one commune of communes.tsv.
  const std::string casinos_path = dir + "/casinos.tsv";
  if (std::filesystem::exists(casinos_path)) {
    std::string casinos_tsv;
    auto casinos = readLines(casinos_path, casinos_tsv, [&](const std::vector<std::string_view>& f) {
      if (f.size() < 2) return false;
      auto it = impl->by_name.find(expandSaints(detail::foldKeyText(f[1])));
      if (it == impl->by_name.end()) return false;
      bool found = false;
      for (auto i : it->second) {
        Row& r = impl->rows[i];
        if (r.kind == 'C' && r.dep == f[0]) {
          r.casino = true;
          found = true;
        }
      }
      return found;
    });
    if (!casinos) return casinos.error();
  }
  return Gazetteer(std::move(impl));
}

std::optional<Commune> Gazetteer::lookup(std::string_view city, std::string_view postcode) const {
  return lookup(city, PlaceHints{postcode, {}, {}});
}

std::optional<Commune> Gazetteer::lookup(std::string_view city, const PlaceHints& hints) const {
  Hints h = impl_->hintsFor(text::trim(hints.postcode), hints.venue_name, hints.address);
  std::string folded = expandSaints(text::foldKey(city));
  if (folded.empty()) return h.pc.empty() ? std::nullopt : impl_->byPostcode(h.pc);
  return impl_->lookupFolded(folded, std::move(h));
}

std::optional<Commune> Gazetteer::findInVenueName(std::string_view venue_name) const {
  const std::string folded = expandSaints(text::foldKey(venue_name));
  const auto tokens = splitWords(folded);
  // A postcode written in the name locates it as an address would.
  for (auto t : tokens) {
    if (isPostcode(t)) return findInText(venue_name);
  }
  const bool casino = std::find(tokens.begin(), tokens.end(), "casino") != tokens.end() ||
                      std::find(tokens.begin(), tokens.end(), "casinos") != tokens.end();
  auto name = impl_->townRun(tokens);
  if (!name) return std::nullopt;
  const std::vector<std::uint32_t>* exact = impl_->exactly(*name);
  std::vector<std::uint32_t> prefixed;
  impl_->startingWith(*name, prefixed);
  // A casino is named after its town: the usage-name ranking decides.
  if (casino) {
    Hints h = impl_->hintsFor({}, venue_name, {});
    return impl_->byName(*name, h);
  }
  // Another venue only with a town the name alone makes certain: one
  // commune so named and no casino town whose name starts so ("Club de
  // Bagnoles" may be Bagnoles de l'Orne Normandie), or none so named and
  // one whose official name starts so ("Club d'Évian").
  const bool casino_town_starts_so = std::any_of(prefixed.begin(), prefixed.end(), [&](std::uint32_t i) {
    return impl_->resolved(i).casino;
  });
  if (exact != nullptr && impl_->distinctCommunes(*exact) == 1 && !casino_town_starts_so) {
    return impl_->make((*exact)[0], {});
  }
  if (exact == nullptr && impl_->distinctCommunes(prefixed) == 1) return impl_->make(prefixed[0], {});
  return std::nullopt;
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
    if (impl_->hasName(*p)) return impl_->byName(*p, std::string_view{});
  }
  // The longest run of words that names a commune, the last parts first.
  for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
    if (auto c = impl_->scan(splitWords(*p), {})) return c;
  }
  return std::nullopt;
}

}  // namespace pft::normalize
