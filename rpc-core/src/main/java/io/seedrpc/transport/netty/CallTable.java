package io.seedrpc.transport.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The calls in flight on one connection, by request id. Ids on a connection are mostly consecutive, so each
 * usually gets a slot of its own in a ring, found and freed with one compare-and-set and no boxing; an id
 * whose slot is still taken (more calls in flight than slots, or a long call the ring has come round to) goes
 * to an overflow map. Thread-safe.
 */
final class CallTable<T> {

    private static final int SLOTS = 1024;
    private static final int MASK = SLOTS - 1;

    private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(SLOTS);
    private final Map<Long, T> overflow = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    /** The highest id put so far: the calls in flight sit in the slots just behind it. */
    private volatile long newestId;
    private final ToLongFunction<T> idOf;

    CallTable(ToLongFunction<T> idOf) {
        this.idOf = idOf;
    }

    /** Adds {@code call} unless a call with that id is in flight; returns whether it was added. */
    boolean putIfAbsent(long id, T call) {
        int slot = (int) id & MASK;
        T occupant = slots.get(slot);
        if (occupant != null && idOf.applyAsLong(occupant) == id) {
            return false;
        }
        if (occupant == null && slots.compareAndSet(slot, null, call)) {
            // A call of this id put in the overflow meanwhile would be a duplicate. Looked up only when the
            // overflow holds anything, as the lookup boxes the id (a Long per call in JFR's allocation samples);
            // its count is exact here, since puts of one table come from one thread (the server's event loop) or
            // carry ids never repeated (the client's counter).
            if (!overflow.isEmpty() && overflow.containsKey(id)) {
                slots.compareAndSet(slot, call, null);
                return false;
            }
        } else if (overflow.putIfAbsent(id, call) != null) {
            return false;
        }
        size.incrementAndGet();
        if (id > newestId) {
            newestId = id;
        }
        return true;
    }

    /** The call of that id, or {@code null}. */
    T get(long id) {
        T occupant = slots.get((int) id & MASK);
        if (occupant != null && idOf.applyAsLong(occupant) == id) {
            return occupant;
        }
        return overflow.isEmpty() ? null : overflow.get(id);
    }

    /** Removes and returns the call of that id, or {@code null} when there is none. */
    T remove(long id) {
        int slot = (int) id & MASK;
        T occupant = slots.get(slot);
        if (occupant != null && idOf.applyAsLong(occupant) == id && slots.compareAndSet(slot, occupant, null)) {
            size.decrementAndGet();
            return occupant;
        }
        T removed = overflow.isEmpty() ? null : overflow.remove(id);
        if (removed != null) {
            size.decrementAndGet();
        }
        return removed;
    }

    /** Removes {@code call} if it is still in the table; returns whether this call removed it. */
    boolean remove(long id, T call) {
        int slot = (int) id & MASK;
        if (slots.get(slot) == call && slots.compareAndSet(slot, call, null)) {
            size.decrementAndGet();
            return true;
        }
        if (!overflow.isEmpty() && overflow.remove(id, call)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Visits every call in flight now (a weakly consistent snapshot). Walks back from the newest id and stops once
     * it has seen as many calls as are in the ring, so a sweep over a few calls does not read every slot.
     */
    void forEach(Consumer<T> action) {
        int inRing = size.get() - overflow.size();
        if (inRing <= 0 && overflow.isEmpty()) {
            return;
        }
        int start = (int) newestId & MASK;
        int seen = 0;
        for (int i = 0; i < SLOTS && seen < inRing; i++) {
            T call = slots.get((start - i) & MASK);
            if (call != null) {
                seen++;
                action.accept(call);
            }
        }
        overflow.values().forEach(action);
    }

    int size() {
        return size.get();
    }

    boolean isEmpty() {
        return size.get() == 0;
    }
}
