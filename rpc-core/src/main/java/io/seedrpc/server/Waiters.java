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

    /** A power of two, so that a place in the sequence maps to a slot by a mask. */
    private Thread[] ring = new Thread[8];
    /** The place in the sequence of the longest-waiting entry; the slots before it are empty. */
    private long head;
    /** The place the next waiting thread takes. An entry between the two may be empty: that thread left. */
    private long tail;

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
        long place = add(self);
        lock.unlock();
        try {
            LockSupport.parkNanos(this, nanos);
        } finally {
            lock.lock();
        }
        // Still on the ring means nobody picked it (it timed out, was interrupted or woke spuriously): it leaves.
        boolean picked = !leave(place, self);
        if (!picked && Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Takes the longest-waiting thread off the ring, for the caller to unpark once it has let go of the lock. */
    Thread next() {
        while (head != tail) {
            int slot = slot(head++);
            Thread first = ring[slot];
            if (first != null) {
                ring[slot] = null;
                return first;
            }
        }
        return null;
    }

    /** Puts {@code thread} last on the ring; returns its place, by which it finds itself in O(1). */
    private long add(Thread thread) {
        if (tail - head == ring.length) {
            Thread[] larger = new Thread[ring.length * 2];
            for (long place = head; place != tail; place++) {
                larger[(int) place & (larger.length - 1)] = ring[slot(place)];
            }
            ring = larger;
        }
        ring[slot(tail)] = thread;
        return tail++;
    }

    /** Takes {@code thread} off its place if it is still there; returns whether it was. */
    private boolean leave(long place, Thread thread) {
        if (place - head < 0 || ring[slot(place)] != thread) {
            return false;
        }
        ring[slot(place)] = null;
        while (head != tail && ring[slot(head)] == null) {
            head++;
        }
        return true;
    }

    private int slot(long place) {
        return (int) place & (ring.length - 1);
    }
}
