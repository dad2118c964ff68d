# One image for every ProxBalance service; compose picks the executable per container.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libmosquitto-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
 && mkdir -p /out \
 && for p in pb-collector pb-scoring pb-executor pb-notifier pb-pvesim pb-bench; do cp ".build/release/$p" /out/; done

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libmosquitto1 libcurl4 libsqlite3-0 libssl3 openssl ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/proxbalance proxbalance
COPY --from=build /out/ /usr/local/bin/
COPY scenarios /usr/share/proxbalance/scenarios
USER proxbalance
WORKDIR /var/lib/proxbalance
ENV PROXBALANCE_DATA_DIR=/var/lib/proxbalance
CMD ["pb-collector"]
