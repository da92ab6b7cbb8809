package io.seedrpc.server;

import java.util.AbstractQueue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker pool's queue: a bounded FIFO that does what a {@link java.util.concurrent.LinkedBlockingQueue} does for
 * a {@link java.util.concurrent.ThreadPoolExecutor} — one lock for putting and another for taking, so that the I/O
 * threads offering calls do not contend with the workers taking them; a task put into an empty queue wakes one
 * waiting taker (the longest waiting), and a taker that leaves tasks behind wakes the next — without allocating for
 * every call. That queue made a node per task and, through its conditions, a node per wait of an idle worker
 * (~48 B a call in the allocation profile, issue 15): here the tasks sit in a ring of slots, grown to the queue's
 * high-water mark once, and the waiting threads in rings of their own ({@link Waiters}). The locks are the same
 * {@link ReentrantLock}s, so that contention and wake-ups behave as they did (monitors' {@code wait}/{@code notify},
 * tried first, allocate nothing either but left the server's processors idle at 128 calls in flight).
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
    private final ReentrantLock putLock = new ReentrantLock();
    /** Puts waiting for room; under the put lock. */
    private final Waiters notFull = new Waiters();
    private final ReentrantLock takeLock = new ReentrantLock();
    /** Takes waiting for a task; under the take lock. */
    private final Waiters notEmpty = new Waiters();
    /** The ring; replaced by a larger one only under both locks. */
    private Runnable[] slots;
    /** The slot the next task goes into; under the put lock. */
    private int putIndex;
    /** The slot of the oldest task; under the take lock. */
    private int takeIndex;

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
        Thread nextPut;
        putLock.lock();
        try {
            if (!hasRoom()) {
                return false;
            }
            before = enqueue(task);
            nextPut = nextPut(before);
        } finally {
            putLock.unlock();
        }
        return afterPut(before, nextPut);
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        offer(task, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        int before;
        Thread nextPut;
        putLock.lockInterruptibly();
        try {
            while (!hasRoom()) {
                if (nanos <= 0) {
                    return false;
                }
                notFull.await(putLock, nanos);
                nanos = deadline - System.nanoTime();
            }
            before = enqueue(task);
            nextPut = nextPut(before);
        } finally {
            putLock.unlock();
        }
        return afterPut(before, nextPut);
    }

    @Override
    public Runnable take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        Runnable task;
        int before;
        Thread nextTake;
        takeLock.lockInterruptibly();
        try {
            while (count.get() == 0) {
                if (nanos <= 0) {
                    return null;
                }
                notEmpty.await(takeLock, nanos);
                nanos = deadline - System.nanoTime();
            }
            task = slots[takeIndex];
            before = dequeue();
            nextTake = nextTake(before);
        } finally {
            takeLock.unlock();
        }
        return afterTake(task, before, nextTake);
    }

    @Override
    public Runnable poll() {
        if (count.get() == 0) {
            return null;
        }
        Runnable task;
        int before;
        Thread nextTake;
        takeLock.lock();
        try {
            if (count.get() == 0) {
                return null;
            }
            task = slots[takeIndex];
            before = dequeue();
            nextTake = nextTake(before);
        } finally {
            takeLock.unlock();
        }
        return afterTake(task, before, nextTake);
    }

    @Override
    public Runnable peek() {
        takeLock.lock();
        try {
            return count.get() == 0 ? null : slots[takeIndex];
        } finally {
            takeLock.unlock();
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
        Thread nextPut = null;
        fullyLock();
        try {
            int size = count.get();
            for (int i = 0; i < size; i++) {
                if (task.equals(slots[slot(i)])) {
                    nextPut = removeAt(i, size);
                    return true;
                }
            }
            return false;
        } finally {
            fullyUnlock();
            LockSupport.unpark(nextPut);
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
        fullyLock();
        try {
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
        } finally {
            fullyUnlock();
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
        takeLock.lock();
        try {
            // Under both locks the count stands still: takers may have made room since it was read.
            size = count.get();
            if (size == slots.length) {
                grow(size);
            }
        } finally {
            takeLock.unlock();
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
        return count.getAndIncrement();
    }

    /** Empties the oldest slot; returns the count before. Under the take lock, with a task there. */
    private int dequeue() {
        slots[takeIndex] = null;
        takeIndex = next(takeIndex);
        return count.getAndDecrement();
    }

    /** Another put waiting for room, to wake when room remains, as the linked queue does; under the put lock. */
    private Thread nextPut(int before) {
        return before + 1 < capacity ? notFull.next() : null;
    }

    /** Another waiting worker, to wake when tasks remain, as the linked queue does; under the take lock. */
    private Thread nextTake(int before) {
        return before > 1 ? notEmpty.next() : null;
    }

    /** Wakes the put picked, and a waiting worker if the put made the queue non-empty; outside the put lock. */
    private boolean afterPut(int before, Thread nextPut) {
        LockSupport.unpark(nextPut);
        if (before == 0) {
            signalNotEmpty();
        }
        return true;
    }

    /**
     * Wakes the worker picked, and a put waiting for room if the take made the first; returns the task taken.
     * Outside the take lock.
     */
    private Runnable afterTake(Runnable task, int before, Thread nextTake) {
        LockSupport.unpark(nextTake);
        if (before == capacity) {
            signalNotFull();
        }
        return task;
    }

    /** Removes the task at position {@code index} from the oldest, closing the gap; under both locks. */
    private Thread removeAt(int index, int size) {
        for (int i = index; i < size - 1; i++) {
            slots[slot(i)] = slots[slot(i + 1)];
        }
        slots[slot(size - 1)] = null;
        putIndex = slot(size - 1);
        return count.getAndDecrement() == capacity ? notFull.next() : null;
    }

    private int slot(int position) {
        int index = takeIndex + position;
        return index >= slots.length ? index - slots.length : index;
    }

    private int next(int index) {
        return index + 1 == slots.length ? 0 : index + 1;
    }

    /**
     * Wakes the longest-waiting worker. The lock is taken even when none waits: a worker that saw the queue empty
     * holds it until it is on the ring, so a task put meanwhile is never missed.
     */
    private void signalNotEmpty() {
        Thread next;
        takeLock.lock();
        try {
            next = notEmpty.next();
        } finally {
            takeLock.unlock();
        }
        LockSupport.unpark(next);
    }

    private void signalNotFull() {
        Thread next;
        putLock.lock();
        try {
            next = notFull.next();
        } finally {
            putLock.unlock();
        }
        LockSupport.unpark(next);
    }

    /** Both locks, put lock first, for what looks at the whole queue. */
    private void fullyLock() {
        putLock.lock();
        takeLock.lock();
    }

    private void fullyUnlock() {
        takeLock.unlock();
        putLock.unlock();
    }
}
