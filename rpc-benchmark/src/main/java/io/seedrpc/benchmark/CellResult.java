package io.seedrpc.benchmark;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one row measured for one payload and one number of callers in flight, during the measured window. Sent
 * from the client JVM to the runner as one {@code key=value} line; the runner adds the server's allocation.
 *
 * @param row          the target's name
 * @param payload      the payload id
 * @param inFlight     callers, each with one call in flight
 * @param calls        echoes completed correctly in the window
 * @param seconds      the window's length
 * @param errors       failed calls in the window
 * @param p50Micros    median latency
 * @param p99Micros    99th percentile latency
 * @param p999Micros   99.9th percentile latency
 * @param serverCpu    server JVM CPU in the window, % of one core (NaN if unknown)
 * @param clientCpu    client JVM CPU in the window, % of one core (NaN if unknown)
 * @param clientBytes  bytes allocated by all threads of the client JVM in the window (-1 if unknown)
 * @param serverBytes  bytes allocated by all threads of the server JVM in the window (-1 if unknown)
 */
record CellResult(String row, String payload, int inFlight, long calls, double seconds, long errors,
                  double p50Micros, double p99Micros, double p999Micros, double serverCpu, double clientCpu,
                  long clientBytes, long serverBytes) {

    static CellResult of(String row, String payload, int inFlight, Histogram latencyNanos, double seconds,
                         long errors, double serverCpu, double clientCpu, long clientBytes) {
        return new CellResult(row, payload, inFlight, latencyNanos.getTotalCount(), seconds, errors,
                micros(latencyNanos, 50), micros(latencyNanos, 99), micros(latencyNanos, 99.9), serverCpu, clientCpu,
                clientBytes, -1);
    }

    private static double micros(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? Double.NaN : nanos.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** This result with the server JVM's allocation in the window, which the runner reads from the server. */
    CellResult withServerBytes(long bytes) {
        return new CellResult(row, payload, inFlight, calls, seconds, errors, p50Micros, p99Micros, p999Micros,
                serverCpu, clientCpu, clientBytes, bytes);
    }

    /** Completed calls per second. */
    double throughput() {
        return seconds > 0 ? calls / seconds : 0;
    }

    /** Bytes the client JVM allocated per completed call (NaN if unknown). */
    double clientBytesPerCall() {
        return perCall(clientBytes);
    }

    /** Bytes the server JVM allocated per completed call (NaN if unknown). */
    double serverBytesPerCall() {
        return perCall(serverBytes);
    }

    /** CPU time of the client JVM per completed call, µs (NaN if unknown). */
    double clientMicrosPerCall() {
        return cpuMicrosPerCall(clientCpu);
    }

    /** CPU time of the server JVM per completed call, µs (NaN if unknown). */
    double serverMicrosPerCall() {
        return cpuMicrosPerCall(serverCpu);
    }

    private double perCall(long bytes) {
        return bytes < 0 || calls == 0 ? Double.NaN : bytes / (double) calls;
    }

    /** {@code percent} of one core over {@code seconds}, in µs, shared out over the calls. */
    private double cpuMicrosPerCall(double percent) {
        return calls == 0 ? Double.NaN : percent / 100 * seconds * 1e6 / calls;
    }

    /** The line the client JVM prints. */
    String toLine() {
        return String.format(Locale.ROOT, "row=%s payload=%s inFlight=%d calls=%d seconds=%.3f errors=%d "
                        + "p50=%.1f p99=%.1f p999=%.1f serverCpu=%.1f clientCpu=%.1f clientBytes=%d serverBytes=%d",
                row, payload, inFlight, calls, seconds, errors, p50Micros, p99Micros, p999Micros, serverCpu,
                clientCpu, clientBytes, serverBytes);
    }

    /** Reads a line written by {@link #toLine()}. */
    static CellResult parse(String line) {
        Map<String, String> fields = fields(line);
        return new CellResult(fields.get("row"), fields.get("payload"), Integer.parseInt(fields.get("inFlight")),
                Long.parseLong(fields.get("calls")), Double.parseDouble(fields.get("seconds")),
                Long.parseLong(fields.get("errors")), Double.parseDouble(fields.get("p50")),
                Double.parseDouble(fields.get("p99")), Double.parseDouble(fields.get("p999")),
                Double.parseDouble(fields.get("serverCpu")), Double.parseDouble(fields.get("clientCpu")),
                Long.parseLong(fields.getOrDefault("clientBytes", "-1")),
                Long.parseLong(fields.getOrDefault("serverBytes", "-1")));
    }

    /** The {@code key=value} pairs of a line, in order. */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : line.trim().split(" +")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }
}
