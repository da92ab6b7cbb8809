package io.seedrpc.server;

import io.seedrpc.Deadline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bounded executors service methods run on, by name: {@value #DEFAULT} for every service that names none,
 * and one per bulkhead a service names, so that one service's overload cannot take another's threads. Each is
 * bounded to its threads plus its queue; past that a call is refused at once. With a task executor (virtual
 * threads on JDK 21+), every pool runs its calls there instead of on platform threads, under the same bound.
 * Thread-safe once built.
 */
final class WorkerPools {

    /** The pool of services that name none. */
    static final String DEFAULT = "default";

    private final Map<String, Pool> pools;

    /**
     * @param sizes        threads and queue capacity by pool name; must hold {@value #DEFAULT}
     * @param taskExecutor runs every call when not {@code null} (not owned: never shut down here)
     */
    WorkerPools(Map<String, PoolSize> sizes, Executor taskExecutor) {
        Map<String, Pool> built = new LinkedHashMap<>();
        sizes.forEach((name, size) -> built.put(name, taskExecutor == null
                ? new PlatformPool(name, size.threads(), size.queueCapacity())
                : new BoundedPool(name, taskExecutor, size.threads() + size.queueCapacity())));
        this.pools = java.util.Collections.unmodifiableMap(built);
    }

    Set<String> names() {
        return pools.keySet();
    }

    /**
     * The pool of that name, resolved once when a service is exposed so that a call does not look it up by name;
     * empty when there is none.
     */
    Optional<Pool> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** Takes no more calls; those queued and running go on. */
    void shutdown() {
        pools.values().forEach(Pool::shutdown);
    }

    /** Waits up to {@code nanos} for every call taken to have finished; returns whether they all did. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofNanos(nanos));
        boolean finished = true;
        for (Pool pool : pools.values()) {
            finished &= pool.awaitTermination(deadline.remainingNanos());
        }
        return finished;
    }

    /** Interrupts running calls and stops the platform threads; waits up to {@code seconds}. */
    boolean shutdownNow(long seconds) throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(seconds));
        pools.values().forEach(Pool::shutdownNow);
        boolean stopped = true;
        for (Pool pool : pools.values()) {
            stopped &= pool.awaitTermination(deadline.remainingNanos());
        }
        return stopped;
    }

    /**
     * The size of one pool.
     *
     * @param threads       the most calls running at once
     * @param queueCapacity the most calls waiting for a thread
     */
    record PoolSize(int threads, int queueCapacity) {
    }

    /**
     * One bounded pool: {@link #reserve} takes a place for a call in it, {@link #release} gives it back. The call
     * itself keeps count of whether it has given its place back ({@link CallTracker}), so that a place costs no
     * object.
     */
    interface Pool {
        /**
         * Takes a place for one call.
         *
         * @throws RejectedExecutionException with a message saying how full the pool is, when it is
         */
        void reserve();

        /** Gives back one place taken by {@link #reserve}. */
        void release();

        /**
         * Runs {@code task}, which holds a place.
         *
         * @throws RejectedExecutionException when the pool is shut down; the place is still held
         */
        void execute(Runnable task);

        void shutdown();

        void shutdownNow();

        boolean awaitTermination(long nanos) throws InterruptedException;
    }

    /**
     * Platform threads and a bounded queue. The bound is a count of places (threads plus queue capacity), not
     * the executor's own queue: a thread that has answered its call may not be back for the next task yet, and
     * that must not turn the next call away.
     */
    private static final class PlatformPool implements Pool {

        private final String name;
        private final int threads;
        private final int queueCapacity;
        private final ThreadPoolExecutor executor;
        private final Semaphore permits;

        PlatformPool(String name, int threads, int queueCapacity) {
            this.name = name;
            this.threads = threads;
            this.queueCapacity = queueCapacity;
            this.executor = WorkerPool.create(name, threads, queueCapacity);
            this.permits = new Semaphore(threads + queueCapacity);
        }

        @Override
        public void reserve() {
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException("executor '" + name + "' has all its " + threads
                        + " threads taken and " + queueCapacity + " calls queued");
            }
        }

        @Override
        public void release() {
            permits.release();
        }

        @Override
        public void execute(Runnable task) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                throw new RejectedExecutionException("executor '" + name + "' is shut down", e);
            }
        }

        @Override
        public void shutdown() {
            executor.shutdown();
        }

        @Override
        public void shutdownNow() {
            executor.shutdownNow();
        }

        @Override
        public boolean awaitTermination(long nanos) throws InterruptedException {
            return executor.awaitTermination(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Calls handed to a shared task executor, at most {@code limit} of them in flight. */
    private static final class BoundedPool implements Pool {

        private final String name;
        private final Executor executor;
        private final int limit;
        private final Semaphore permits;
        private volatile boolean shutDown;

        BoundedPool(String name, Executor executor, int limit) {
            this.name = name;
            this.executor = executor;
            this.limit = limit;
            this.permits = new Semaphore(limit);
        }

        @Override
        public void reserve() {
            if (shutDown) {
                throw new RejectedExecutionException("executor '" + name + "' is shut down");
            }
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException("executor '" + name + "' has " + limit + " calls in flight, "
                        + "its limit (threads plus queue capacity)");
            }
        }

        @Override
        public void release() {
            permits.release();
        }

        @Override
        public void execute(Runnable task) {
            try {
                executor.execute(task);
            } catch (RuntimeException e) {
                throw e instanceof RejectedExecutionException rejected ? rejected
                        : new RejectedExecutionException("executor '" + name + "' refused the call: " + e, e);
            }
        }

        @Override
        public void shutdown() {
            shutDown = true;
        }

        @Override
        public void shutdownNow() {
            // The task executor belongs to whoever passed it; its calls are cancelled with their connections.
            shutDown = true;
        }

        /** Every permit back means no call of this pool is running any more. */
        @Override
        public boolean awaitTermination(long nanos) throws InterruptedException {
            if (!permits.tryAcquire(limit, nanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            permits.release(limit);
            return true;
        }
    }
}
