package io.seedrpc.it;

import io.seedrpc.Metadata;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.MetadataScope;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Call metadata from the client's API to the service method over real sockets, and the server's bounds on it: a
 * request over them fails alone while the connection and its other calls go on.
 */
@ExtendWith(NoLeakedThreads.class)
class MetadataTest {

    private static final String HEADERS = HeaderService.class.getName();

    private final ExecutorService serviceThreads = Executors.newFixedThreadPool(2);
    private RpcServer server;
    private RpcClient client;
    private HeaderService headers;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).maxMetadataEntries(4).maxMetadataSize(1024).build();
        server.addService(HeaderService.class, new HeaderServiceImpl(server.currentCall(), serviceThreads))
                .addService(OrderService.class, new OrderServiceImpl())
                .start();
        client = RpcClient.builder().callTimeout(Duration.ofSeconds(5)).build();
        headers = client.proxy(HeaderService.class, "tcp://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
        serviceThreads.shutdownNow();
        assertThat(serviceThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void metadataInAScopeReachesTheMethodOnItsThreadAndNotAfterTheScope() {
        try (MetadataScope scope = client.withMetadata(Metadata.of("X-Tenant", "acme"))) {
            assertThat(headers.header("x-tenant")).isEqualTo("acme");
            assertThat(headers.header("X-TENANT")).as("keys are case-insensitive").isEqualTo("acme");
        }
        assertThat(headers.header("x-tenant")).isEqualTo("(none)");
    }

    @Test
    void scopesNestAddingToAndOverridingTheOuterOne() {
        try (MetadataScope outer = client.withMetadata(Metadata.of("x-tenant", "acme", "x-locale", "en"))) {
            try (MetadataScope inner = client.withMetadata(Metadata.of("x-locale", "fr", "x-user", "ann"))) {
                assertThat(headers.all()).isEqualTo("x-tenant=acme,x-locale=fr,x-user=ann");
            }
            assertThat(headers.all()).isEqualTo("x-tenant=acme,x-locale=en");
        }
        assertThat(headers.all()).isEmpty();
    }

    @Test
    void anAsyncMethodReadsTheMetadataInItsCompletionOnAnotherThread() throws Exception {
        CompletableFuture<String> later;
        try (MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "acme"))) {
            later = headers.headerLater("x-tenant", 50);
        }
        assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("acme");
    }

    @Test
    void aClientInterceptorAddsMetadataToEveryCall() {
        try (RpcClient intercepting = RpcClient.builder()
                .interceptor((invocation, next) -> next.invoke(
                        invocation.withMetadata(invocation.metadata().with("x-caller", "billing"))))
                .build()) {
            HeaderService proxy = intercepting.proxy(HeaderService.class, "tcp://127.0.0.1:" + server.port());
            try (MetadataScope scope = intercepting.withMetadata(Metadata.of("x-tenant", "acme"))) {
                assertThat(proxy.all()).isEqualTo("x-tenant=acme,x-caller=billing");
            }
        }
    }

    @Test
    void tooManyEntriesFailThatCallAloneWhileAnotherOnTheConnectionCompletes() throws Exception {
        assertThat(headers.header("warm-up")).isEqualTo("(none)");
        CompletableFuture<String> inFlight;
        try (MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "acme"))) {
            inFlight = headers.headerLater("x-tenant", 300);
        }
        Metadata five = Metadata.builder().put("a", "1").put("b", "2").put("c", "3").put("d", "4").put("e", "5")
                .build();
        try (MetadataScope scope = client.withMetadata(five)) {
            assertThatThrownBy(() -> headers.header("a"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status())
                            .isEqualTo(StatusCode.BAD_REQUEST))
                    .hasMessageContaining(HEADERS + ".header(java.lang.String) was not run")
                    .hasMessageContaining("5 metadata entries, over this server's limit of 4");
        }
        assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("acme");
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(headers.header("x")).isEqualTo("(none)");
    }

    @Test
    void metadataOverTheByteLimitIsABadRequestNamingTheSizes() {
        try (MetadataScope scope = client.withMetadata(Metadata.of("x-big", "v".repeat(2_000)))) {
            assertThatThrownBy(() -> headers.header("x-big"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status())
                            .isEqualTo(StatusCode.BAD_REQUEST))
                    .hasMessageContaining("metadata is 2005 bytes")
                    .hasMessageContaining("limit of 1024 bytes");
        }
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(headers.header("x-big")).isEqualTo("(none)");
    }

    @Test
    void aScopeClosedOnAnotherThreadIsRefusedAndStaysOpenOnItsOwn() throws Exception {
        MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "acme"));
        CompletableFuture<Throwable> closing = CompletableFuture.supplyAsync(() -> {
            try {
                scope.close();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(closing.get(5, TimeUnit.SECONDS)).hasMessageContaining("must be closed on the thread that opened it");
        assertThat(headers.header("x-tenant")).isEqualTo("acme");
        scope.close();
        assertThat(headers.header("x-tenant")).isEqualTo("(none)");
    }

    @Test
    void metadataTheProtocolCannotCarryFailsOnTheClientWithoutBeingSent() {
        Metadata.Builder huge = Metadata.builder();
        for (int i = 0; i <= 65_535; i++) {
            huge.put("k" + i, "v");
        }
        try (MetadataScope scope = client.withMetadata(huge.build())) {
            assertThatThrownBy(() -> headers.header("k1"))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST);
                        assertThat(e.certainlyNotExecuted()).isTrue();
                    })
                    .hasMessageContaining("cannot send the metadata of " + HEADERS + ".header(java.lang.String)")
                    .hasMessageContaining("65536 entries, over the protocol limit of 65535");
        }
        assertThat(headers.header("k1")).isEqualTo("(none)");
    }

    @Test
    void keysAreCaseInsensitiveAndTheLastValueOfAKeyWins() {
        Metadata metadata = Metadata.builder().put("X-B3-TraceId", "1").put("x-b3-traceid", "2").build();
        assertThat(metadata.asMap()).containsExactly(Map.entry("x-b3-traceid", "2"));
        assertThat(metadata.with("X-B3-TRACEID", "3").get("x-B3-traceId")).isEqualTo("3");
        assertThat(metadata.without("X-B3-TraceId").isEmpty()).isTrue();
        assertThat(Metadata.of("a", "1").withAll(Metadata.of("b", "2", "a", "3")).asMap())
                .containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    void theClientRefusesKeysAndValuesThatCouldNotTravelAsHeaders() {
        assertThatThrownBy(() -> Metadata.of("bad key", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata key 'bad key'");
        assertThatThrownBy(() -> Metadata.of("x-ok", "line\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value of metadata key 'x-ok' has a control character at index 4");
        assertThatThrownBy(() -> Metadata.of("", "v")).hasMessageContaining("must be 1 to 128 characters");
    }

    @Test
    void aHostileClientsInvalidKeyIsABadRequestAndTheConnectionGoesOn() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, "").accepted()).isTrue();
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("x-ok", "1");
            bad.put("Bad Key", "2");
            raw.send(RawConnection.request(1, HEADERS, "header(java.lang.String)", bad,
                    "[\"x-ok\"]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame answer = raw.read();
            assertThat(answer.status()).isEqualTo(StatusCode.BAD_REQUEST.wireValue());
            assertThat(answer.errorMessage()).contains("metadata key 'Bad Key'");

            Map<String, String> injected = Map.of("x-ok", "a\nb");
            raw.send(RawConnection.request(2, HEADERS, "header(java.lang.String)", injected,
                    "[\"x-ok\"]".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.read().errorMessage()).contains("control character");

            raw.send(RawConnection.request(3, HEADERS, "header(java.lang.String)", Map.of("x-ok", "fine"),
                    "[\"x-ok\"]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame ok = raw.read();
            assertThat(ok.status()).isEqualTo(StatusCode.OK.wireValue());
            assertThat(new String(ok.payload(), 9, ok.payload().length - 9, StandardCharsets.UTF_8))
                    .isEqualTo("\"fine\"");
        }
    }

    @Test
    void aMetadataBlockThatRunsPastItsFrameClosesThatConnectionOnly() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, "").accepted()).isTrue();
            raw.send(RawConnection.frame(FrameType.REQUEST, RawConnection.payload(d -> {
                d.writeLong(1);
                d.writeInt(5_000);
                RawConnection.writeShortString(d, HEADERS);
                RawConnection.writeShortString(d, "all()");
                d.writeShort(3);                       // three entries announced ...
                RawConnection.writeShortString(d, "x-one");
                d.writeShort(500);                     // ... and a value longer than what is left
                d.write(new byte[] {'a', 'b'});
            })));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(headers.header("x")).isEqualTo("(none)");
    }

    @Test
    void aPeerSpeakingProtocolVersion1IsRejectedWithAReason() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(new byte[] {0x5E, (byte) 0xED, (byte) 0xC0, (byte) 0xDE, 1});
            RawConnection.Frame answer = raw.read();
            assertThat(answer.type()).isEqualTo(FrameType.HANDSHAKE_RESULT);
            assertThat(answer.accepted()).isFalse();
            // What a version-1 client reads — accepted, the frame limit, the reason — is unchanged; the code for
            // UNSUPPORTED_VERSION follows it for clients that know codes (docs/protocol.md).
            assertThat(answer.rejection()).isEqualTo("unsupported protocol version 1; this server speaks 2");
            assertThat(answer.rejectionCode()).isEqualTo(4);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(headers.header("x")).isEqualTo("(none)");
    }
}
