#!/bin/sh
# Runs OneAll's own PHP SDK (oneall/php-sdk, src/Api/Apis/**) and Node SDK
# (npm oneall 0.1.5) methods of issue 17's families (ShortUrl, Site, Sharing,
# SharingAnalytics; shorturl, sharingMessage, analytics; and Push, Pull, Search
# through the Provider classes with Storage::mapUserAccount; provider) against
# `oneall fake serve` on a loopback port, and prints PASS/FAIL per method.
#
#   PHP_SDK_DIR=/path/to/php-sdk NODE_SDK_DIR=/path/to/oneall-0.1.5/package .ci/realclients/run.sh
#
# PHP_SDK_DIR: a checkout of github.com/oneall/php-sdk (needs php-cli, php-curl).
# NODE_SDK_DIR: `npm pack oneall@0.1.5`, unpacked, with `npm install` run in it.
set -eu
cd "$(dirname "$0")/../.."
bin=$(mktemp -d)/oneall
go build -o "$bin" ./cmd/oneall
port=${PORT:-18917}
"$bin" fake serve --addr "127.0.0.1:$port" --seed 8 --public-key pk-test --private-key sk-test >/dev/null &
pid=$!
trap 'kill $pid' EXIT
sleep 1
[ -n "${PHP_SDK_DIR:-}" ] && PHP_SDK_DIR=$PHP_SDK_DIR php .ci/realclients/php_issue17.php "http://127.0.0.1:$port" pk-test sk-test
[ -n "${NODE_SDK_DIR:-}" ] && NODE_SDK_DIR=$NODE_SDK_DIR node .ci/realclients/node_issue17.js "http://127.0.0.1:$port" pk-test sk-test
[ -n "${PHP_SDK_DIR:-}" ] && PHP_SDK_DIR=$PHP_SDK_DIR php .ci/realclients/php_pushpull.php "http://127.0.0.1:$port" pk-test sk-test
[ -n "${NODE_SDK_DIR:-}" ] && NODE_SDK_DIR=$NODE_SDK_DIR node .ci/realclients/node_pushpull.js "http://127.0.0.1:$port" pk-test sk-test
