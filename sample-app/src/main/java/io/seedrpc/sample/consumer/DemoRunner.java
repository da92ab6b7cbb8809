package io.seedrpc.sample.consumer;

import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.sample.api.InventoryService;
import io.seedrpc.sample.api.OutOfStockException;
import io.seedrpc.sample.api.Reservation;
import io.seedrpc.sample.api.StockLevel;
import io.seedrpc.spring.annotation.RpcReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The consumer side: calls the inventory through an {@code @RpcReference} proxy and logs each call with the
 * provider that served it and how long it took.
 */
public class DemoRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);
    private static final long ASYNC_WAIT_SECONDS = 10;
    private static final List<String> SKUS = List.of("apple", "banana", "cherry", "damson", "elderberry");

    @RpcReference(timeoutMs = 2000)
    private InventoryService inventory;

    private final DemoProperties properties;
    private final DemoReport report;

    public DemoRunner(DemoProperties properties, DemoReport report) {
        this.properties = properties;
        this.report = report;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException, IOException {
        boolean pauses = properties.pauseAfter() > 0 && properties.pauseAfter() < properties.calls();
        if (pauses) {
            Files.createDirectories(properties.signalDir());
            Files.deleteIfExists(pausedSignal());
            Files.deleteIfExists(resumeSignal());
        }
        log.info("Making {} calls, one every {} ms", properties.calls(), properties.interval().toMillis());
        for (int i = 1; i <= properties.calls(); i++) {
            callOnce(i);
            if (pauses && i == properties.pauseAfter()) {
                waitForProviderStop(i);
            }
            TimeUnit.MILLISECONDS.sleep(properties.interval().toMillis());
        }
        log.info("Done: {}", report);
    }

    /**
     * Tells the demo script that call {@code number} is done (so it stops a provider now, however long this JVM
     * took to start) and waits, within the pause timeout, until the script says the provider is gone. The calls
     * after this one are then counted apart in the report.
     */
    private void waitForProviderStop(int number) throws IOException, InterruptedException {
        log.info("Made {} calls; waiting for the demo to stop a provider", number);
        Files.writeString(pausedSignal(), Integer.toString(number));
        long deadline = System.nanoTime() + properties.pauseTimeout().toNanos();
        while (!Files.exists(resumeSignal())) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("No {} within {} ms; going on without a provider stopped", resumeSignal(),
                        properties.pauseTimeout().toMillis());
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        report.providerStopped();
    }

    private Path pausedSignal() {
        return properties.signalDir().resolve("consumer-paused");
    }

    private Path resumeSignal() {
        return properties.signalDir().resolve("consumer-resume");
    }

    private void callOnce(int number) {
        String sku = SKUS.get(number % SKUS.size());
        long start = System.nanoTime();
        String call;
        String outcome;
        String provider;
        try {
            switch (number % 4) {
                case 0 -> {
                    call = "lowStock(10)";
                    List<StockLevel> low = inventory.lowStock(10);
                    provider = low.isEmpty() ? "?" : low.get(0).servedBy();
                    outcome = low.size() + " items low";
                }
                case 1 -> {
                    call = "reserve(" + sku + ", 1)";
                    Reservation reservation = inventory.reserve(sku, 1);
                    provider = reservation.servedBy();
                    outcome = "reserved " + reservation.id().substring(0, 8);
                }
                case 2 -> {
                    call = "reserveAsync(" + sku + ", 1)";
                    // A safety net only: the call's own timeout ends it first, but that clock starts once the
                    // connection is open, so a first call to a provider may take the connect timeout longer.
                    Reservation reservation = inventory.reserveAsync(sku, 1).get(ASYNC_WAIT_SECONDS, TimeUnit.SECONDS);
                    provider = reservation.servedBy();
                    outcome = "reserved " + reservation.id().substring(0, 8);
                }
                default -> {
                    call = "stockOf(" + sku + ")";
                    StockLevel level = inventory.stockOf(sku);
                    provider = level.servedBy();
                    outcome = level.units() + " units";
                }
            }
        } catch (OutOfStockException e) {
            outOfStock(number, e.getMessage(), start);
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            // The asynchronous method cannot declare the checked exception: it arrives with its class name.
            if (e.getCause() instanceof RemoteApplicationException remote
                    && remote.remoteClassName().equals(OutOfStockException.class.getName())) {
                outOfStock(number, remote.remoteMessage(), start);
            } else {
                report.failure();
                log.warn("#{} failed after {}: {}", number, millis(start), e.getCause().getMessage());
            }
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            report.failure();
            log.warn("#{} failed: no answer within {} s", number, ASYNC_WAIT_SECONDS);
            return;
        } catch (RpcException | InterruptedException e) {
            report.failure();
            log.warn("#{} failed after {}: {}", number, millis(start), e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        report.success(provider);
        log.info("#{} {} -> {}, served by {} in {}", number, call, outcome, provider, millis(start));
    }

    private void outOfStock(int number, String message, long start) {
        // A business answer, not a failure of the call: the provider said no.
        report.success("(out of stock)");
        log.info("#{} reserve -> out of stock: {} ({})", number, message, millis(start));
    }

    private static String millis(long startNanos) {
        return String.format(Locale.ROOT, "%.2f ms", (System.nanoTime() - startNanos) / 1_000_000.0);
    }
}
