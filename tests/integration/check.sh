# Sourced by the shell integration tests: check() records one expectation,
# summary() prints the counts and is the script's exit status.
failures=0
passes=0

check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT [OUTPUT PATTERN]
  local name="$1" want="$2" got="$3" out="${4-}" pattern="${5-}"
  if [ "$want" != "$got" ]; then
    echo "FAIL: $name: exit $got, expected $want"; echo "$out" | head -12; failures=$((failures + 1)); return
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $name: output does not match /$pattern/:"; echo "$out" | head -12; failures=$((failures + 1)); return
  fi
  echo "ok: $name"; passes=$((passes + 1))
}

summary() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}

# serve_on_free_port PFT LOG: starts `PFT serve` on a free loopback port,
# its output appended to LOG, and waits (up to 20 s) for /health. Sets
# port, base (http://127.0.0.1:PORT) and server (its pid); returns 1 when
# it never answered.
serve_on_free_port() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  "$1" serve --host 127.0.0.1 --port "$port" >>"$2" 2>&1 & server=$!
  for _ in $(seq 200); do curl -sf "$base/health" >/dev/null && return 0; sleep 0.1; done
  return 1
}

# club_csv_catalog NAME FILE: writes catalog.yml with one CSV source NAME
# reading FILE (relative to the catalog) in the columns of a club's export,
# and sets header (that export's first line) and club (the venue's four
# columns, Club Lyon Poker) for the rows a test writes.
club_csv_catalog() {
  cat >catalog.yml <<YML
sources:
  - name: $1
    type: csv
    url: $2
    delimiter: ";"
    field_map:
      Tournoi: title
      Date: start
      "Prix d'entrée": buy_in
      Variante: variant
      Lieu: venue_name
      Adresse: address
      Code postal: postcode
      Ville: city
YML
  header="Tournoi;Date;Prix d'entrée;Variante;Lieu;Adresse;Code postal;Ville"
  club="Club Lyon Poker;10 rue de la République;69002;Lyon"
}

# stop_pids [SIGNAL]: signals (default TERM) and reaps every process of the
# caller's `pids` array; for the scripts' cleanup traps.
stop_pids() {
  local p
  for p in "${pids[@]}"; do kill "-${1:-TERM}" "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
}
