# Poker France Tournaments: one image for `pft serve` (the default command)
# and the one-off jobs (`pft migrate`, `pft run`, `pft monitor …`).
#
#   docker build -t pft .            (podman build --format docker -t pft . likewise)
#   docker run -p 8080:8080 -v pft-var:/app/var pft
#   docker run -v pft-var:/app/var pft pft migrate
#
# Build stage: the build group of scripts/install-deps, pft alone in Release.
# Runtime stage: only the Debian packages holding the libraries pft links,
# derived by `scripts/install-deps --runtime` from the binary just built
# (never a second list kept by hand), plus tzdata, ca-certificates, curl
# (the HEALTHCHECK) and sqlite3 (backups). Tested offline by tests/deploy/container_test.sh.

FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/install-deps scripts/install-deps
# The package lists stay: `install-deps --runtime` reads them below.
RUN scripts/install-deps build
# The whole context (.dockerignore leaves out builds, git, docs, workflows):
# every folder the build may read (src/, web/ assets, cmake/, data/) comes.
COPY . .
# BUILD_TYPE: Release for the platforms. A ccache folder mounted at /ccache
# (`podman build --volume DIR:/ccache`) is used when present: the offline test
# mounts the host's cache and builds with the host build's type, so the
# objects that `make test` just compiled are reused (same relative paths:
# sources in /src, build in /src/build, CCACHE_BASEDIR=/src). The build tree
# is removed in the same step: the layer keeps only /out. ccache also hashes
# the locale variables, so the test passes the host's as build arguments;
# left unset otherwise.
ARG BUILD_TYPE=Release
ARG LANG
ARG LC_ALL
ARG LC_CTYPE
ARG LC_MESSAGES
RUN set -eu; \
    launcher=""; \
    if [ -d /ccache ]; then \
      launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"; \
      export CCACHE_DIR=/ccache CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=1 CCACHE_STATSLOG=/tmp/ccache-stats; \
    fi; \
    cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DPFT_BUILD_TESTS=OFF -DPFT_BUILD_BENCH=OFF $launcher; \
    cmake --build build --target pft -j"$(nproc)"; \
    if [ -n "$launcher" ]; then ccache --show-log-stats | grep -Ei "hits|misses" | tr -s ' ' | paste -sd ' ' || true; fi; \
    mkdir -p /out; \
    strip -o /out/pft build/bin/pft; \
    rm -rf build /tmp/ccache-stats; \
    scripts/install-deps --runtime /out/pft >/out/runtime-packages; \
    echo "runtime packages:" $(cat /out/runtime-packages)

FROM debian:bookworm-slim
COPY --from=build /out/runtime-packages /tmp/runtime-packages
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $(cat /tmp/runtime-packages) >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb /tmp/runtime-packages \
 && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin pft \
 && mkdir -p /app/var \
 && chown pft:pft /app/var
COPY --from=build /out/pft /usr/local/bin/pft
# Found by pft through <binary>/../share/pft/gazetteer, whatever the folder.
COPY data/gazetteer /usr/local/share/pft/gazetteer
COPY sources /app/sources
WORKDIR /app
# HOST 0.0.0.0: the platform's proxy reaches the container from outside.
# DATABASE_URL is the embedded default (SQLite in the /app/var volume) unless
# the platform sets it (PostgreSQL in production).
ENV HOST=0.0.0.0 \
    PORT=8080 \
    TZ=Europe/Paris \
    LOG_LEVEL=info
USER pft
VOLUME /app/var
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8080}/health" || exit 1
# Exec form: pft is PID 1 and receives the platform's SIGTERM itself.
CMD ["pft", "serve"]
