# One image for every ProxBalance service; compose picks the executable per container.
# An image is built with exactly the dependency versions listed in deploy/package-versions
# (Package.resolved is not committed): after `swift package resolve` the build stage runs
# `scripts/package-versions --apply`, which moves any package resolved at another version (a newer
# release) to the listed one, then checks every version and fails the build, naming each package
# that differs, is missing or is extra. To update the pins after changing Package.swift (or after
# `swift package update`), run `scripts/package-versions --write` and commit the file.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libmosquitto-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY scripts/package-versions ./scripts/
COPY deploy/package-versions ./deploy/
RUN ./scripts/package-versions --apply
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
 && mkdir -p /out \
 && for p in pb-collector pb-scoring pb-executor pb-notifier pb-web pb-pvesim pb-bench pbctl; do cp ".build/release/$p" /out/; done

FROM debian:bookworm-slim
# A fixed uid/gid (10001): compose bind-mounts secrets with the host's owner and mode, and
# scripts/compose-secrets.sh gives them to this group (see the README's Docker compose section).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libmosquitto1 libcurl4 libsqlite3-0 libssl3 openssl ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 proxbalance \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /var/lib/proxbalance \
      --shell /usr/sbin/nologin proxbalance
COPY --from=build /out/ /usr/local/bin/
COPY scenarios /usr/share/proxbalance/scenarios
# The web console's static files (PROXBALANCE_WEB_ROOT), replaceable without a rebuild.
COPY web /usr/share/proxbalance/web
WORKDIR /var/lib/proxbalance
ENV PROXBALANCE_DATA_DIR=/var/lib/proxbalance
USER 10001:10001
CMD ["pb-collector"]
