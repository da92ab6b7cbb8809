#!/usr/bin/env bash
# Builds SeedRPC and runs the sample end to end on this machine: the registry, two providers and a consumer.
# A few seconds in, one provider is stopped; the consumer's calls keep succeeding on the other. Every process
# started here is stopped on exit, on Ctrl-C and on error. Needs only bash, a JDK 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")"

REGISTRY_PORT="${REGISTRY_PORT:-8600}"
REGISTRY_ADDRESS="http://127.0.0.1:$REGISTRY_PORT"
PROVIDER_PORTS=(9101 9102)
SERVICE=io.seedrpc.sample.api.InventoryService
LOGS="target/demo"
pids=()

cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  echo "demo: every process stopped; logs are in $LOGS/"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

http_get() {  # http_get <port> <path>: prints the body; plain bash, so no curl is needed
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  cat <&3
  exec 3>&-
}

registered() {  # registered <port>: whether the registry lists a provider on that port
  http_get "$REGISTRY_PORT" "/api/v1/services/$SERVICE/instances" 2>/dev/null | grep -q "\"port\":$1[,}]"
}

wait_for() {  # wait_for <what> <command…>: retries for up to 60 s
  local what="$1"; shift
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "demo: $what did not come up; see $LOGS/" >&2
  return 1
}

# --- ./demo.sh --zookeeper: the same demo with a ZooKeeper server as the registry (README: "Two registries") ---
if [ "${1:-}" = "--zookeeper" ]; then
  ZK_PORT="${ZK_PORT:-2181}"
  REGISTRY_ADDRESS="zookeeper://127.0.0.1:$ZK_PORT"
  zk_registered() {  # zk_registered <n>: whether ZooKeeper holds n instance nodes of the service ("dump" command)
    local count
    exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" || return 1
    printf 'dump' >&3
    count="$(grep -c "/seedrpc/services/$SERVICE/" <&3 || true)"
    exec 3>&-
    [ "$count" -ge "$1" ]
  }
  echo "demo: building (mvn package, tests skipped) and the class path of ZooKeeper's server, from Maven Central"
  mvn -B -ntp -q package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -DskipTests \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
  mkdir -p "$LOGS"
  echo "demo: starting a ZooKeeper server on port $ZK_PORT (ZooKeeper's own ZooKeeperServerMain)"
  java -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist=dump,ruok \
      -Dlogback.configurationFile=rpc-registry-zookeeper/src/test/resources/logback-test.xml \
      -cp "$(cat rpc-registry-zookeeper/target/classpath.txt)" org.apache.zookeeper.server.ZooKeeperServerMain \
      "$ZK_PORT" "$LOGS/zookeeper-data" > "$LOGS/zookeeper.log" 2>&1 &
  pids+=($!)
  wait_for "ZooKeeper" zk_registered 0
  registered() { zk_registered "${#PROVIDER_PORTS[@]}"; }  # the node names are instance ids, not ports
else
# --- end of the ZooKeeper switch ---
echo "demo: building (mvn package, tests skipped; the tests run with: mvn -B -ntp verify)"
mvn -B -ntp -q package -DskipTests
mkdir -p "$LOGS"

if [[ "${1:-}" == "--tls" ]]; then  # ./demo.sh --tls: providers and consumer speak mutual TLS (README, "Production")
  echo "demo: TLS on: making a demo CA and certificates with keytool in $LOGS/tls"
  sample-app/tls-certificates.sh "$LOGS/tls" > /dev/null
  export SPRING_PROFILES_INCLUDE=tls SAMPLE_TLS_DIR="$PWD/$LOGS/tls"
fi

echo "demo: starting the registry on port $REGISTRY_PORT (dashboard: http://localhost:$REGISTRY_PORT/)"
java -jar rpc-registry-app/target/rpc-registry-app.jar --server.port="$REGISTRY_PORT" > "$LOGS/registry.log" 2>&1 &
pids+=($!)
wait_for "the registry" http_get "$REGISTRY_PORT" /actuator/health
fi

provider_pids=()
for port in "${PROVIDER_PORTS[@]}"; do
  echo "demo: starting a provider on port $port"
  java -jar sample-app/target/sample-app.jar --spring.profiles.active=provider --rpc.server.port="$port" \
      --rpc.server.host=127.0.0.1 --rpc.registry.addresses="$REGISTRY_ADDRESS" > "$LOGS/provider-$port.log" 2>&1 &
  pids+=($!)
  provider_pids+=($!)
done
for port in "${PROVIDER_PORTS[@]}"; do
  wait_for "the provider on port $port" registered "$port"
done

(
  sleep 4
  echo "demo: >>> stopping the provider on port ${PROVIDER_PORTS[0]}; the calls go on, all to the other one <<<"
  kill "${provider_pids[0]}"
) &
pids+=($!)

echo "demo: starting the consumer: 60 calls, one every 100 ms"
java -jar sample-app/target/sample-app.jar --spring.profiles.active=consumer \
    --rpc.registry.addresses="$REGISTRY_ADDRESS" --sample.demo.calls=60 --sample.demo.interval=100ms \
    2>&1 | tee "$LOGS/consumer.log"
echo "demo: the consumer is done: $(grep -o 'Done: .*' "$LOGS/consumer.log" || echo 'no summary; see the log')"
