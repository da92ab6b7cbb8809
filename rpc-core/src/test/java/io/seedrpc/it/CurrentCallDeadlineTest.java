package io.seedrpc.it;

import io.seedrpc.Deadline;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.CurrentCall;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service code sees its caller's deadline through {@link CurrentCall#deadline()}: the budget the request carried,
 * counted from its arrival, over the binary protocol and over HTTP ({@code Rpc-Timeout}).
 */
@ExtendWith(NoLeakedThreads.class)
class CurrentCallDeadlineTest {

    private RpcServer server;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build();
        CurrentCall currentCall = server.currentCall();
        server.addService(DeadlineService.class, () -> {
            Deadline deadline = currentCall.deadline();
            return deadline.isBounded() ? deadline.remainingMillis() : -1;
        }).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBinaryCallSeesWhatIsLeftOfItsCallersTimeout() {
        try (RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(7)).build()) {
            long left = client.proxy(DeadlineService.class, "tcp://127.0.0.1:" + server.port()).millisLeft();
            // Below 7 s (time passed on the way), far above 0 (nothing here takes seconds).
            assertThat(left).isPositive().isLessThanOrEqualTo(7_000).isGreaterThan(2_000);
        }
    }

    @Test
    void anHttpCallSeesItsRpcTimeoutAndOneWithoutHasNoDeadline() throws Exception {
        JsonHttp http = new JsonHttp(server.port());
        HttpResponse<String> bounded = http.call(DeadlineService.class.getName(), "millisLeft", "[]",
                "Rpc-Timeout", "9s");
        assertThat(Long.parseLong(bounded.body())).isPositive().isLessThanOrEqualTo(9_000).isGreaterThan(4_000);
        HttpResponse<String> unbounded = http.call(DeadlineService.class.getName(), "millisLeft", "[]");
        assertThat(unbounded.body()).isEqualTo("-1");
    }

    @Test
    void outsideACallThereIsNoDeadline() {
        assertThat(server.currentCall().deadline()).isEqualTo(Deadline.none());
    }
}
