package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A connection closed while registrations on it are still open. */
@ExtendWith(NoLeakedThreads.class)
@ExtendWith(NoLeakedZooKeeperClients.class)
class ConnectionCloseTest {

    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private TestingServer server;
    private CuratorFramework raw;

    @BeforeEach
    void start() throws Exception {
        errors.start();
        root.addAppender(errors);
        server = TestEnsembles.server();
        raw = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        raw.start();
        raw.blockUntilConnected();
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(errors);
        raw.close();
        server.close();
    }

    @Test
    void closingTheConnectionFirstClosesItsOpenRegistrationsSoTheirNodesAreNotRecreatedOnAClosedClient()
            throws Exception {
        ZooKeeperConnection connection = ZooKeeperConnection.builder(server.getConnectString()).build().start();
        ZooKeeperRegistration first = register(connection, "first", 7001);
        ZooKeeperRegistration second = register(connection, "second", 7002);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> first.registeredPaths().size() == 1 && second.registeredPaths().size() == 1);
        List<String> paths = List.of(first.registeredPaths().get(0), second.registeredPaths().get(0));

        connection.close(); // the registrations are left open, as the connection's javadoc allows

        for (String path : paths) {
            assertThat(raw.checkExists().forPath(path)).as("node %s after the close", path).isNull();
        }
        // Curator's PersistentNode, left open on a closed client, retried its create on the same stack until a
        // StackOverflowError, which ZooKeeper's event thread logs, once per watcher event.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(
                () -> errors.list.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)));
        assertThat(first.registeredPaths()).isEmpty();
        first.close(); // idempotent after the connection closed it
        second.close();
    }

    private static ZooKeeperRegistration register(ZooKeeperConnection connection, String id, int port) {
        ZooKeeperRegistration registration = ZooKeeperRegistration.builder(
                        new RegistryInstance(id, "127.0.0.1", port, List.of(Provider.WHO), 100, Map.of()))
                .connection(connection)
                .build();
        registration.start();
        return registration;
    }
}
