package io.seedrpc.it;

import io.seedrpc.RemoteApplicationException;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every shape of argument and result, both codecs, over a real loopback connection. */
@ExtendWith(NoLeakedThreads.class)
class RoundTripTest {

    private static RpcServer server;

    @BeforeAll
    static void startServer() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl())
                .start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static RpcClient client(String codec) {
        return RpcClient.builder().codec(codec).build();
    }

    private static OrderService proxy(RpcClient client) {
        return client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void primitivesBoxesAndOverloads(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            assertThat(orders.add(2, 3)).isEqualTo(5);
            assertThat(orders.add(2L, 3L)).isEqualTo(1_000_000_000_005L);
            assertThat(orders.add("a", "b")).isEqualTo("a+b");
            assertThat(orders.negate(true)).isFalse();
            assertThat(orders.half(5.0)).isEqualTo(2.5);
            assertThat(orders.next('a')).isEqualTo('b');
            assertThat(orders.boxed(7)).isEqualTo(70);
            assertThat(orders.boxed(null)).isNull();
            assertThat(orders.addDirect(40, 2)).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void stringsAndNulls(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            assertThat(orders.echo("grüße, 世界")).isEqualTo("grüße, 世界");
            assertThat(orders.echo("")).isEmpty();
            assertThat(orders.echo(null)).isNull();
            assertThat(orders.add((String) null, null)).isEqualTo("null+null");
            assertThat(orders.echoOrder(null)).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void recordsPojosEnumsAndCollections(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            Order order = OrderServiceImpl.sampleOrder(7);
            assertThat(orders.echoOrder(order)).isEqualTo(order);
            List<Order> listed = orders.listOrders(3);
            assertThat(listed).containsExactly(OrderServiceImpl.sampleOrder(0), OrderServiceImpl.sampleOrder(1),
                    OrderServiceImpl.sampleOrder(2));
            assertThat(listed.get(0)).isInstanceOf(Order.class);
            Map<String, Money> totals = orders.totals(List.of(order, order, OrderServiceImpl.sampleOrder(8)));
            assertThat(totals).containsEntry("customer-7", new Money("EUR", new BigDecimal("75.00")))
                    .containsEntry("customer-8", new Money("EUR", new BigDecimal("37.50")));
            assertThat(totals.values()).allSatisfy(m -> assertThat(m).isInstanceOf(Money.class));
            Customer customer = new Customer("Ada", 42, LocalDate.of(2020, 2, 29));
            assertThat(orders.echoCustomer(customer)).isEqualTo(customer);
            assertThat(orders.advance(OrderStatus.SHIPPED)).isEqualTo(OrderStatus.NEW);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void optionalsArraysBytesAndTime(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            assertThat(orders.find(5)).contains(OrderServiceImpl.sampleOrder(5));
            assertThat(orders.find(-1)).isEqualTo(Optional.empty());
            assertThat(orders.reverse(new int[] {1, 2, 3})).containsExactly(3, 2, 1);
            assertThat(orders.reverse(new int[0])).isEmpty();
            assertThat(orders.upper(new String[] {"a", null, "c"})).containsExactly("A", null, "C");
            byte[] bytes = new byte[1000];
            Arrays.fill(bytes, (byte) 0xAB);
            bytes[0] = 0;
            assertThat(orders.echoBytes(bytes)).isEqualTo(bytes);
            assertThat(orders.echoBytes(null)).isNull();
            assertThat(orders.nextDay(LocalDate.of(2024, 2, 28))).isEqualTo(LocalDate.of(2024, 2, 29));
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            assertThat(orders.between(from, from.plusMillis(90_061_001))).isEqualTo(Duration.ofMillis(90_061_001));
            ZonedDateTime zoned = ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris"));
            assertThat(orders.echoZoned(zoned).toInstant()).isEqualTo(zoned.toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void declaredCheckedExceptionArrivesAsItself(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            assertThatThrownBy(() -> orders.reject("out of stock"))
                    .isInstanceOf(OrderRejectedException.class)
                    .hasMessage("out of stock");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void undeclaredExceptionArrivesWithRemoteClassAndMessage(String codec) {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            assertThatThrownBy(() -> orders.crash("boom"))
                    .isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
                        assertThat(e.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
                        assertThat(e.remoteMessage()).isEqualTo("boom");
                        assertThat(e.getMessage()).contains(OrderService.class.getName() + ".crash(java.lang.String)")
                                .contains("127.0.0.1:" + server.port());
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void asyncOnBothSides(String codec) throws Exception {
        try (RpcClient client = client(codec)) {
            OrderService orders = proxy(client);
            Order placed = orders.placeAsync(OrderServiceImpl.sampleOrder(3)).get(5, TimeUnit.SECONDS);
            assertThat(placed.status()).isEqualTo(OrderStatus.PAID);
            assertThatThrownBy(() -> orders.failAsync("no").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RemoteApplicationException.class,
                            e -> assertThat(e.remoteClassName()).isEqualTo(IllegalArgumentException.class.getName()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void objectMethodsAreAnsweredLocally(String codec) {
        // Every invocation that leaves the proxy passes this interceptor, whether or not the server knows the method.
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RpcClient client = RpcClient.builder().codec(codec).interceptor((invocation, next) -> {
            sent.add(invocation.method().method().getName());
            return next.invoke(invocation);
        }).build()) {
            OrderService orders = proxy(client);
            OrderService other = client.proxy(io.seedrpc.client.ReferenceConfig.of(OrderService.class)
                    .withAddress("tcp://127.0.0.1:" + server.port()).withTimeout(Duration.ofSeconds(9)));
            assertThat(proxy(client)).as("equal references share one proxy").isSameAs(orders);
            assertThat(orders.toString()).contains(OrderService.class.getName())
                    .contains(String.valueOf(server.port())).contains("through 1 interceptor");
            assertThat(orders).isEqualTo(orders).isNotEqualTo(other);
            assertThat(orders.hashCode()).isEqualTo(System.identityHashCode(orders));
            assertThat(sent).as("invocations sent for toString, equals and hashCode").isEmpty();
            // The same interceptor does see a remote call: the empty list above is not a blind spot.
            assertThat(orders.add(1, 2)).isEqualTo(3);
            assertThat(sent).containsExactly("add");
        }
        // Without interceptors the proxy names where it calls, too.
        try (RpcClient plain = client(codec)) {
            assertThat(proxy(plain).toString()).contains(OrderService.class.getName())
                    .contains(String.valueOf(server.port()));
        }
    }
}
