# Sourced by the wasm-bindgen-test scripts: picks the browser wasm-bindgen-test-runner drives,
# BROWSER=chromium (default) or BROWSER=firefox. Capabilities for both are in webdriver.json.
# The runner takes GECKODRIVER over CHROMEDRIVER, and a geckodriver found on PATH over a
# chromedriver, so each choice sets its own driver and unsets the other one.
case "${BROWSER:-chromium}" in
  chromium)
    unset GECKODRIVER
    export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
    ;;
  firefox)
    unset CHROMEDRIVER
    if ! command -v firefox-esr >/dev/null || ! { [ -x "${GECKODRIVER:-}" ] || command -v geckodriver >/dev/null; }; then
      scripts/install-tools.sh firefox
    fi
    export GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")}
    ;;
  *) echo "BROWSER must be chromium or firefox, not '$BROWSER'" >&2; exit 2 ;;
esac
