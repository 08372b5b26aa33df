#!/usr/bin/env bash
# Builds the current librdkafka release (the library only, no optional dependencies) from the source that
# Confluent's JavaScript client ships on npm (@confluentinc/kafka-javascript bundles librdkafka's source in
# deps/librdkafka), and prints the source tree's path: set VOLTSTREAM_LIBRDKAFKA_DIR to it and the client matrix
# (ClientMatrixIT.librdkafkaRoundTrips) runs our C round trip over that release too. .ci/run does this.
#
# usage: librdkafka-current.sh [DIR]   (default: target/librdkafka-<version> under the repository; reused when built)
# needs: npm (to fetch the package), gcc, make, python3 (librdkafka's configure)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

# @confluentinc/kafka-javascript 1.10.1 carries librdkafka 2.15.1 (npm view @confluentinc/kafka-javascript librdkafka).
package=@confluentinc/kafka-javascript@1.10.1
version=2.15.1
dir=${1:-$REPO_ROOT/target/librdkafka-$version}
if [[ -f $dir/src/librdkafka.so && -f $dir/src/rdkafka.h ]]; then
  echo "$dir"
  exit 0
fi
for tool in npm gcc make python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed to build librdkafka $version"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
mkdir -p "$dir"
tar xzf "$work"/*.tgz -C "$dir" --strip-components=3 package/deps/librdkafka
grep -q "RD_KAFKA_VERSION  *0x020f01ff" "$dir/src/rdkafka.h" || die "$package does not carry librdkafka $version"
echo "Building librdkafka $version in $dir (library only)..." >&2
(cd "$dir" && ./configure --disable-ssl --disable-gssapi --disable-curl --disable-zstd --disable-lz4-ext \
    --disable-sasl --disable-regex-ext --disable-c11threads --disable-syslog --disable-zlib >"$work/configure.log" 2>&1 \
  && make -j"$(nproc)" libs >"$work/make.log" 2>&1) || { tail -30 "$work"/*.log >&2; die "building librdkafka failed"; }
echo "$dir"
