package io.seedrpc.it;

import io.seedrpc.Metadata;
import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.MetadataScope;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server interceptors seen from a real client: they reject by metadata, run in order, and wrap the outcome. */
@ExtendWith(NoLeakedThreads.class)
class ServerInterceptorTest {

    private final ExecutorService serviceThreads = Executors.newFixedThreadPool(2);
    private RpcServer server;
    private RpcClient client;

    private <T> T start(Class<T> service, java.util.function.Function<RpcServer, T> impl,
                        ServerInterceptor... interceptors) {
        RpcServer.Builder builder = RpcServer.builder().host("127.0.0.1").port(0);
        for (ServerInterceptor interceptor : interceptors) {
            builder.interceptor(interceptor);
        }
        server = builder.build();
        server.addService(service, impl.apply(server)).start();
        client = RpcClient.builder().callTimeout(Duration.ofSeconds(5)).build();
        return client.proxy(service, "tcp://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        serviceThreads.shutdownNow();
        assertThat(serviceThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterceptorRejectsACallByAMetadataValueAndTheClientSeesItsStatus() {
        ServerInterceptor tenants = (call, next) -> {
            String tenant = call.metadata().get("x-tenant");
            if (!"acme".equals(tenant)) {
                return CompletableFuture.failedFuture(new RpcException(StatusCode.UNAUTHORIZED,
                        "tenant " + tenant + " may not call " + call.describe()));
            }
            return next.invoke(call);
        };
        HeaderServiceImpl[] impl = new HeaderServiceImpl[1];
        HeaderService headers = start(HeaderService.class,
                s -> impl[0] = new HeaderServiceImpl(s.currentCall(), serviceThreads), tenants);
        AtomicInteger ran = impl[0].headerCalls;

        try (MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "evil"))) {
            assertThatThrownBy(() -> headers.header("x-tenant"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status())
                            .isEqualTo(StatusCode.UNAUTHORIZED))
                    .hasMessageContaining("tenant evil may not call " + HeaderService.class.getName()
                            + ".header(java.lang.String)");
        }
        assertThatThrownBy(() -> headers.header("x-tenant")).hasMessageContaining("tenant null may not call");
        assertThat(ran).hasValue(0);
        try (MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "acme"))) {
            assertThat(headers.header("x-tenant")).isEqualTo("acme");
        }
        assertThat(ran).hasValue(1);
    }

    @Test
    void interceptorsRunInOrderAndMaySetTheMetadataTheMethodSees() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerInterceptor outer = (call, next) -> {
            seen.add("outer:" + call.metadata().get("x-user"));
            return next.invoke(call.withMetadata(call.metadata().with("x-role", "admin")))
                    .whenComplete((v, e) -> seen.add("outer-done:" + v));
        };
        ServerInterceptor inner = (call, next) -> {
            seen.add("inner:" + call.metadata().get("x-role"));
            return next.invoke(call).thenApply(v -> v + "!");
        };
        HeaderService headers = start(HeaderService.class, s -> new HeaderServiceImpl(s.currentCall(),
                serviceThreads), outer, inner);
        try (MetadataScope scope = client.withMetadata(Metadata.of("x-user", "ann"))) {
            assertThat(headers.header("x-role")).isEqualTo("admin!");
        }
        assertThat(seen).containsExactly("outer:ann", "inner:admin", "outer-done:admin!");
    }

    @Test
    void anInterceptorWrapsAsyncResultsAndApplicationErrorsKeepTheirStatus() throws Exception {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        ServerInterceptor recorder = (call, next) -> next.invoke(call).whenComplete((v, e) -> outcomes.add(
                call.method().method().getName() + "=" + (e == null ? "ok" : e.getClass().getSimpleName())));
        OrderService orders = start(OrderService.class, s -> new OrderServiceImpl(), recorder);

        assertThat(orders.placeAsync(OrderServiceImpl.sampleOrder(7)).get(5, TimeUnit.SECONDS).id()).isEqualTo(7);
        assertThatThrownBy(() -> orders.reject("sold out")).isInstanceOf(OrderRejectedException.class);
        assertThatThrownBy(() -> orders.failAsync("boom").join()).hasCauseInstanceOf(RemoteApplicationException.class);
        assertThat(outcomes).containsExactly("placeAsync=ok", "reject=OrderRejectedException",
                "failAsync=IllegalArgumentException");
    }

    @Test
    void aFailingInterceptorIsAnInternalErrorNamingTheMethodAndClientOnlyStatusesDoNotTravel() {
        OrderService orders = start(OrderService.class, s -> new OrderServiceImpl(), (call, next) -> {
            if (call.method().method().getName().equals("echo")) {
                throw new IllegalStateException("interceptor bug");
            }
            if (call.method().method().getName().equals("negate")) {
                return CompletableFuture.failedFuture(new RpcException(StatusCode.NO_PROVIDER, "nobody"));
            }
            return next.invoke(call);
        });
        assertThatThrownBy(() -> orders.echo("x"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.INTERNAL))
                .hasMessageContaining("a server interceptor failed on " + OrderService.class.getName()
                        + ".echo(java.lang.String): interceptor bug");
        assertThatThrownBy(() -> orders.negate(true))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.INTERNAL))
                .hasMessageContaining("[NO_PROVIDER] nobody");
        assertThat(orders.add(1, 2)).isEqualTo(3);
    }
}
