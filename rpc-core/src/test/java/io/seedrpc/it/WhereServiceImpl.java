package io.seedrpc.it;

import java.util.concurrent.atomic.AtomicInteger;

public class WhereServiceImpl implements WhereService {

    private final String name;
    private final long extraDelayMillis;
    private volatile boolean broken;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger interrupted = new AtomicInteger();

    public WhereServiceImpl(String name, long extraDelayMillis) {
        this.name = name;
        this.extraDelayMillis = extraDelayMillis;
    }

    /** From now on {@link #where} throws at once. */
    public void breakIt() {
        broken = true;
    }

    @Override
    public String where(long millis) {
        calls.incrementAndGet();
        if (broken) {
            throw new IllegalStateException(name + " is broken");
        }
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
