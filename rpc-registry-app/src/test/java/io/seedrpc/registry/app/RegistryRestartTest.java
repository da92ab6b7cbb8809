package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/** A registry that restarts forgets everything; the heartbeat sender registers again on its own. */
class RegistryRestartTest {

    private static final int ROUNDS = 5;
    private static final int PARKED = 100;
    private static final Duration PARKED_WAIT = Duration.ofSeconds(60);

    private RunningRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theHeartbeatSenderRegistersAgainWithARestartedRegistry() throws Exception {
        int port = RunningRegistry.freePort();
        registry = RunningRegistry.startOnPort(port);
        RegistryClient client = RegistryClient.create(registry.uri());
        RegistryInstance instance = RegistryInstance.of("127.0.0.1", 9300, List.of("com.acme.Restarted"));

        try (HeartbeatSender sender = HeartbeatSender.builder(instance)
                .registry(registry.uri())
                .interval(Duration.ofMillis(200))
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(400))
                .build()) {
            sender.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> listed(client).size() == 1);
            String id = listed(client).get(0).id();

            registry.close();
            registry = null;
            // A few heartbeats fail during the outage, counted rather than slept through.
            try (DownRegistry down = new DownRegistry(port)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> down.requestLines().stream()
                        .filter(line -> line.contains("/heartbeat")).count() >= 3);
            }
            registry = RunningRegistry.startOnPort(port);

            await().atMost(Duration.ofSeconds(5)).until(() -> listed(client).size() == 1);
            assertThat(listed(client).get(0).id()).as("the same stable id").isEqualTo(id);
            assertThat(sender.registeredIds()).containsValue(id);
        }
    }

    /**
     * Many queries parked at once, stopped several times over: the race this guards against (a connection closed
     * between the answer's dispatch and its last byte) is hit by one query in many, so one query once proves
     * little.
     */
    @Test
    void stoppingAnswersEveryParkedQueryBeforeTheConnectorCloses() {
        for (int round = 1; round <= ROUNDS; round++) {
            registry = RunningRegistry.start();
            parkQueriesThenStop("round " + round);
        }
    }

    /**
     * The same race made certain: every container thread that writes a released answer is slow to finish it, as
     * a preempted thread is on a loaded machine. The graceful shutdown sees no servlet running during that time;
     * the answers must be written all the same.
     */
    @Test
    void stoppingWaitsForAnswersAContainerThreadIsSlowToFinish() {
        registry = RunningRegistry.startWith(SlowToFinishDispatches.class);
        parkQueriesThenStop("slow container");
    }

    private void parkQueriesThenStop(String what) {
        // One client, many queries in flight: HTTP/1.1 gives each its own connection.
        RegistryClient client = RegistryClient.create(registry.uri());
        List<CompletableFuture<InstancesSnapshot>> watches = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            watches.add(client.watch("com.acme.Quiet" + i % 7, 0, PARKED_WAIT));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.waitingQueries() == PARKED);

        long started = System.nanoTime();
        registry.close();
        registry = null;
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        // Half the queries' wait rather than a few seconds: what this proves is that stopping does not sit out
        // the wait, and a machine loaded by other builds has been seen to take 8 s to stop the context at all.
        assertThat(stopping).as("%s: stopping", what).isLessThan(PARKED_WAIT.dividedBy(2));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            try {
                assertThat(watches.get(i).get(10, TimeUnit.SECONDS).instances()).isEmpty();
            } catch (Exception | AssertionError e) {
                failures.add("query " + i + ": " + e);
            }
        }
        assertThat(failures).as("%s: parked queries that got no clean answer", what).isEmpty();
    }

    /**
     * Holds every container thread that has just run an async dispatch before it lets the response finish. Not a
     * {@code @Configuration}: the application's component scan would then find it for every test's registry.
     */
    static class SlowToFinishDispatches {

        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> slowToFinish() {
            return factory -> factory.addEngineValves(new SlowToFinish());
        }
    }

    private static final class SlowToFinish extends ValveBase {

        /** Long enough for the graceful shutdown's 50 ms poll to see nothing running, and for the stop after it. */
        private static final long DELAY_MS = 1_000;

        SlowToFinish() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            boolean dispatch = request.isAsyncDispatching();
            getNext().invoke(request, response);
            if (dispatch && !request.isAsync()) {
                try {
                    Thread.sleep(DELAY_MS); // the simulated preemption itself, not a wait for something
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static List<InstanceInfo> listed(RegistryClient client) throws Exception {
        return client.instances("com.acme.Restarted").get(5, TimeUnit.SECONDS).instances();
    }
}
