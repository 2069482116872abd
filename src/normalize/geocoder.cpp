#include "pft/normalize/geocoder.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "logger.hpp"
#include "pft/core/text.hpp"
#include "pft/core/url.hpp"

namespace pft::normalize {
namespace {

using detail::logger;

// One Nominatim request per min delay across the whole process, whatever the
// number of Geocoder objects (the public server's usage policy is per client).
std::mutex g_rate_mutex;
std::chrono::steady_clock::time_point g_last_request{};
bool g_any_request = false;

void waitForTurn(double min_delay_seconds) {
  std::lock_guard<std::mutex> lock(g_rate_mutex);
  auto now = std::chrono::steady_clock::now();
  if (g_any_request && min_delay_seconds > 0) {
    auto due = g_last_request + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(min_delay_seconds));
    if (due > now) {
      std::this_thread::sleep_until(due);
      now = std::chrono::steady_clock::now();
    }
  }
  g_last_request = now;
  g_any_request = true;
}

std::optional<double> jsonNumber(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    try {
      size_t used = 0;
      double v = std::stod(s, &used);
      if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::string jsonString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it != obj.end() && it->is_string()) return it->get<std::string>();
  return {};
}

// Parses a /search?format=jsonv2 answer: an array (empty = not found) whose
// first element has "lat" and "lon" (strings in Nominatim, numbers accepted).
Result<GeocodeEntry> parseNominatim(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    return makeError(ErrorCode::kParse, "Nominatim answer is not a JSON array");
  }
  GeocodeEntry e;
  e.provider = "nominatim";
  if (j.empty()) return e;
  const auto& first = j.front();
  if (!first.is_object() || !first.contains("lat") || !first.contains("lon")) {
    return makeError(ErrorCode::kParse, "Nominatim answer has no lat/lon");
  }
  auto lat = jsonNumber(first["lat"]);
  auto lon = jsonNumber(first["lon"]);
  if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
    return makeError(ErrorCode::kParse, "Nominatim answer has invalid coordinates");
  }
  e.found = true;
  e.latitude = *lat;
  e.longitude = *lon;
  if (auto a = first.find("address"); a != first.end() && a->is_object()) {
    e.postcode = jsonString(*a, "postcode");
    for (const char* k : {"city", "town", "village", "municipality"}) {
      e.city = jsonString(*a, k);
      if (!e.city.empty()) break;
    }
  }
  return e;
}

}  // namespace

struct Geocoder::State {
  mutable std::mutex mutex;
  std::map<std::string, std::int64_t> counts;
  std::atomic<std::int64_t> requests{0};
  int consecutive_failures = 0;
  bool nominatim_disabled = false;
};

Geocoder::Geocoder(const Gazetteer& gazetteer, GeocoderOptions options, HttpGet* http, GeocodeCache* cache,
                   const Clock& clock)
    : gazetteer_(gazetteer),
      options_(std::move(options)),
      http_(http),
      cache_(cache),
      clock_(clock),
      state_(std::make_unique<State>()) {
  while (!options_.nominatim_url.empty() && options_.nominatim_url.back() == '/') options_.nominatim_url.pop_back();
}

Geocoder::~Geocoder() = default;

std::string Geocoder::queryText(const Venue& venue) {
  std::string where = venue.postcode;
  if (!venue.city.empty()) {
    if (!where.empty()) where.push_back(' ');
    where += venue.city;
  }
  std::string first = venue.address.empty() ? venue.name : venue.address;
  if (first.empty() || first == venue.city) return where;
  if (where.empty()) return first;
  return first + ", " + where;
}

std::string Geocoder::cacheKey(const std::string& query_text) { return "nominatim:" + text::foldKey(query_text); }

std::map<std::string, std::int64_t> Geocoder::countsByProvider() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->counts;
}

std::int64_t Geocoder::nominatimRequests() const { return state_->requests.load(); }

void Geocoder::geocode(Venue& venue, const std::optional<Commune>& commune_in) {
  std::optional<Commune> commune = commune_in;
  auto finish = [&](const char* provider) {
    if (commune) {
      if (venue.city.empty()) venue.city = commune->city;
      if (venue.postcode.empty()) venue.postcode = commune->postcode;
      venue.department = commune->department;
      venue.department_code = commune->department_code;
      venue.region = commune->region;
    }
    venue.geocode_source = provider;
    std::lock_guard<std::mutex> lock(state_->mutex);
    ++state_->counts[*provider ? provider : "none"];
  };
  auto fromEntry = [&](const GeocodeEntry& e) {
    venue.latitude = e.latitude;
    venue.longitude = e.longitude;
    if (!commune && (!e.city.empty() || !e.postcode.empty())) commune = gazetteer_.lookup(e.city, e.postcode);
  };

  if (venue.latitude && venue.longitude) {
    finish("source");
    return;
  }

  std::string query = queryText(venue);
  std::string key = query.empty() ? std::string() : cacheKey(query);
  bool nominatim_on = http_ != nullptr && !options_.user_agent.empty() && !key.empty();

  if (cache_ != nullptr && !key.empty()) {
    auto cached = cache_->getGeocode(key);
    if (!cached) {
      logger()->warn("geocode_cache=unreadable query=\"{}\" reason=\"{}\"", query, cached.error().describe());
    } else if (cached->has_value()) {
      const GeocodeEntry& e = **cached;
      if (e.found) {
        fromEntry(e);
        finish("cache");
        return;
      }
      nominatim_on = false;  // Nominatim already said it does not know this place
    }
  }

  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->nominatim_disabled) nominatim_on = false;
  }
  if (nominatim_on) {
    HttpRequest req;
    req.url = options_.nominatim_url + "/search?format=jsonv2&countrycodes=fr&limit=1&addressdetails=1&q=" +
              percentEncode(query);
    req.headers.emplace_back("User-Agent", options_.user_agent);
    req.headers.emplace_back("Accept", "application/json");
    req.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(5000));
    req.total_timeout = options_.timeout;
    req.max_body_bytes = 1024 * 1024;
    waitForTurn(options_.min_delay_seconds);
    ++state_->requests;
    auto resp = http_->fetch(req);
    std::string failure;
    std::optional<GeocodeEntry> answer;
    if (!resp) {
      failure = resp.error().describe();
    } else if (resp->status != 200) {
      failure = "HTTP " + std::to_string(resp->status);
    } else {
      auto parsed = parseNominatim(resp->body);
      if (!parsed) {
        failure = parsed.error().message;
      } else {
        answer = std::move(*parsed);
      }
    }
    if (answer) {
      {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->consecutive_failures = 0;
      }
      answer->query = key;
      answer->fetched_at = clock_.now();
      if (answer->found) fromEntry(*answer);
      if (commune) {
        if (answer->city.empty()) answer->city = commune->city;
        if (answer->postcode.empty()) answer->postcode = commune->postcode;
        answer->department = commune->department;
        answer->department_code = commune->department_code;
        answer->region = commune->region;
      }
      if (cache_ != nullptr) {
        auto put = cache_->putGeocode(*answer);
        if (!put) logger()->warn("geocode_cache=unwritable query=\"{}\" reason=\"{}\"", query, put.error().describe());
      }
      if (answer->found) {
        finish("nominatim");
        return;
      }
    } else {
      bool disable = false;
      {
        std::lock_guard<std::mutex> lock(state_->mutex);
        disable = ++state_->consecutive_failures >= options_.max_consecutive_failures && !state_->nominatim_disabled;
        if (disable) state_->nominatim_disabled = true;
      }
      logger()->warn("geocoder=nominatim query=\"{}\" fallback=gazetteer reason=\"{}\"", query, failure);
      if (disable) {
        logger()->warn("geocoder=nominatim disabled_for_run=true consecutive_failures={}",
                       options_.max_consecutive_failures);
      }
    }
  }

  if (commune && commune->latitude && commune->longitude) {
    venue.latitude = commune->latitude;
    venue.longitude = commune->longitude;
    finish("gazetteer");
    return;
  }
  finish("");
}

}  // namespace pft::normalize
