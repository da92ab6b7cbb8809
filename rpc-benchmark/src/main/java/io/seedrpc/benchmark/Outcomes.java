package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.util.List;
import java.util.Optional;

/** What a comparison measured, looked up by row, payload and number in flight; each cell over all its rounds. */
final class Outcomes {

    private final List<Comparison.RowOutcome> rows;

    Outcomes(List<Comparison.RowOutcome> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Comparison.RowOutcome> rows() {
        return rows;
    }

    /** The cell's rounds summed up, if the row measured it at least once. */
    Optional<CellStats> cell(String row, Payload payload, int inFlight) {
        List<CellResult> rounds = rows.stream().filter(o -> o.target().name().equals(row))
                .flatMap(o -> o.cells().stream())
                .filter(c -> c.payload().equals(payload.id()) && c.inFlight() == inFlight)
                .toList();
        return rounds.isEmpty() ? Optional.empty() : Optional.of(CellStats.of(rounds));
    }

    /** The transport the row's server reported; empty when the row did not run or does not say. */
    String transport(String row) {
        return rows.stream().filter(o -> o.target().name().equals(row)).map(Comparison.RowOutcome::transport)
                .findFirst().orElse("");
    }

    /** The raw ceiling that ran on {@code transport}, if one is among the rows. */
    Optional<String> ceilingOn(String transport) {
        return rows.stream().filter(o -> o.target().kind() == Target.Kind.CEILING)
                .filter(o -> !transport.isEmpty() && o.transport().equals(transport))
                .map(o -> o.target().name()).findFirst();
    }
}
