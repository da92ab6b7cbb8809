package io.seedrpc.spring.server;

import java.util.concurrent.CountDownLatch;

/**
 * One non-daemon thread that does nothing but wait until {@link #end()}: while it lives the JVM does not exit,
 * although every I/O and worker thread of the RPC server is a daemon thread.
 */
final class KeepAliveThread {

    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;

    private KeepAliveThread(String name) {
        this.thread = new Thread(this::awaitEnd, name);
        thread.setDaemon(false);
    }

    /** Starts a thread named {@code name} that holds the JVM until {@link #end()}. */
    static KeepAliveThread start(String name) {
        KeepAliveThread keepAlive = new KeepAliveThread(name);
        keepAlive.thread.start();
        return keepAlive;
    }

    private void awaitEnd() {
        while (ended.getCount() > 0) {
            try {
                ended.await();
            } catch (InterruptedException e) {
                // Only end() lets the JVM go; an interrupt from elsewhere does not stop the server.
            }
        }
    }

    /** Lets the thread end; returns at once. Calling it again does nothing. */
    void end() {
        ended.countDown();
    }
}
