package io.seedrpc.it;

import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Any {@link Throwable} while running or encoding a call ends it with an error status and releases its slot:
 * no call stays "in flight" for ever, and the worker that hit the error goes on serving.
 */
@ExtendWith(NoLeakedThreads.class)
class CallEndsOnErrorTest {

    private RpcServer server;
    private RpcClient client;

    @BeforeEach
    void start() {
        // One worker: if an Error killed it or kept its call in flight, the next call would show it.
        server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(1).build()
                .addService(ErrorProneService.class, new ErrorProne()).start();
        client = RpcClient.builder().codec("json").callTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ErrorProneService service() {
        return client.proxy(ErrorProneService.class, "tcp://127.0.0.1:" + server.port());
    }

    @Test
    void anErrorThrownByTheMethodEndsTheCall() {
        assertThatThrownBy(() -> service().failInMethod())
                .isInstanceOf(RemoteApplicationException.class)
                .hasMessageContaining(OutOfMemoryError.class.getName());
        assertCallsEndedAndServing();
    }

    @Test
    void anErrorCompletingAnAsyncResultEndsTheCall() {
        assertThatThrownBy(() -> service().failAsync().join())
                .hasCauseInstanceOf(RemoteApplicationException.class)
                .hasMessageContaining(StackOverflowError.class.getName());
        assertCallsEndedAndServing();
    }

    @Test
    void anErrorWhileEncodingTheResultEndsTheCallWithInternal() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> service().failInCodec())
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.INTERNAL))
                    .hasMessageContaining("cannot encode the result")
                    .hasMessageContaining(OutOfMemoryError.class.getName());
        }
        assertCallsEndedAndServing();
    }

    private void assertCallsEndedAndServing() {
        await().atMost(Duration.ofSeconds(2)).until(() -> server.callsInFlight() == 0);
        assertThat(service().ping()).isEqualTo("pong");
        assertThat(server.stats()).anySatisfy(stats -> {
            assertThat(stats.methodKey()).startsWith("fail");
            assertThat(stats.errors()).isPositive();
        });
    }

    private static final class ErrorProne implements ErrorProneService {

        @Override
        public String failInMethod() {
            throw new OutOfMemoryError("forced in the method");
        }

        @Override
        public CompletableFuture<String> failAsync() {
            return CompletableFuture.failedFuture(new StackOverflowError("forced in the future"));
        }

        @Override
        public Unencodable failInCodec() {
            return new Unencodable("x");
        }

        @Override
        public String ping() {
            return "pong";
        }
    }
}
