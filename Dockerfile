# syntax=docker/dockerfile:1
#
# The infitah image: the one `infitah` binary (`cargo build --release --bin
# infitah`, as in the README) on a distroless runtime, running as a non-root
# user, with config/ in /app/config. Build from the repository's root:
#
#   docker build -t infitah:0.1.0 .
#
# Layers: cargo-chef builds the dependencies from the manifests alone, so a
# change to the code rebuilds only the workspace's own crates.
#
# The base images are build arguments with today's public defaults, so that a
# machine that reaches no image registry builds from local ones (a Debian root
# made with debootstrap and imported): tests/image/run.sh does, with
# `--target prebuilt`, on the binary the test suite built.

# The toolchain of rust-toolchain.toml; keep the two in step.
ARG RUST_VERSION=1.95.0
ARG CARGO_CHEF_VERSION=0.1.76
ARG BUILD_IMAGE=docker.io/library/rust:${RUST_VERSION}-bookworm
# glibc and libgcc, CA certificates and time zones; no shell, no package manager.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${BUILD_IMAGE} AS chef
ARG RUST_VERSION
ARG CARGO_CHEF_VERSION
# The image's toolchain, as is: rust-toolchain.toml would also ask for clippy
# and rustfmt, which a release build does not need.
ENV RUSTUP_TOOLCHAIN=${RUST_VERSION} \
    CARGO_TERM_COLOR=never \
    CARGO_INCREMENTAL=0 \
    SQLX_OFFLINE=true
RUN cargo install cargo-chef --locked --version "${CARGO_CHEF_VERSION}"
WORKDIR /src

# The recipe: every workspace manifest (services/*, tests/) and Cargo.lock,
# pruned to what the infitah binary needs.
FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json --bin infitah

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
# Dependencies only: this layer is reused until a manifest or Cargo.lock changes.
RUN cargo chef cook --release --recipe-path recipe.json --bin infitah
COPY . .
# SQLX_OFFLINE: the queries are checked against the committed .sqlx/, no database needed.
RUN cargo build --release --locked --bin infitah \
 && install -D -m 0755 target/release/infitah /out/infitah

# What every image holds but the binary.
FROM ${RUNTIME_IMAGE} AS runtime-base
LABEL org.opencontainers.image.title="infitah" \
      org.opencontainers.image.description="Open-government action programmes for Morocco's collectivities" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
WORKDIR /app
COPY config/ /app/config/
ENV INFITAH_ENV=production \
    INFITAH_CONFIG_DIR=/app/config \
    INFITAH_LISTEN=0.0.0.0:8080 \
    INFITAH_METRICS_LISTEN=0.0.0.0:9090
# distroless's "nonroot" user; the Helm chart runs the pods as the same ids.
USER 65532:65532
EXPOSE 8080 9090
ENTRYPOINT ["/usr/local/bin/infitah"]
CMD ["serve"]

# The image around a binary built outside it (--target prebuilt --build-arg
# INFITAH_BINARY=path in the context): what the tests build, in seconds. The
# binary must be built against the runtime image's glibc or an older one.
FROM runtime-base AS prebuilt
ARG INFITAH_BINARY=target/release/infitah
COPY ${INFITAH_BINARY} /usr/local/bin/infitah

# The default: the binary built in the builder stage.
FROM runtime-base AS runtime
COPY --from=builder /out/infitah /usr/local/bin/infitah
