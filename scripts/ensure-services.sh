#!/usr/bin/env bash
# Makes sure what the tests need is here: a MariaDB/MySQL server answering on
# the test address, and a Chromium for Playwright. Starts or installs what it
# can (as this kind of machine does) and fails loudly, naming what is missing.
set -euo pipefail

host=127.0.0.1
port=3306
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  hostport=$(sed -E 's#^[a-z]+://([^@/]*@)?([^/:]+)(:([0-9]+))?.*#\2 \4#' <<<"$TEST_DATABASE_URL")
  read -r host p <<<"$hostport"
  port=${p:-3306}
fi

db_up() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if ! db_up; then
  if [[ -x /usr/sbin/mariadbd && "$host" == "127.0.0.1" ]] && command -v start-stop-daemon >/dev/null; then
    echo "MariaDB is not answering on $host:$port; starting it."
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 60); do db_up && break; sleep 0.5; done
  fi
fi
if ! db_up; then
  echo "✖ No MySQL/MariaDB server answers on $host:$port, which the tests need." >&2
  echo "  Install and start one: sudo apt-get install -y mariadb-server && sudo service mariadb start" >&2
  echo "  (or set TEST_DATABASE_URL=mysql://user:password@127.0.0.1:3306/election_test)" >&2
  exit 1
fi
echo "✓ MariaDB answers on $host:$port"

# The integration tests start a second server of their own (tests/setup/second-server.ts).
if [[ -z "${TEST_SECOND_DATABASE_URL:-}" ]]; then
  if ! command -v mariadbd >/dev/null && ! [[ -x /usr/sbin/mariadbd ]] && ! command -v mysqld >/dev/null; then
    echo "✖ No mariadbd to start the second database server the tests need." >&2
    echo "  Install it: sudo apt-get install -y mariadb-server (or set TEST_SECOND_DATABASE_URL)" >&2
    exit 1
  fi
  echo "✓ mariadbd is installed (the tests start a second server with it)"
fi

has_browser() {
  [[ -x /usr/bin/chromium || -x /usr/bin/chromium-browser ]] || ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1
}
if ! has_browser && [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! has_browser; then
  echo "✖ No Chromium for the browser tests. Install one: sudo apt-get install -y chromium" >&2
  echo "  (or: npx playwright install chromium, where downloads are allowed)" >&2
  exit 1
fi
echo "✓ Chromium is installed"
