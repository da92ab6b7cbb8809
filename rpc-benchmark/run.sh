#!/usr/bin/env bash
# Builds rpc-core, the starter modules (-am) and rpc-benchmark, then runs the whole comparison and prints the table.
# Arguments go to the runner: ./rpc-benchmark/run.sh --quick, --soak 10m, --help for the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -pl rpc-core,rpc-benchmark -am -DskipTests
exec java -jar rpc-benchmark/target/rpc-benchmark.jar "$@"
