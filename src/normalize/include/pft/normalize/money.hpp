#pragma once
// Buy-ins as organisers write them ("150 €", "1 000 €", "37,50 €", "100+15",
// "150 € dont 15 € de frais", "Freeroll", "2,5k€", "Buy-in: 100 €"), read
// into euro cents. Pure functions (no I/O, no locale, no globals),
// thread-safe. Text is folded with pft::text::foldCase first.
//
// Rules:
//  - Thousands: space, U+00A0, U+202F or '.' before groups of three digits
//    ("1 000 €", "1.000 €"); decimals: ',' or '.' with one or two digits
//    ("37,50 €"); "k" multiplies by 1000 ("2,5k€" = 2 500 €).
//  - "A+B" / "A + B €" / "T (A + B)": the player pays A+B (= T); B is the fee.
//    "T dont F de frais": T is paid, F is the fee. A "+ B de bounty" is paid
//    but is not a fee. "T frais inclus" is T with no fee.
//  - A guarantee ("10 000 € garantis", "GTD 10k", "prize pool garanti") is
//    never the buy-in; it is returned as guarantee_cents. Prize pools,
//    add-on / rebuy / re-entry / recave prices and chip counts are never the
//    buy-in and are not added to it.
//  - In the buy-in field a bare number is euros ("50" = 5 000 cents). In the
//    title and description an amount needs a currency ("150€", "€150",
//    "150 euros", "150 EUR") or a label ("Buy-in: 100", "droit d'entrée",
//    "tarif", "mise", "PAF" / "participation aux frais", "cave"); a labelled
//    amount wins over an unlabelled one. HTML entities ("150&nbsp;€",
//    "25 &euro;") are decoded first.
//  - Amounts in words just before a euro sign or word are read as a French
//    reader does: « cinquante euros », « deux cents € », « quatre-vingt-dix
//    euros », « vingt et un euros », « dix mille euros garantis »
//    (septante / huitante / nonante too). Number words without a currency
//    stay words (« les deux tables », « trois cents joueurs »).
//  - Order: the buy-in field, then the title, then the description.
//  - Freeroll: "freeroll", "gratuit(e)", "free" or 0 in the field; "freeroll"
//    or "gratuit" in the title; "freeroll", "entrée gratuite/libre", "tournoi
//    gratuit" in the description -> buy_in_cents 0, freeroll true. An amount
//    in the same text wins ("Freeroll (add-on 10 €)" stays a freeroll).
//  - Qualified players or guests only: "réservé(e) aux (joueurs) qualifiés",
//    "sur invitation", "invitation only", "accès gratuit via les satellites
//    (en ligne)", "entrée sur qualification", "qualifiés uniquement"; in the
//    buy-in field also "invitation" or "qualifiés" alone -> buy_in_cents 0,
//    qualifiers true (the run tags it `qualifiers`), freeroll false (the
//    seat was won or given, not free to all). A buy-in amount in the same
//    text wins ("Main Event 1 100 € ou accès gratuit via les satellites").
//  - The value of a prize or package ("d'une valeur de 1 500 €", "500 € à
//    gagner") is never the buy-in.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "pft/core/result.hpp"

namespace pft::normalize {

struct BuyIn {
  std::optional<std::int64_t> buy_in_cents;     // total paid; 0 = freeroll; empty = unknown
  std::optional<std::int64_t> fee_cents;        // the part of buy_in_cents that is the fee
  std::optional<std::int64_t> guarantee_cents;  // guaranteed prize pool
  bool freeroll = false;
  bool qualifiers = false;  // buy_in_cents is 0 because entry is for qualified players or guests only
};

// Reads the buy-in of an event from its raw fields (each may be empty).
// Nothing found is not an error: buy_in_cents stays empty (unknown), as it
// does for a field saying it is unknown ("NC", "?", "à venir", "voir site").
// Errors: kInvalidBuyIn when the buy-in field is not empty and names no
// amount, or an amount in another currency; the message quotes the field and
// shows the forms understood.
Result<BuyIn> parseBuyIn(std::string_view buy_in_field, std::string_view title,
                         std::string_view description);

// What one text says about money, read as the buy-in field, a title or a
// description. parseBuyIn combines the readings of the three texts; callers
// that see the same texts again and again (a run over a listing) may cache
// each reading and pass the cache as `read` below.
enum class BuyInSource { kField, kTitle, kDescription };
struct BuyInReading {
  std::optional<std::int64_t> buy_in;     // total, cents; 0 for a freeroll
  std::optional<std::int64_t> fee;        // the fee part of it
  std::optional<std::int64_t> guarantee;  // a guaranteed prize pool
  bool freeroll = false;
  bool qualifiers = false;      // qualified players or guests only, no amount (buy_in 0)
  bool foreign = false;         // an amount in another currency and none in euros
  bool unknown_marker = false;  // field only: says the buy-in is unknown, or names a non-buy-in amount
};
BuyInReading readBuyIn(std::string_view text, BuyInSource where);

// parseBuyIn with the readings given by `read` (which must answer as
// readBuyIn does): the same result, the same errors.
Result<BuyIn> parseBuyIn(std::string_view buy_in_field, std::string_view title, std::string_view description,
                         const std::function<BuyInReading(std::string_view, BuyInSource)>& read);

// The first euro amount in `text`, in cents ("37,50 €" -> 3750, "50" -> 5000,
// "1 000" -> 100000, "2,5k" -> 250000); a bare number counts. Errors:
// kInvalidBuyIn when there is none.
Result<std::int64_t> parseEuroCents(std::string_view text);

}  // namespace pft::normalize
