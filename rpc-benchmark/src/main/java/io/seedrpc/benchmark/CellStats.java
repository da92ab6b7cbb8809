package io.seedrpc.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One cell (a row, a payload, a number in flight) over the rounds it was measured in: each figure is the median of
 * its own values over the rounds (unknown values left out), and calls/s and p50 also keep their spread. With one
 * round, every figure is that round's.
 *
 * @param rounds         how many rounds measured the cell
 * @param throughput     calls/s, median
 * @param minThroughput  calls/s, lowest round
 * @param maxThroughput  calls/s, highest round
 * @param p50Micros      median latency, median over the rounds
 * @param minP50Micros   median latency, lowest round
 * @param maxP50Micros   median latency, highest round
 * @param errors         failed calls, all rounds together
 */
record CellStats(int rounds, double throughput, double minThroughput, double maxThroughput, double p50Micros,
                 double minP50Micros, double maxP50Micros, double p99Micros, double p999Micros, double serverCpu,
                 double clientCpu, long errors, double clientBytesPerCall, double serverBytesPerCall,
                 double clientMicrosPerCall, double serverMicrosPerCall) {

    /** @param rounds at least one */
    static CellStats of(List<CellResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one round");
        }
        return new CellStats(rounds.size(),
                median(rounds, CellResult::throughput), min(rounds, CellResult::throughput),
                max(rounds, CellResult::throughput),
                median(rounds, CellResult::p50Micros), min(rounds, CellResult::p50Micros),
                max(rounds, CellResult::p50Micros),
                median(rounds, CellResult::p99Micros), median(rounds, CellResult::p999Micros),
                median(rounds, CellResult::serverCpu), median(rounds, CellResult::clientCpu),
                rounds.stream().mapToLong(CellResult::errors).sum(),
                median(rounds, CellResult::clientBytesPerCall), median(rounds, CellResult::serverBytesPerCall),
                median(rounds, CellResult::clientMicrosPerCall), median(rounds, CellResult::serverMicrosPerCall));
    }

    /** The median of the known values (the mean of the middle two for an even count); NaN if none is known. */
    static double median(List<CellResult> rounds, ToDoubleFunction<CellResult> figure) {
        double[] known = rounds.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int middle = known.length / 2;
        return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    private static double min(List<CellResult> rounds, ToDoubleFunction<CellResult> figure) {
        return rounds.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    private static double max(List<CellResult> rounds, ToDoubleFunction<CellResult> figure) {
        return rounds.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
