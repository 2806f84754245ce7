#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already
# present at the pinned version. Safe to run again: the second run takes seconds.
# Usage: scripts/install-tools.sh [native|wasm|app|browser|activemq|spring|firefox|webkit|fuzz|size|all]
#        (default: all; fuzz and size are not part of all: no CI stage uses them)
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned versions. WASM_BINDGEN must equal wasm-bindgen in Cargo.lock.
TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}
BINARYEN_VERSION=132.0.0
CARGO_FUZZ_VERSION=0.13.2
TWIGGY_VERSION=0.8.0
GECKODRIVER_VERSION=0.37.1

what=${1:-all}
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_install() {
  local missing=() opts=()
  [ "${1:-}" = "--no-install-recommends" ] && { opts+=("$1"); shift; }
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${opts[*]} ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${opts[@]}" "${missing[@]}" >/dev/null
}

native() {
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
}

wasm() {
  rustup target list --installed | grep -q wasm32-unknown-unknown || {
    log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
}

browser() {
  wasm
  apt_install chromium chromium-driver rabbitmq-server
  if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (~2 min)"
    # Not --locked: its lockfile pins a webpki-roots the registry lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  npm_tools
}

activemq() {
  browser
  # Debian 12's ActiveMQ 5.17 and a headless JRE (~15 s). Its postinst starts only instances
  # linked into /etc/activemq/instances-enabled, which is empty after install, so no system
  # broker runs or holds a port; scripts/activemq.sh runs its own throw-away broker instead.
  apt_install --no-install-recommends activemq
}

npm_tools() {
  # binaryen (wasm-opt), playwright-core and axe-core come from npm, pinned in tools/package.json.
  if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/playwright-core ] \
    || [ ! -d tools/node_modules/selenium-webdriver ] || [ ! -d tools/node_modules/axe-core ]; then
    # npm ci empties node_modules first, through a symlink too: a worktree linking another
    # checkout's tools/node_modules would wipe that checkout's tools.
    if [ -L tools/node_modules ]; then
      log "tools/node_modules is a symlink ($(readlink tools/node_modules)) and lacks a package;"
      log "not running npm ci through it: install in the checkout it points to, or remove the link"
      exit 1
    fi
    log "npm ci (binaryen $BINARYEN_VERSION, playwright-core, selenium-webdriver, axe-core, @stomp/stompjs)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

app() {
  wasm
  npm_tools
  # The pinned nightly and std's source for the shipped wasm (scripts/release-toolchain.sh).
  . scripts/release-toolchain.sh
  rustup run "$RELEASE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
    && [ -d "$(rustup run "$RELEASE_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library" ] || {
    log "rustup toolchain install $RELEASE_TOOLCHAIN --component rust-src (~15 s)"
    rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal --component rust-src; }
  if ! have_version trunk "$TRUNK_VERSION"; then
    log "cargo install trunk $TRUNK_VERSION (~8 min on 2 cores, once)"
    # Every 0.22 release declares rust-version 1.96.1; it builds and runs on 1.95.
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version --force
  fi
  if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (~2 min)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

spring() {
  # The real Spring STOMP server (../shared/spring-server, started by scripts/spring.sh). Its
  # build.sh apt-installs its own packages (openjdk-17-jdk-headless, xz-utils, Debian's Spring 4.3,
  # Jackson, Tomcat 9 jars) and fetches Debian's libspring-java source with
  # `apt-get source --download-only`, which does not unpack and so needs no dpkg-dev. Building
  # here, once, into the cache dir that scripts/spring.sh uses makes the first test run fast.
  # The packages go in first through apt_install, which uses sudo when not root (build.sh does not).
  apt_install --no-install-recommends openjdk-17-jdk-headless xz-utils \
    libspring-core-java libspring-beans-java libspring-context-java libspring-expression-java \
    libspring-aop-java libspring-messaging-java libspring-web-java libspring-web-servlet-java \
    libjackson2-core-java libjackson2-databind-java libjackson2-annotations-java \
    libcommons-logging-java libtomcat9-java
  scripts/spring.sh build
}

firefox() {
  # Firefox ESR comes from Debian (security updates move its version; the suites ran on 153 ESR).
  # geckodriver is not packaged for Debian 12: built from crates.io at a pinned version.
  browser
  apt_install --no-install-recommends firefox-esr
  if ! have_version geckodriver "$GECKODRIVER_VERSION"; then
    log "cargo install geckodriver $GECKODRIVER_VERSION (~4 min on 2 cores, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
  fi
}

webkit() {
  # WebKitGTK's own WebDriver and its MiniBrowser (in the webkit2gtk package it pulls in); it has
  # no headless mode, so it runs inside a virtual X server (xvfb-run). xauth is what xvfb-run
  # uses to hand the display to the browser. Firefox brings its own emoji font and WebKit does
  # not: without one, emoji in messages show as empty boxes in WebKit's screenshots.
  npm_tools
  apt_install --no-install-recommends webkit2gtk-driver xvfb xauth fonts-noto-color-emoji
}

fuzz() {
  # cargo fuzz builds with -Zsanitizer etc., so it needs a nightly toolchain (see fuzz/README.md).
  rustup toolchain list | grep -q '^nightly' || { log "rustup toolchain install nightly"; rustup toolchain install nightly --profile minimal; }
  if ! have_version cargo-fuzz "$CARGO_FUZZ_VERSION"; then
    log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (~2 min)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
  fi
}

size() {
  # twiggy, for scripts/size-report.sh (where the wasm's bytes go); no test stage needs it.
  if ! have_version twiggy "$TWIGGY_VERSION"; then
    log "cargo install twiggy $TWIGGY_VERSION (~3 min)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked --force
  fi
}

case "$what" in
  native) native ;;
  wasm) native; wasm ;;
  browser) native; browser ;;
  activemq) native; activemq ;;
  app) native; app ;;
  fuzz) native; fuzz ;;
  size) native; app; size ;;
  spring) spring ;;
  firefox) native; firefox ;;
  webkit) webkit ;;
  all) native; browser; activemq; spring; app; firefox; webkit ;;
  *) echo "usage: $0 [native|wasm|app|browser|activemq|spring|firefox|webkit|fuzz|size|all]" >&2; exit 2 ;;
esac
