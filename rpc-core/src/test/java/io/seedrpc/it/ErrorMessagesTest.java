package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each failure a user can act on says what failed: the service, the method or the address. */
@ExtendWith(NoLeakedThreads.class)
class ErrorMessagesTest {

    /** Same method names as {@link OrderService} but other types, to provoke decode failures. */
    public interface MismatchedOrderService {
        int echo(String value);
    }

    private static RpcServer server;
    private static RpcClient client;
    private static Address address;

    @BeforeAll
    static void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        client = RpcClient.builder().callTimeout(Duration.ofSeconds(5)).build();
        address = Address.tcp("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void unknownServiceNamesTheServiceAndWhatIsExposed() {
        Calculator calculator = client.proxy(Calculator.class, address.toString());
        assertThatThrownBy(() -> calculator.add(1, 2))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.UNKNOWN_SERVICE);
                    assertThat(e.getMessage()).contains("no service " + Calculator.class.getName())
                            .contains(OrderService.class.getName());
                });
    }

    @Test
    void unknownVersionIsAnUnknownService() {
        OrderService orders = client.proxy(ReferenceConfig.of(OrderService.class).withVersion("9.9")
                .withAddress(address));
        assertThatThrownBy(() -> orders.add(1, 2))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.UNKNOWN_SERVICE);
                    assertThat(e.getMessage()).contains(OrderService.class.getName() + ":9.9");
                });
    }

    @Test
    void unknownMethodNamesTheMethodAndTheOnesThatExist() throws Exception {
        MethodDescriptor multiply = MethodDescriptor.of(Calculator.class.getMethod("multiply", int.class, int.class));
        assertThatThrownBy(() -> client.call(address, OrderService.class.getName(), multiply, new Object[] {2, 3},
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.UNKNOWN_METHOD);
                    assertThat(e.getMessage()).contains("has no method multiply(int,int)")
                            .contains("add(int,int)");
                });
    }

    @Test
    void aResultThatDoesNotDecodeIsACodecErrorNotATimeout() throws Exception {
        for (String codec : new String[] {"kryo", "json"}) {
            try (RpcClient other = RpcClient.builder().codec(codec).callTimeout(Duration.ofSeconds(5)).build()) {
                MethodDescriptor echo = MethodDescriptor.of(MismatchedOrderService.class.getMethod("echo", String.class));
                long start = System.nanoTime();
                assertThatThrownBy(() -> other.call(address, OrderService.class.getName(), echo,
                        new Object[] {"not a number"}, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(RpcException.class, e -> {
                            assertThat(e.status()).isEqualTo(StatusCode.CODEC_ERROR);
                            assertThat(e.getMessage()).contains("cannot decode the result of")
                                    .contains("echo(java.lang.String)").contains(codec);
                        });
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
            }
        }
    }

    @Test
    void connectionRefusedNamesTheAddress() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        OrderService orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> orders.add(1, 2))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.CONNECTION_ERROR);
                    assertThat(e.getMessage()).contains("cannot connect to tcp://127.0.0.1:" + closedPort);
                });
    }

    @Test
    void everyConnectToADeadPortFailsPromptlyNeverHangs() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        // A refused connect may complete on the calling thread; that path once left the call waiting forever.
        try (RpcClient quick = RpcClient.builder().callTimeout(Duration.ofSeconds(2)).build()) {
            OrderService orders = quick.proxy(OrderService.class, "tcp://127.0.0.1:" + closedPort);
            for (int i = 0; i < 200; i++) {
                assertThatThrownBy(() -> orders.add(1, 2)).isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(StatusCode.CONNECTION_ERROR));
            }
        }
    }

    @Test
    void rejectedHandshakeSaysWhy() {
        try (RpcServer guarded = RpcServer.builder().host("127.0.0.1").port(0).authToken("s3cret").build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RpcClient wrong = RpcClient.builder().authToken("guess").build();
             RpcClient right = RpcClient.builder().authToken("s3cret").build()) {
            String url = "tcp://127.0.0.1:" + guarded.port();
            assertThatThrownBy(() -> wrong.proxy(OrderService.class, url).add(1, 2))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(StatusCode.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains(url).contains("rejected the handshake")
                                .contains("auth token is wrong");
                    });
            assertThat(right.proxy(OrderService.class, url).add(1, 2)).isEqualTo(3);
        }
    }

    @Test
    void timeoutNamesMethodAddressAndDuration() {
        OrderService orders = client.proxy(ReferenceConfig.of(OrderService.class).withAddress(address)
                .withTimeout(Duration.ofMillis(150)));
        assertThatThrownBy(() -> orders.sleep(2_000))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.TIMEOUT);
                    assertThat(e.getMessage()).contains(OrderService.class.getName() + ".sleep(long)")
                            .contains(address.toString()).contains("150 ms");
                });
    }

    @Test
    void requestOverTheServersFrameLimitFailsLocally() {
        try (RpcServer small = RpcServer.builder().host("127.0.0.1").port(0).maxFrameSize(4096).build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            OrderService orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + small.port());
            assertThatThrownBy(() -> orders.echoBytes(new byte[10_000]))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("echoBytes(byte[])").contains("frame limit of 4096");
                    });
            assertThat(orders.add(1, 1)).isEqualTo(2);
        }
    }

    @Test
    void resultOverTheClientsFrameLimitIsAnErrorNotADeadConnection() {
        try (RpcClient small = RpcClient.builder().maxFrameSize(4096).build()) {
            OrderService orders = small.proxy(OrderService.class, address.toString());
            assertThatThrownBy(() -> orders.listOrders(500))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(StatusCode.INTERNAL);
                        assertThat(e.getMessage()).contains("listOrders(int)").contains("client's frame limit");
                    });
            assertThat(orders.add(1, 1)).isEqualTo(2);
        }
    }

    @Test
    void unknownCodecNameIsRefusedWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> RpcClient.builder().codec("xml").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown codec 'xml'").hasMessageContaining("kryo").hasMessageContaining("json");
    }
}
