package io.seedrpc.server;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads waiting under one lock for one condition, woken longest-waiting first: what a {@code Condition} of
 * the lock does for {@link TaskQueue}, without the node a {@code Condition} allocates for every wait. The waiting
 * threads sit in a ring that grows to the most that ever waited at once. A thread is woken after the lock is let
 * go, as a {@code Condition}'s is, so that it does not wake only to block on the lock: {@link #next} picks it under
 * the lock and the caller unparks it once it has unlocked. Guarded by the lock; not thread-safe on its own.
 */
final class Waiters {

    private Thread[] ring = new Thread[8];
    private int head;
    private int size;

    /**
     * Lets go of {@code lock} and parks the current thread until it is picked by {@link #next} and unparked, is
     * interrupted or {@code nanos} pass, or wakes spuriously; then takes the lock again. The caller checks its
     * condition again, as after any wait.
     *
     * @throws InterruptedException when interrupted before it was picked; one interrupted after it was picked
     *                              returns normally with its interrupt kept, so that the wake-up is not lost
     */
    void await(ReentrantLock lock, long nanos) throws InterruptedException {
        Thread self = Thread.currentThread();
        add(self);
        lock.unlock();
        try {
            LockSupport.parkNanos(this, nanos);
        } finally {
            lock.lock();
        }
        boolean picked = !remove(self);
        if (!picked && Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Whether no thread waits. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Takes the longest-waiting thread off the ring, for the caller to unpark once it has let go of the lock. */
    Thread next() {
        if (size == 0) {
            return null;
        }
        Thread first = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return first;
    }

    private void add(Thread thread) {
        if (size == ring.length) {
            Thread[] larger = new Thread[ring.length * 2];
            for (int i = 0; i < size; i++) {
                larger[i] = ring[(head + i) % ring.length];
            }
            ring = larger;
            head = 0;
        }
        ring[(head + size) % ring.length] = thread;
        size++;
    }

    /** Takes {@code thread} off the ring if it is still there (it timed out, was interrupted or woke spuriously). */
    private boolean remove(Thread thread) {
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) % ring.length] == thread) {
                for (int j = i; j < size - 1; j++) {
                    ring[(head + j) % ring.length] = ring[(head + j + 1) % ring.length];
                }
                ring[(head + size - 1) % ring.length] = null;
                size--;
                return true;
            }
        }
        return false;
    }
}
