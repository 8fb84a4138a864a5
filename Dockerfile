# syntax=docker/dockerfile:1
#
# ruststack-s3: the compiled executable on an empty root plus the five glibc files it links
# against, run as UID 1000. Nothing else: no shell, no package manager.
#
# Why glibc on scratch and not the musl build on alpine: the glibc build needs only libc, libm,
# libpthread, libdl and the loader (all from Debian's libc6); the musl build also needs libstdc++
# and libgcc_s, so it is no smaller and brings a C++ runtime along. test/binary/empty-root.test.ts
# runs the binary in a root holding exactly this set (plus /proc and /tmp, as Docker provides), so
# keep RUNTIME_LIBS below and that test in step.
#
# Multi-arch: the build stage runs natively on the builder and cross-compiles for TARGETARCH
# (bun build --compile --target); the libraries come from a Debian image of the target platform,
# only copied out of it, so no emulation is needed.

ARG DEBIAN=debian:bookworm-slim

# The target platform's C library, never executed here.
FROM ${DEBIAN} AS target-libc

FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY scripts/build.ts scripts/bytecode-order.ts scripts/
COPY src src
ARG TARGETARCH
RUN set -eu; \
    case "$TARGETARCH" in \
      amd64) target=linux-x64 ;; \
      arm64) target=linux-arm64 ;; \
      *) echo "unsupported TARGETARCH=$TARGETARCH" >&2; exit 1 ;; \
    esac; \
    npm run build -- --target "$target"; \
    install -D -m 0755 "dist/ruststack-s3-$target" /rootfs/ruststack-s3

# The files the glibc build needs (what `ldd` lists), at the paths the loader looks in.
ARG RUNTIME_LIBS="libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2"
RUN --mount=type=bind,from=target-libc,source=/,target=/target \
    set -eu; \
    case "$TARGETARCH" in \
      amd64) triple=x86_64-linux-gnu; loader=/lib64/ld-linux-x86-64.so.2 ;; \
      arm64) triple=aarch64-linux-gnu; loader=/lib/ld-linux-aarch64.so.1 ;; \
    esac; \
    mkdir -p "/rootfs/lib/$triple" "/rootfs$(dirname "$loader")"; \
    for lib in $RUNTIME_LIBS; do cp -L "/target/usr/lib/$triple/$lib" "/rootfs/lib/$triple/$lib"; done; \
    cp -L "/target/usr/lib/$triple/$(basename "$loader")" "/rootfs$loader"; \
    install -d -m 1777 /rootfs/tmp; \
    mkdir -p /empty

FROM scratch
COPY --from=build /rootfs/ /
# LocalStack's volume path, writable by the server's user (for DATA_DIR with PERSISTENCE=1).
COPY --from=build --chown=1000:1000 /empty/ /var/lib/localstack/
USER 1000:1000
ENV GATEWAY_LISTEN=0.0.0.0:4566
EXPOSE 4566
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["/ruststack-s3", "health"]
ENTRYPOINT ["/ruststack-s3"]
CMD ["serve"]
