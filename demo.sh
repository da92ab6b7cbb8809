#!/usr/bin/env bash
# Builds SeedRPC and runs the sample end to end on this machine: the registry, two providers and a consumer that
# makes 60 calls. Once the consumer has made its 20th call, the provider on the first port is stopped; the calls
# after that all go to the other one. The stop follows the consumer's progress, not the clock, so the story is the
# same on a fast machine and a slow one. Every process started here is stopped on exit, on Ctrl-C and on error.
# Needs only bash, a JDK 17+ and Maven.
#
#   ./demo.sh              build (mvn package, tests skipped), then run
#   ./demo.sh --no-build   run the jars already built (the demo test runs it so during mvn verify)
#   ./demo.sh --tls        providers and consumer speak mutual TLS (README, "Production"); combines with --no-build
#   ./demo.sh --zookeeper  a ZooKeeper server (ZooKeeper's own, from Maven Central) instead of the registry app
#
# Environment: REGISTRY_PORT (default 8600), DEMO_PROVIDER_PORTS (default "9101 9102"), DEMO_LOGS (default
# target/demo: the logs, the pids of every process started, and the consumer's pause signals).
set -euo pipefail
cd "$(dirname "$0")"

REGISTRY_PORT="${REGISTRY_PORT:-8600}"
read -r -a PROVIDER_PORTS <<< "${DEMO_PROVIDER_PORTS:-9101 9102}"
LOGS="${DEMO_LOGS:-target/demo}"
CALLS=60
STOP_AFTER=20
SERVICE=io.seedrpc.sample.api.InventoryService
REGISTRY_JAR=rpc-registry-app/target/rpc-registry-app.jar
SAMPLE_JAR=sample-app/target/sample-app.jar
BUILD=true
TLS=false
ZOOKEEPER=false
ZK_PORT="${ZK_PORT:-2181}"

# Each option only sets a variable or adds to the argument lists below, which every command line takes as is.
REGISTRY_ARGS=()
PROVIDER_ARGS=()
CONSUMER_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=false ;;
    --tls) TLS=true ;;
    --zookeeper) ZOOKEEPER=true ;;
    -h|--help) sed -n '2,14p' "$0" | cut -c3-; exit 0 ;;
    *) echo "demo: unknown option '$arg' (--help lists the options)" >&2; exit 2 ;;
  esac
done

for port in "$REGISTRY_PORT" "${PROVIDER_PORTS[@]}"; do
  if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
    echo "demo: '$port' is not a port (REGISTRY_PORT='$REGISTRY_PORT', DEMO_PROVIDER_PORTS='${PROVIDER_PORTS[*]}')" >&2
    exit 2
  fi
done
if (( ${#PROVIDER_PORTS[@]} != 2 )) || [[ "${PROVIDER_PORTS[0]}" == "${PROVIDER_PORTS[1]}" ]]; then
  echo "demo: DEMO_PROVIDER_PORTS must name two different ports, was '${PROVIDER_PORTS[*]}'" >&2
  exit 2
fi

pids=()

stop_and_wait() {  # stop_and_wait <pid>: asks it to stop and waits until it has exited (killed after 30 s)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop_all() {  # stops every process started here, newest first: providers deregister while the registry still runs
  local i
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do
    stop_and_wait "${pids[i]}"
  done
}

cleanup() {
  trap - EXIT INT TERM
  if (( ${#pids[@]} > 0 )); then
    stop_all
    echo "demo: every process stopped; logs are in $LOGS/"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {  # start <log file> <command…>: runs it in the background, its output in the log; sets started_pid
  local log="$1"; shift
  "$@" > "$log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  echo "$started_pid" >> "$LOGS/pids"
}

http_get() {  # http_get <port> <path>: prints the body; plain bash, so no curl is needed
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  cat <&3
  exec 3>&-
}

listening() {  # listening <port>: whether something accepts connections on 127.0.0.1:<port>
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

registered() {  # registered <port>: whether the registry lists a provider on that port
  http_get "$REGISTRY_PORT" "/api/v1/services/$SERVICE/instances" 2>/dev/null | grep -q "\"port\":$1[,}]"
}

wait_for() {  # wait_for <what> <pid> <seconds> <command…>: until the command succeeds, while <pid> runs
  local what="$1" pid="$2" seconds="$3"; shift 3
  for _ in $(seq 1 $(( seconds * 10 ))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: $what exited before it was ready; see $LOGS/" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "demo: $what was not ready within $seconds s; see $LOGS/" >&2
  return 1
}

if $BUILD; then
  echo "demo: building (mvn package, tests skipped; the tests run with: mvn -B -ntp verify)"
  # Maven's own libraries (Guava, in the Maven 3.8 Debian ships) call sun.misc.Unsafe, which Java 24+ warns about;
  # the build is not what the demo shows, so let Maven's JVM use it quietly where that option exists (Java 23+).
  maven_java=$(mvn -v 2>/dev/null | sed -n 's/^Java version: \([0-9]*\).*/\1/p')
  if (( ${maven_java:-0} >= 24 )); then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  mvn -B -ntp -q package -DskipTests
fi
for jar in "$REGISTRY_JAR" "$SAMPLE_JAR"; do
  if [[ ! -f "$jar" ]]; then
    echo "demo: $jar is missing; run ./demo.sh without --no-build to build it" >&2
    exit 1
  fi
done
for port in "$REGISTRY_PORT" "${PROVIDER_PORTS[@]}"; do
  if listening "$port"; then
    echo "demo: port $port is already in use; stop what listens there, or choose other ports with" \
        "REGISTRY_PORT=… DEMO_PROVIDER_PORTS=\"… …\" ./demo.sh" >&2
    exit 1
  fi
done
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log "$LOGS/pids" "$LOGS/consumer-paused" "$LOGS/consumer-resume"

if $TLS; then
  echo "demo: TLS on: making a demo CA and certificates with keytool in $LOGS/tls"
  sample-app/tls-certificates.sh "$LOGS/tls" > /dev/null
  export SPRING_PROFILES_INCLUDE=tls SAMPLE_TLS_DIR="$(cd "$LOGS/tls" && pwd)"
fi

REGISTRY_ADDRESS="http://127.0.0.1:$REGISTRY_PORT"
# --- --zookeeper: a ZooKeeper server takes the registry app's place (README, "Two registries") ---
if $ZOOKEEPER; then
  REGISTRY_ADDRESS="zookeeper://127.0.0.1:$ZK_PORT"
  zk_nodes() {  # zk_nodes <n>: whether ZooKeeper holds at least n instance nodes of the service ("dump" command)
    local count
    exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" || return 1
    printf 'dump' >&3
    count="$(grep -c "/seedrpc/services/$SERVICE/" <&3 || true)"
    exec 3>&-
    [ "$count" -ge "$1" ]
  }
  registered() { zk_nodes "$(( ${#provider_pids[@]} ))"; }  # node names are instance ids, not ports
  echo "demo: the class path of ZooKeeper's server (its jars come from Maven Central)"
  mvn -B -ntp -q package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -DskipTests \
      -pl rpc-registry-zookeeper -am -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
  echo "demo: starting a ZooKeeper server on port $ZK_PORT (ZooKeeper's own ZooKeeperServerMain)"
  start "$LOGS/zookeeper.log" java -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist=dump \
      -Dlogback.configurationFile=rpc-registry-zookeeper/src/test/resources/logback-test.xml \
      -cp "$(cat rpc-registry-zookeeper/target/classpath.txt)" org.apache.zookeeper.server.ZooKeeperServerMain \
      "$ZK_PORT" "$LOGS/zookeeper-data"
  wait_for "ZooKeeper" "$started_pid" 120 zk_nodes 0
else
# --- end of the ZooKeeper switch ---
echo "demo: starting the registry on port $REGISTRY_PORT (dashboard: http://localhost:$REGISTRY_PORT/)"
start "$LOGS/registry.log" java -jar "$REGISTRY_JAR" --server.port="$REGISTRY_PORT" "${REGISTRY_ARGS[@]}"
wait_for "the registry" "$started_pid" 120 http_get "$REGISTRY_PORT" /actuator/health
fi

provider_pids=()
for port in "${PROVIDER_PORTS[@]}"; do
  echo "demo: starting a provider on port $port"
  start "$LOGS/provider-$port.log" java -jar "$SAMPLE_JAR" --spring.profiles.active=provider \
      --rpc.server.port="$port" --rpc.server.host=127.0.0.1 --rpc.registry.addresses="$REGISTRY_ADDRESS" \
      "${PROVIDER_ARGS[@]}"
  provider_pids+=("$started_pid")
done
for i in 0 1; do
  wait_for "the provider on port ${PROVIDER_PORTS[i]}" "${provider_pids[i]}" 120 registered "${PROVIDER_PORTS[i]}"
done

echo "demo: starting the consumer: $CALLS calls, one every 100 ms; after call #$STOP_AFTER the provider on port" \
    "${PROVIDER_PORTS[0]} is stopped"
# The consumer prints to this terminal and logs to its file; it pauses after call #STOP_AFTER until told to go on.
java -jar "$SAMPLE_JAR" --spring.profiles.active=consumer --rpc.registry.addresses="$REGISTRY_ADDRESS" \
    --sample.demo.calls="$CALLS" --sample.demo.interval=100ms --sample.demo.pause-after="$STOP_AFTER" \
    --sample.demo.signal-dir="$LOGS" --logging.file.name="$LOGS/consumer.log" "${CONSUMER_ARGS[@]}" &
consumer_pid=$!
pids+=("$consumer_pid")
echo "$consumer_pid" >> "$LOGS/pids"

wait_for "the consumer" "$consumer_pid" 180 test -e "$LOGS/consumer-paused"
echo "demo: >>> the consumer has made $STOP_AFTER calls: stopping the provider on port ${PROVIDER_PORTS[0]} <<<"
stop_and_wait "${provider_pids[0]}"
echo "demo: >>> the provider on port ${PROVIDER_PORTS[0]} has stopped; the calls go on, all to port ${PROVIDER_PORTS[1]} <<<"
touch "$LOGS/consumer-resume"

consumer_status=0
wait "$consumer_pid" || consumer_status=$?
summary=$(grep -o 'Done: .*' "$LOGS/consumer.log" | sed 's/^Done: //' || true)
echo "demo: the consumer is done: ${summary:-no summary; see $LOGS/consumer.log}"
exit "$consumer_status"
