# Sourced by the scripts that build a shipped wasm (run.sh, test-e2e.sh, bench.sh, size-report.sh).
# `release_build CMD...` runs CMD (trunk build --release, or cargo build --release --target
# wasm32-unknown-unknown) with a pinned nightly that rebuilds std for the page: std's panic
# machinery compiled out (`-Cpanic=immediate-abort`: a panic traps at once, with no message or
# location strings and no core::fmt behind them) and std's size-over-speed choices
# (`optimize_for_size`). The app's wasm: 201,951 -> 181,758 B brotli (-10 %; BENCHMARKS.md, 'Where
# the bytes go', sixth pass). Nothing is lost to a user: on wasm32-unknown-unknown a panic's
# message went nowhere (no panic hook prints it), and both builds end in the same trap.
# The library and every test build stay on stable; only the bytes we ship are built this way.
# scripts/install-tools.sh app installs the toolchain (~15 s, once).
RELEASE_TOOLCHAIN=nightly-2026-05-19

release_build() {
  if ! rustup run "$RELEASE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
    || [ ! -d "$(rustup run "$RELEASE_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
    echo "release_build: toolchain $RELEASE_TOOLCHAIN with rust-src missing: scripts/install-tools.sh app" >&2
    return 1
  fi
  RUSTUP_TOOLCHAIN=$RELEASE_TOOLCHAIN \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    "$@"
}
