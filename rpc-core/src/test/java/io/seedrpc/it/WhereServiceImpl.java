package io.seedrpc.it;

import java.util.concurrent.atomic.AtomicInteger;

public class WhereServiceImpl implements WhereService {

    private final String name;
    private final long extraDelayMillis;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger interrupted = new AtomicInteger();

    public WhereServiceImpl(String name, long extraDelayMillis) {
        this.name = name;
        this.extraDelayMillis = extraDelayMillis;
    }

    @Override
    public String where(long millis) {
        calls.incrementAndGet();
        pause(millis + extraDelayMillis);
        return name;
    }

    @Override
    public String whereOnce(long millis) {
        return where(millis);
    }

    @Override
    public String fail(long millis) {
        calls.incrementAndGet();
        pause(millis);
        throw new IllegalStateException("failed on " + name);
    }

    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
        }
    }
}
