package io.seedrpc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.registry.api.RegistryInstance;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HeartbeatSenderTest {

    private static final RegistryInstance INSTANCE =
            new RegistryInstance("p-1", "127.0.0.1", 9100, List.of("com.acme.Orders"), 100, Map.of());

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger renewalLog = (Logger) LoggerFactory.getLogger(Renewal.class);
    private FakeRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        logs.start();
        renewalLog.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        renewalLog.detachAppender(logs);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        registry.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> heartbeatThreads().isEmpty());
    }

    @Test
    void registersOnStartThenHeartbeatsEveryInterval() {
        HeartbeatSender sender = started(fastSender(registry.uri()));

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT /api/v1/instances/p-1/heartbeat") >= 3);
        assertThat(registry.requests.get(0)).isEqualTo("POST /api/v1/instances");
        assertThat(registry.count("POST")).isEqualTo(1);
        assertThat(sender.registeredIds()).containsExactly(Map.entry(registry.uri(), "p-1"));
    }

    @Test
    void heartbeatsUnderTheIdTheRegistryDerived() {
        started(HeartbeatSender.builder(RegistryInstance.of("127.0.0.1", 9100, List.of("a.B")))
                .registry(registry.uri())
                .interval(Duration.ofMillis(50)));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.count("PUT /api/v1/instances/derived-id/heartbeat") >= 1);
    }

    @Test
    void registersAgainWhenTheRegistryForgetsTheInstance() {
        started(fastSender(registry.uri()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);

        registry.known.clear();

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("POST") == 2 && registry.known.contains("p-1"));
        assertThat(messages(Level.INFO)).anyMatch(message -> message.contains("no longer knows p-1"));
    }

    @Test
    void keepsRetryingThroughAnOutageAndLogsItOnce() {
        started(fastSender(registry.uri()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);

        registry.mode = FakeRegistry.Mode.FAIL_503;
        long before = registry.count("PUT");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= before + 5);
        registry.mode = FakeRegistry.Mode.NORMAL;

        await().atMost(Duration.ofSeconds(5))
                .until(() -> messages(Level.INFO).stream().anyMatch(message -> message.contains("reachable again")));
        assertThat(messages(Level.WARN)).singleElement().asString()
                .contains("cannot heartbeat p-1 with " + registry.uri(), "answered 503: down for maintenance");
    }

    @Test
    void survivesAnswersItCannotRead() {
        registry.mode = FakeRegistry.Mode.GARBAGE;
        HeartbeatSender sender = started(fastSender(registry.uri()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("POST") >= 3);

        registry.mode = FakeRegistry.Mode.NORMAL;

        await().atMost(Duration.ofSeconds(5)).until(() -> sender.registeredIds().containsKey(registry.uri()));
        assertThat(messages(Level.WARN)).singleElement().asString().contains("unreadable answer");
    }

    @Test
    void registersAgainWithARegistryRestartedOnTheSamePort() throws Exception {
        HeartbeatSender sender = started(fastSender(registry.uri()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);
        int port = registry.port();

        registry.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !messages(Level.WARN).isEmpty());
        registry = new FakeRegistry(port);

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.known.contains("p-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.registeredIds().containsKey(registry.uri()));
        assertThat(messages(Level.WARN)).hasSize(1);
    }

    @Test
    void heartbeatsToEachRegistryIndependently() throws Exception {
        URI unreachable = URI.create("http://127.0.0.1:" + freePort());
        HeartbeatSender sender = started(fastSender(unreachable).registry(registry.uri()));

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 3);
        assertThat(sender.registeredIds()).containsOnlyKeys(registry.uri());
    }

    @Test
    void closeDeregistersAndStopsItsOwnThread() {
        HeartbeatSender sender = started(fastSender(registry.uri()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);
        assertThat(heartbeatThreads()).isNotEmpty();

        sender.close();

        assertThat(registry.known).isEmpty();
        assertThat(registry.requests).last().isEqualTo("DELETE /api/v1/instances/p-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> heartbeatThreads().isEmpty());
        long requests = registry.requests.size();
        sender.close();
        assertThat(registry.requests).hasSize((int) requests);
    }

    @Test
    void closeIsBoundedWhenARegistryHangs() {
        HeartbeatSender sender = started(fastSender(registry.uri()).closeTimeout(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);
        registry.mode = FakeRegistry.Mode.SLOW;

        long started = System.nanoTime();
        sender.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void leavesAGivenSchedulerToItsOwner() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            HeartbeatSender sender = fastSender(registry.uri()).scheduler(scheduler).build();
            sender.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("PUT") >= 1);

            sender.close();

            assertThat(scheduler.isShutdown()).isFalse();
            assertThat(registry.known).isEmpty();
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void startsOnlyOnce() {
        HeartbeatSender sender = started(fastSender(registry.uri()));

        assertThatThrownBy(sender::start).isInstanceOf(IllegalStateException.class);
        sender.close();
        assertThatThrownBy(sender::start).hasMessage("heartbeat sender is closed");
    }

    @Test
    void refusesToBuildWithoutARegistryOrWithOneTwice() {
        assertThatThrownBy(() -> HeartbeatSender.builder(INSTANCE).build())
                .hasMessageContaining("at least one registry");
        assertThatThrownBy(() -> HeartbeatSender.builder(INSTANCE)
                .registry(registry.uri()).registry(URI.create(registry.uri() + "/")).build())
                .hasMessageContaining("named twice");
    }

    private HeartbeatSender.Builder fastSender(URI registryUri) {
        return HeartbeatSender.builder(INSTANCE)
                .registry(registryUri)
                .interval(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(1));
    }

    private HeartbeatSender started(HeartbeatSender.Builder builder) {
        HeartbeatSender sender = builder.build();
        toClose.add(sender);
        sender.start();
        return sender;
    }

    private List<String> messages(Level level) {
        return logs.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static List<String> heartbeatThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("seedrpc-heartbeat-"))
                .toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
