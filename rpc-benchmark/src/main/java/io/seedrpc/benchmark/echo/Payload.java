package io.seedrpc.benchmark.echo;

import java.util.Arrays;
import java.util.Locale;

/** The two payloads every row echoes. The values are fixed, so every row sends exactly the same data. */
public enum Payload {

    /** A 100-character ASCII String (100 bytes in UTF-8). */
    STRING("string", "100-byte String"),

    /** A five-field object: long, int, 19-character String, double, boolean. */
    OBJECT("object", "5-field object");

    /** The string payload. */
    public static final String TEXT = text();

    /** The object payload. */
    public static final SmallObject OBJECT_VALUE = new SmallObject(1_234_567_890_123L, 42, "benchmark-object-19",
            3.14159, true);

    private final String id;
    private final String description;

    Payload(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and in the report. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /**
     * The payload named {@code id}.
     *
     * @throws IllegalArgumentException naming the known payloads
     */
    public static Payload fromId(String id) {
        for (Payload payload : values()) {
            if (payload.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return payload;
            }
        }
        throw new IllegalArgumentException("unknown payload '" + id + "'; known payloads: "
                + Arrays.stream(values()).map(Payload::id).toList());
    }

    private static String text() {
        String seed = "SeedRPC closed-loop echo payload: one hundred ASCII characters, the same for every row. ";
        String text = (seed + seed).substring(0, 100);
        if (text.length() != 100) {
            throw new AssertionError("the text payload must be 100 characters");
        }
        return text;
    }
}
