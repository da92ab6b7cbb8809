package io.seedrpc.server;

import java.util.AbstractQueue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool's queue: a bounded FIFO that does what a {@link java.util.concurrent.LinkedBlockingQueue} does for
 * a {@link java.util.concurrent.ThreadPoolExecutor} — one lock for putting and another for taking, so that the I/O
 * threads offering calls do not contend with the workers taking them; a task put into an empty queue wakes one
 * waiting taker (the longest waiting), and a taker that leaves tasks behind wakes the next — without allocating for
 * every call. That queue made a node per task and, through its condition, a node per wait of an idle worker (~48 B
 * a call in the allocation profile, issue 15): here the tasks sit in a ring of slots, grown to the queue's
 * high-water mark once, and the two locks are monitors whose {@code wait}/{@code notify} keep their waiters outside
 * the heap.
 *
 * <p>A slot is written under the put lock and read under the take lock; the {@link #count} the two sides change
 * after touching a slot orders those accesses, as the linked queue's count does for its nodes. Operations that
 * look at the whole queue (removal from the middle, draining, iterating) hold both locks, put lock first.
 * Thread-safe.
 */
final class TaskQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    private static final int INITIAL_SLOTS = 16;

    private final int capacity;
    private final AtomicInteger count = new AtomicInteger();
    /** Held to put; waited on by a put that finds the queue full. */
    private final Object putLock = new Object();
    /** Held to take; waited on by a take that finds the queue empty. */
    private final Object takeLock = new Object();
    /** The ring; replaced by a larger one only under both locks. */
    private Runnable[] slots;
    /** The slot the next task goes into; under the put lock. */
    private int putIndex;
    /** The slot of the oldest task; under the take lock. */
    private int takeIndex;
    /** Threads waiting in a put for room; under the put lock, so that a put wakes nobody when none waits. */
    private int waitingPuts;
    /** Threads waiting in a take for a task; under the take lock, likewise. */
    private int waitingTakes;

    /** @param capacity the most tasks it holds */
    TaskQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a task queue needs room for at least one task, was " + capacity);
        }
        this.capacity = capacity;
        this.slots = new Runnable[Math.min(capacity, INITIAL_SLOTS)];
    }

    @Override
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        int before;
        synchronized (putLock) {
            if (!hasRoom()) {
                return false;
            }
            before = enqueue(task);
        }
        return afterPut(before);
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        offer(task, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        throwIfInterrupted();
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        int before;
        synchronized (putLock) {
            while (!hasRoom()) {
                if (nanos <= 0) {
                    return false;
                }
                waitingPuts++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(putLock, nanos);
                } finally {
                    waitingPuts--;
                }
                nanos = deadline - System.nanoTime();
            }
            before = enqueue(task);
        }
        return afterPut(before);
    }

    @Override
    public Runnable take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        throwIfInterrupted();
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        Runnable task;
        int before;
        synchronized (takeLock) {
            while (count.get() == 0) {
                if (nanos <= 0) {
                    return null;
                }
                waitingTakes++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(takeLock, nanos);
                } finally {
                    waitingTakes--;
                }
                nanos = deadline - System.nanoTime();
            }
            task = slots[takeIndex];
            before = dequeue();
        }
        return afterTake(task, before);
    }

    @Override
    public Runnable poll() {
        if (count.get() == 0) {
            return null;
        }
        Runnable task;
        int before;
        synchronized (takeLock) {
            if (count.get() == 0) {
                return null;
            }
            task = slots[takeIndex];
            before = dequeue();
        }
        return afterTake(task, before);
    }

    @Override
    public Runnable peek() {
        synchronized (takeLock) {
            return count.get() == 0 ? null : slots[takeIndex];
        }
    }

    @Override
    public int size() {
        return count.get();
    }

    @Override
    public int remainingCapacity() {
        return capacity - count.get();
    }

    @Override
    public boolean remove(Object task) {
        if (task == null) {
            return false;
        }
        synchronized (putLock) {
            synchronized (takeLock) {
                int size = count.get();
                for (int i = 0; i < size; i++) {
                    if (task.equals(slots[slot(i)])) {
                        removeAt(i, size);
                        return true;
                    }
                }
                return false;
            }
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int maxElements) {
        Objects.requireNonNull(sink, "sink");
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int drained = 0;
        while (drained < maxElements) {
            Runnable task = poll();
            if (task == null) {
                break;
            }
            sink.add(task);
            drained++;
        }
        return drained;
    }

    /** A snapshot of the tasks, oldest first; removing through it removes that task from the queue. */
    @Override
    public Iterator<Runnable> iterator() {
        Iterator<Runnable> snapshot = Arrays.asList(toArray(new Runnable[0])).iterator();
        return new Iterator<>() {
            private Runnable last;

            @Override
            public boolean hasNext() {
                return snapshot.hasNext();
            }

            @Override
            public Runnable next() {
                last = snapshot.next();
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("next() was not called, or remove() was called already");
                }
                TaskQueue.this.remove(last);
                last = null;
            }
        };
    }

    @Override
    public Object[] toArray() {
        return toArray(new Object[0]);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T[] toArray(T[] array) {
        synchronized (putLock) {
            synchronized (takeLock) {
                int size = count.get();
                T[] result = array.length >= size ? array
                        : (T[]) java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), size);
                for (int i = 0; i < size; i++) {
                    result[i] = (T) slots[slot(i)];
                }
                if (result.length > size) {
                    result[size] = null;
                }
                return result;
            }
        }
    }

    /** Whether a task fits, growing the ring when it is full below the capacity; under the put lock. */
    private boolean hasRoom() {
        int size = count.get();
        if (size < slots.length) {
            return true;
        }
        if (size >= capacity) {
            return false;
        }
        synchronized (takeLock) {
            // Under both locks the count stands still: takers may have made room since it was read.
            size = count.get();
            if (size == slots.length) {
                grow(size);
            }
        }
        return true;
    }

    /** Copies the tasks, oldest first, into a ring twice as large (at most the capacity); under both locks. */
    private void grow(int size) {
        Runnable[] larger = new Runnable[(int) Math.min(capacity, 2L * slots.length)];
        for (int i = 0; i < size; i++) {
            larger[i] = slots[slot(i)];
        }
        slots = larger;
        takeIndex = 0;
        putIndex = size;
    }

    /** Puts {@code task} in the next slot; returns the count before it. Under the put lock, with room checked. */
    private int enqueue(Runnable task) {
        slots[putIndex] = task;
        putIndex = next(putIndex);
        int before = count.getAndIncrement();
        if (before + 1 < capacity && waitingPuts > 0) {
            // Another put waiting for room can go on, as the linked queue lets it.
            putLock.notify();
        }
        return before;
    }

    /** Empties the oldest slot; returns the count before. Under the take lock, with a task there. */
    private int dequeue() {
        slots[takeIndex] = null;
        takeIndex = next(takeIndex);
        int before = count.getAndDecrement();
        if (before > 1 && waitingTakes > 0) {
            // Tasks remain: wake the next waiting worker, as the linked queue does.
            takeLock.notify();
        }
        return before;
    }

    /** Wakes a waiting taker if the put made the queue non-empty; outside the put lock. */
    private boolean afterPut(int before) {
        if (before == 0) {
            signalNotEmpty();
        }
        return true;
    }

    /** Wakes a put waiting for room if the take made the first; returns the task taken. Outside the take lock. */
    private Runnable afterTake(Runnable task, int before) {
        if (before == capacity) {
            signalNotFull();
        }
        return task;
    }

    /** Removes the task at position {@code index} from the oldest, closing the gap; under both locks. */
    private void removeAt(int index, int size) {
        for (int i = index; i < size - 1; i++) {
            slots[slot(i)] = slots[slot(i + 1)];
        }
        slots[slot(size - 1)] = null;
        putIndex = slot(size - 1);
        if (count.getAndDecrement() == capacity && waitingPuts > 0) {
            putLock.notify();
        }
    }

    private int slot(int position) {
        int index = takeIndex + position;
        return index >= slots.length ? index - slots.length : index;
    }

    private int next(int index) {
        return index + 1 == slots.length ? 0 : index + 1;
    }

    /**
     * Wakes one waiting taker. The lock is taken even when none is counted as waiting: a taker that saw the queue
     * empty holds it until it waits, so a task put meanwhile is never missed.
     */
    private void signalNotEmpty() {
        synchronized (takeLock) {
            if (waitingTakes > 0) {
                takeLock.notify();
            }
        }
    }

    private void signalNotFull() {
        synchronized (putLock) {
            if (waitingPuts > 0) {
                putLock.notify();
            }
        }
    }

    private static void throwIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
