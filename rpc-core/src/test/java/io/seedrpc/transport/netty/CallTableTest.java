package io.seedrpc.transport.netty;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CallTableTest {

    private record Call(long id) {
    }

    private final CallTable<Call> table = new CallTable<>(Call::id);

    @Test
    void putGetRemoveByIdAndByIdentity() {
        Call one = new Call(1);
        assertThat(table.putIfAbsent(1, one)).isTrue();
        assertThat(table.putIfAbsent(1, new Call(1))).as("duplicate id").isFalse();
        assertThat(table.get(1)).isSameAs(one);
        assertThat(table.remove(1, new Call(1))).as("another object of the same id").isFalse();
        assertThat(table.remove(1)).isSameAs(one);
        assertThat(table.remove(1)).isNull();
        assertThat(table.isEmpty()).isTrue();
    }

    @Test
    void idsSharingASlotGoToTheOverflowAndStayReachable() {
        Call early = new Call(5);
        Call wrapped = new Call(5 + 1024);
        Call again = new Call(5 + 2048);
        table.putIfAbsent(early.id(), early);
        table.putIfAbsent(wrapped.id(), wrapped);
        table.putIfAbsent(again.id(), again);
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.putIfAbsent(wrapped.id(), new Call(wrapped.id()))).isFalse();
        assertThat(table.get(wrapped.id())).isSameAs(wrapped);
        List<Call> seen = new ArrayList<>();
        table.forEach(seen::add);
        assertThat(seen).containsExactlyInAnyOrder(early, wrapped, again);
        assertThat(table.remove(early.id(), early)).isTrue();
        assertThat(table.remove(wrapped.id())).isSameAs(wrapped);
        assertThat(table.remove(again.id(), again)).isTrue();
        assertThat(table.isEmpty()).isTrue();
    }

    @Test
    void concurrentPutsAndRemovesLeaveItEmpty() throws Exception {
        AtomicLong ids = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        long id = ids.incrementAndGet();
                        Call call = new Call(id);
                        assertThat(table.putIfAbsent(id, call)).isTrue();
                        assertThat(table.remove(id, call)).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(table.size()).isZero();
        List<Call> left = new ArrayList<>();
        table.forEach(left::add);
        assertThat(left).isEmpty();
    }
}
