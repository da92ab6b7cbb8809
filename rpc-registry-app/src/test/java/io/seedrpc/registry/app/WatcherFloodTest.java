package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flood of parked blocking queries cannot lock providers out: the watcher limit is below Tomcat's connection
 * limit with room kept for writes (checked at start), so with every watcher slot taken heartbeats and
 * registrations still get in, and the queries past the limit get a 503 at once.
 */
class WatcherFloodTest {

    private static final int MAX_CONNECTIONS = 300;
    private static final int MAX_WATCHERS = 200;

    @Test
    void heartbeatsAndRegistrationsGetThroughWhileEveryWatcherSlotIsTaken() throws Exception {
        List<Socket> parked = new ArrayList<>();
        try (RunningRegistry registry = RunningRegistry.start("server.tomcat.max-connections=" + MAX_CONNECTIONS,
                "rpc.registry.limits.max-watchers=" + MAX_WATCHERS)) {
            Http http = new Http(registry.uri());
            String instance = "{\"host\":\"10.0.0.1\",\"port\":9100,\"services\":[\"com.acme.Live\"]}";
            String id = http.post("/api/v1/instances", instance).json().get("id").asString();
            long index = http.get("/api/v1/services/com.acme.Parked/instances").json().get("index").asLong();
            // More queries than watcher slots, each on its own connection, none of them read until the end.
            for (int i = 0; i < MAX_WATCHERS + 50; i++) {
                parked.add(park(registry, index));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.waitingQueries() == MAX_WATCHERS);

            // Writes still get a connection and a thread: the lease of the live provider is renewed...
            Http.Answer heartbeat = http.put("/api/v1/instances/" + id + "/heartbeat");
            assertThat(heartbeat.status()).as(heartbeat.toString()).isEqualTo(200);
            // ...and a new provider registers.
            Http.Answer registered = http.post("/api/v1/instances",
                    instance.replace("10.0.0.1", "10.0.0.2"));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            assertThat(registry.waitingQueries()).isEqualTo(MAX_WATCHERS);
            // A blocking query past the limit is refused at once rather than parked.
            Http.Answer refused = http.get("/api/v1/services/com.acme.Parked/instances?index=" + index
                    + "&wait=60s");
            assertThat(refused.status()).isEqualTo(503);
        } finally {
            for (Socket socket : parked) {
                socket.close();
            }
        }
    }

    @Test
    void aWatcherLimitThatLeavesNoRoomForWritesStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> RunningRegistry.start("rpc.registry.limits.max-watchers=10000"))
                .rootCause()
                .hasMessageContaining("rpc.registry.limits.max-watchers=10000")
                .hasMessageContaining("server.tomcat.max-connections=8192")
                .hasMessageContaining("at most 6144");
        assertThatThrownBy(() -> RunningRegistry.start("server.tomcat.max-connections=300",
                "rpc.registry.limits.max-watchers=290"))
                .rootCause().hasMessageContaining("at most 225");
    }

    /** Opens a connection and sends a blocking query on a service that never changes; reads nothing. */
    private static Socket park(RunningRegistry registry, long index) throws IOException {
        Socket socket = new Socket("127.0.0.1", registry.port());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/services/com.acme.Parked/instances?index=" + index + "&wait=60s HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }
}
