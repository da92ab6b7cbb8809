package io.seedrpc.it;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.observation.DefaultRpcServerObservationConvention;
import io.seedrpc.observation.ObservationClientInterceptor;
import io.seedrpc.observation.ObservationServerInterceptor;
import io.seedrpc.observation.RpcClientContext;
import io.seedrpc.observation.RpcServerContext;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The observation interceptors in plain Java, each side with its own registry: what a sender-side handler
 * propagates arrives in the server's metadata and is what a receiver-side handler reads; both sides name and tag
 * their observations after the conventions, with the call's status.
 */
@ExtendWith(NoLeakedThreads.class)
class ObservationTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final ExecutorService serviceThreads = Executors.newFixedThreadPool(2);
    private final List<Observation.Context> clientObservations = new CopyOnWriteArrayList<>();
    private final List<Observation.Context> serverObservations = new CopyOnWriteArrayList<>();
    private final List<String> extracted = new CopyOnWriteArrayList<>();
    private RpcServer server;
    private RpcClient client;
    private HeaderService headers;
    private OrderService orders;

    /** Does what a propagating tracing handler does with a sender context, and records the stopped context. */
    private final class Injecting implements ObservationHandler<SenderContext<Object>> {
        @Override
        public void onStart(SenderContext<Object> context) {
            context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
        }

        @Override
        public void onStop(SenderContext<Object> context) {
            clientObservations.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext<?>;
        }
    }

    /** Does what a propagating tracing handler does with a receiver context, and records the stopped context. */
    private final class Extracting implements ObservationHandler<ReceiverContext<Object>> {
        @Override
        public void onStart(ReceiverContext<Object> context) {
            extracted.add(String.valueOf(context.getGetter().get(context.getCarrier(), "traceparent")));
        }

        @Override
        public void onStop(ReceiverContext<Object> context) {
            serverObservations.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ReceiverContext<?>;
        }
    }

    @BeforeEach
    void start() {
        ObservationRegistry serverRegistry = ObservationRegistry.create();
        serverRegistry.observationConfig().observationHandler(new Extracting());
        ObservationRegistry clientRegistry = ObservationRegistry.create();
        clientRegistry.observationConfig().observationHandler(new Injecting());
        server = RpcServer.builder().host("127.0.0.1").port(0)
                .interceptor(new ObservationServerInterceptor(serverRegistry))
                .interceptor((call, next) -> "no".equals(call.metadata().get("x-allowed"))
                        ? CompletableFuture.failedFuture(new RpcException(StatusCode.UNAUTHORIZED, "not allowed"))
                        : next.invoke(call))
                .build();
        server.addService(HeaderService.class, new HeaderServiceImpl(server.currentCall(), serviceThreads))
                .addService(OrderService.class, new OrderServiceImpl()).start();
        client = RpcClient.builder().interceptor(new ObservationClientInterceptor(clientRegistry))
                .callTimeout(Duration.ofSeconds(5)).build();
        headers = client.proxy(HeaderService.class, "tcp://127.0.0.1:" + server.port());
        orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
        serviceThreads.shutdownNow();
        assertThat(serviceThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void thePropagatedContextTravelsInTheMetadataToTheServersReceiverContext() throws Exception {
        assertThat(headers.header("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(headers.headerLater("traceparent", 10).get(5, TimeUnit.SECONDS)).isEqualTo(TRACEPARENT);
        assertThat(extracted).containsExactly(TRACEPARENT, TRACEPARENT);
    }

    @Test
    void bothSidesNameAndTagTheirObservationsWithTheCallsStatus() {
        assertThat(orders.add(1, 2)).isEqualTo(3);
        assertThatThrownBy(() -> orders.crash("boom")).isInstanceOf(RpcException.class);
        try (var scope = client.withMetadata(io.seedrpc.Metadata.of("x-allowed", "no"))) {
            assertThatThrownBy(() -> orders.echo("x")).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.status()).isEqualTo(StatusCode.UNAUTHORIZED));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> serverObservations.size() == 3
                && clientObservations.size() == 3);

        String service = OrderService.class.getName();
        assertThat(clientObservations).extracting(Observation.Context::getName).containsOnly("rpc.client.requests");
        assertThat(serverObservations).extracting(Observation.Context::getName)
                .containsOnly(DefaultRpcServerObservationConvention.NAME);
        assertThat(clientObservations).extracting(ObservationTest::tags).containsExactly(
                tags("seedrpc", service, "add", "OK"), tags("seedrpc", service, "crash", "APPLICATION_ERROR"),
                tags("seedrpc", service, "echo", "UNAUTHORIZED"));
        assertThat(serverObservations).extracting(ObservationTest::tags).containsExactlyInAnyOrder(
                tags("seedrpc", service, "add", "OK"), tags("seedrpc", service, "crash", "APPLICATION_ERROR"),
                tags("seedrpc", service, "echo", "UNAUTHORIZED"));
        assertThat(clientObservations.get(0).getContextualName()).isEqualTo(service + "/add");
        assertThat(clientObservations.get(1).getError()).isInstanceOf(RpcException.class);
        assertThat(((RpcClientContext) clientObservations.get(0)).status()).isEqualTo(StatusCode.OK);
        RpcServerContext served = (RpcServerContext) serverObservations.get(0);
        assertThat(served.getHighCardinalityKeyValue("network.peer.address").getValue())
                .isEqualTo(served.call().remoteAddress()).startsWith("/127.0.0.1:");
    }

    private static Map<String, String> tags(Observation.Context context) {
        Map<String, String> tags = new TreeMap<>();
        for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
            tags.put(keyValue.getKey(), keyValue.getValue());
        }
        return tags;
    }

    private static Map<String, String> tags(String system, String service, String method, String status) {
        return new TreeMap<>(Map.of("rpc.system", system, "rpc.service", service, "rpc.method", method,
                "status", status));
    }
}
