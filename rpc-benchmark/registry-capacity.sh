#!/usr/bin/env bash
# Builds the registry app and rpc-benchmark, then measures the registry's capacity (docs/benchmarks.md).
# Arguments go to the tool: --instances 1000,5000,20000 --watchers 100,1000 --window 30s ...
# (--backend zookeeper measures a 3-server ZooKeeper ensemble instead, its sessions spread over load JVMs;
#  run it under flock /tmp/seedrpc-bench.lock)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -pl rpc-core,rpc-registry-app,rpc-benchmark -am -DskipTests
exec java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.registry.RegistryCapacity "$@"
