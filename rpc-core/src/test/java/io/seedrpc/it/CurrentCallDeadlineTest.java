package io.seedrpc.it;

import io.seedrpc.Deadline;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.CurrentCall;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server keeps each call's deadline, made once from what the request carried, and service code sees it through
 * {@link CurrentCall#deadline()}.
 *
 * <p>Service code sees its caller's deadline through {@link CurrentCall#deadline()}: the budget the request carried,
 * counted from its arrival, over the binary protocol and over HTTP ({@code Rpc-Timeout}).
 */
@ExtendWith(NoLeakedThreads.class)
class CurrentCallDeadlineTest {

    /** What a method sees of its deadline when it looks only after working for a while. */
    public interface LateLook {

        /** Parks for {@code workMillis}, then answers {@code "<timeout ms>/<ms left>"} of the call's deadline. */
        String deadlineAfter(long workMillis);
    }

    private final OrderServiceImpl orders = new OrderServiceImpl();
    private RpcServer server;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build();
        CurrentCall currentCall = server.currentCall();
        server.addService(DeadlineService.class, () -> {
            Deadline deadline = currentCall.deadline();
            return deadline.isBounded() ? deadline.remainingMillis() : -1;
        }).addService(OrderService.class, orders).addService(LateLook.class, workMillis -> {
            // The method's own work, before it first asks for the deadline; no test waits on this.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMillis));
            Deadline deadline = currentCall.deadline();
            return deadline.timeout().toMillis() + "/" + deadline.remainingMillis();
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

    /**
     * The server makes the deadline object only when it is asked for, here after the method has worked for a second:
     * it still counts from the request's arrival, and still reports the whole timeout the request carried.
     */
    @Test
    void aDeadlineFirstAskedForLateStillCountsFromTheArrival() {
        try (RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(6)).build()) {
            String[] seen = client.proxy(LateLook.class, "tcp://127.0.0.1:" + server.port()).deadlineAfter(1_000)
                    .split("/");
            long timeout = Long.parseLong(seen[0]);
            long left = Long.parseLong(seen[1]);
            assertThat(timeout).isLessThanOrEqualTo(6_000).isGreaterThan(5_000);
            assertThat(left).isPositive().isLessThanOrEqualTo(timeout - 1_000);
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

    /** The server keeps the deadline the request carried by itself: no client here to time the call out. */
    @Test
    void theServerAnswersTimeoutAtTheDeadlineTheRequestCarried() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            long sent = System.nanoTime();
            raw.send(RawConnection.frame(FrameType.REQUEST, RawConnection.payload(d -> {
                d.writeLong(1);
                d.writeInt(300);                                   // timeoutMillis
                RawConnection.writeShortString(d, OrderService.class.getName());
                RawConnection.writeShortString(d, "sleep(long)");
                d.writeShort(0);                                   // no metadata
                d.write("[4000]".getBytes(StandardCharsets.UTF_8));
            })));
            RawConnection.Frame answer = raw.read();
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(answer.status()).isEqualTo(StatusCode.TIMEOUT.wireValue());
            assertThat(answer.errorMessage()).contains("did not finish within its deadline of 300 ms on the server");
            // Not before the deadline; long before the method would have returned (4 s).
            assertThat(tookMillis).isGreaterThanOrEqualTo(300).isLessThan(3_000);
            // The timeout stopped the work too: the thread running the method was interrupted.
            assertThat(orders.sleepOutcomes.poll(3, TimeUnit.SECONDS)).isEqualTo("interrupted");
        }
    }

    @Test
    void outsideACallThereIsNoDeadline() {
        assertThat(server.currentCall().deadline()).isEqualTo(Deadline.none());
    }
}
