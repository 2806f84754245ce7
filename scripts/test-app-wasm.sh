#!/usr/bin/env bash
# Component tests of the Yew app in headless Chromium (wasm-bindgen-test, tests/components.rs).
# Extra arguments go to the test filter.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wasm-browser.sh
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
exec cargo test -p stomp-chat --target wasm32-unknown-unknown --features render-counts --test renders --test components --test rows --test case --test times --test settings_json --test saved_json --test outbox_json --test wire_json --test macrotask -- "$@"
