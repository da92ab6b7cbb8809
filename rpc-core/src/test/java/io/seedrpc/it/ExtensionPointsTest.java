package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Client interceptors and server call listeners see every call with its outcome. */
@ExtendWith(NoLeakedThreads.class)
class ExtensionPointsTest {

    @Test
    void interceptorsWrapClientCallsAndListenersHearServerOutcomes() {
        List<String> finished = new CopyOnWriteArrayList<>();
        List<String> intercepted = new CopyOnWriteArrayList<>();
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0)
                .callListener((service, method, status, nanos) -> finished.add(method + "=" + status))
                .build().addService(OrderService.class, new OrderServiceImpl()).start();
             RpcClient client = RpcClient.builder()
                     .interceptor((invocation, next) -> {
                         intercepted.add("outer:" + invocation.method().key());
                         return next.invoke(invocation);
                     })
                     .interceptor((invocation, next) -> {
                         intercepted.add("inner:" + invocation.method().key());
                         return next.invoke(invocation).whenComplete((v, e) -> intercepted.add(
                                 "done:" + (e == null ? "ok" : ((RpcException) e).status())));
                     })
                     .callTimeout(Duration.ofSeconds(5)).build()) {
            OrderService orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
            assertThat(orders.add(1, 2)).isEqualTo(3);
            assertThatThrownBy(() -> orders.crash("x")).isInstanceOf(RpcException.class);
            assertThat(intercepted).containsExactly("outer:add(int,int)", "inner:add(int,int)", "done:ok",
                    "outer:crash(java.lang.String)", "inner:crash(java.lang.String)", "done:APPLICATION_ERROR");
            await().atMost(Duration.ofSeconds(2)).until(() -> finished.size() == 2);
            assertThat(finished).containsExactly("add(int,int)=" + StatusCode.OK,
                    "crash(java.lang.String)=" + StatusCode.APPLICATION_ERROR);
        }
    }
}
