package io.seedrpc.registry.app.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code index} and {@code wait} parameters of a listing: with an index the listing waits for a change
 * past it.
 *
 * @param index   the index the client already has
 * @param timeout how long to wait for a change (the {@code wait} parameter), already cut to the registry's
 *                maximum
 */
record BlockingQuery(long index, Duration timeout) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /**
     * The blocking query the parameters ask for, or {@code null} for an immediate answer (no {@code index}).
     *
     * @throws InvalidRequestException naming the parameter that is not understood
     */
    static BlockingQuery parse(String index, String wait, Duration defaultWait, Duration maxWait) {
        Duration parsedWait = wait == null ? defaultWait : parseWait(wait);
        if (index == null) {
            return null;
        }
        long parsedIndex;
        try {
            parsedIndex = Long.parseLong(index);
        } catch (NumberFormatException e) {
            parsedIndex = -1;
        }
        if (parsedIndex < 0) {
            throw new InvalidRequestException("index", "index must be a whole number of at least 0 taken from an "
                    + "earlier answer, was '" + index + "'");
        }
        return new BlockingQuery(parsedIndex, parsedWait.compareTo(maxWait) > 0 ? maxWait : parsedWait);
    }

    private static Duration parseWait(String wait) {
        Matcher matcher = DURATION.matcher(wait);
        if (!matcher.matches()) {
            throw new InvalidRequestException("wait", "wait must be a whole number followed by ms, s or m, "
                    + "such as 500ms, 30s or 2m; was '" + wait + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
