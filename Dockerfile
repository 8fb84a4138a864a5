# syntax=docker/dockerfile:1
#
# ruststack-s3: the compiled executable (Bun's musl build) on an empty root plus the C and C++
# runtime it links against, run as UID 1000. Nothing else: no shell, no package manager.
#
# Why musl and not the glibc build: Bun's musl runtime compresses about 3 MB smaller than its glibc
# one, more than libstdc++ and libgcc_s (which only the musl build needs) add back, and that is
# what brings the compressed image under 50 MiB (README, "Docker": the layer table). Start-up time
# and request rates measured the same for both builds within the noise.
# test/binary/image-libs.test.ts checks RUNTIME_LIBS below against what the musl binary links.
#
# Multi-arch: the build stage runs natively on the builder and cross-compiles for TARGETARCH
# (bun build --compile --target). The libraries come from Alpine of the target platform: its
# `apk add` runs under emulation for a foreign platform (QEMU, a few seconds); nothing else does.

ARG ALPINE=alpine:3.21

# The target platform's musl loader, libstdc++ and libgcc_s, never executed in the image.
FROM ${ALPINE} AS target-libs
RUN apk add --no-cache libstdc++

FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY scripts/build.ts scripts/bytecode-order.ts scripts/dir-lock.ts scripts/
COPY src src
ARG TARGETARCH
RUN set -eu; \
    case "$TARGETARCH" in \
      amd64) target=linux-x64-musl ;; \
      arm64) target=linux-arm64-musl ;; \
      *) echo "unsupported TARGETARCH=$TARGETARCH" >&2; exit 1 ;; \
    esac; \
    npm run build -- --target "$target"; \
    install -D -m 0755 "dist/ruststack-s3-$target" /rootfs/ruststack-s3

# What the musl binary needs (its NEEDED entries and their own), where musl's loader looks:
# the loader in /lib (it also answers for libc.musl-<arch>.so.1), the rest in /usr/lib.
ARG RUNTIME_LIBS="libstdc++.so.6 libgcc_s.so.1"
RUN --mount=type=bind,from=target-libs,source=/,target=/target \
    set -eu; \
    case "$TARGETARCH" in \
      amd64) loader=ld-musl-x86_64.so.1 ;; \
      arm64) loader=ld-musl-aarch64.so.1 ;; \
    esac; \
    mkdir -p /rootfs/lib /rootfs/usr/lib; \
    cp -L "/target/lib/$loader" "/rootfs/lib/$loader"; \
    for lib in $RUNTIME_LIBS; do cp -L "/target/usr/lib/$lib" "/rootfs/usr/lib/$lib"; done; \
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
