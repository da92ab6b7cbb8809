package io.seedrpc.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NoLeakedThreads.class)
class EventLoopsTest {

    @Test
    void ioThreadsAreNamedDaemonFastThreadLocalThreads() throws Exception {
        EventLoopGroup group = EventLoops.forThisPlatform().create("events-test", 2);
        try {
            Thread first = group.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            Thread second = group.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);

            // Netty keeps its allocator caches and recyclers in a field of a FastThreadLocalThread; on any other
            // thread every one of those lookups goes through a ThreadLocal.
            assertThat(first).isInstanceOf(FastThreadLocalThread.class);
            assertThat(second).isInstanceOf(FastThreadLocalThread.class);
            assertThat(first.isDaemon()).isTrue();
            assertThat(first.getName()).startsWith("events-test-");
            assertThat(second.getName()).startsWith("events-test-").isNotEqualTo(first.getName());
        } finally {
            EventLoops.shutdown(group);
        }
    }
}
