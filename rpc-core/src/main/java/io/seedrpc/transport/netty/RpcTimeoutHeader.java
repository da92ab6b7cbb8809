package io.seedrpc.transport.netty;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Rpc-Timeout} request header: how long the caller will wait, as a whole number and a unit
 * ({@code 250ms}, {@code 2s}, {@code 1m}). It becomes the call's deadline on the server, as the remaining
 * timeout of a binary request does.
 */
final class RpcTimeoutHeader {

    /** The header's name. */
    static final String NAME = "Rpc-Timeout";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})(ms|s|m)");

    private RpcTimeoutHeader() {
    }

    /**
     * The timeout in milliseconds; 0 when {@code value} is {@code null} (no deadline).
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    static int parseMillis(String value) {
        if (value == null) {
            return 0;
        }
        Matcher matcher = FORMAT.matcher(value.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("malformed " + NAME + " header '" + value + "': expected a whole number"
                    + " followed by ms, s or m, such as 250ms or 2s");
        }
        long amount = Long.parseLong(matcher.group(1));
        long millis = switch (matcher.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            default -> amount * 60_000;
        };
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAME + " header '" + value + "' is out of range: it must be at least 1ms"
                    + " and at most " + Integer.MAX_VALUE + "ms");
        }
        return (int) millis;
    }
}
