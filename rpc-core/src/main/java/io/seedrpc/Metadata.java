package io.seedrpc;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The string headers a call carries besides its arguments — a trace context, a tenant, a locale, a caller's
 * identity — sent with the request and readable by the server's interceptors and service methods.
 *
 * <p>Keys are case-insensitive and kept in lower case (so {@code X-Tenant} and {@code x-tenant} are one key, as in
 * HTTP/2): 1 to 128 characters of {@code a-z}, {@code 0-9}, {@code -}, {@code _} and {@code .}. Values are any
 * string without control characters (no CR, LF or NUL), so every entry can also travel as an HTTP header. One
 * value per key; setting a key again replaces its value. Insertion order is kept.
 *
 * <p>Immutable and thread-safe: {@link #with} returns a new instance. A server bounds how many entries and bytes
 * it accepts (see {@code RpcServer.Builder.maxMetadataEntries}); a request over the bound fails alone with
 * {@link StatusCode#BAD_REQUEST}.
 */
public final class Metadata {

    /** The longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 128;

    private static final Metadata EMPTY = new Metadata(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;

    private Metadata(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** No entries. */
    public static Metadata empty() {
        return EMPTY;
    }

    /** A builder, for many entries at once (for example, a decoded request's). */
    public static Builder builder() {
        return new Builder();
    }

    /** One entry. */
    public static Metadata of(String key, String value) {
        return EMPTY.with(key, value);
    }

    /** Two entries. */
    public static Metadata of(String key1, String value1, String key2, String value2) {
        return EMPTY.with(key1, value1).with(key2, value2);
    }

    /** The entries of {@code map}, in its iteration order. */
    public static Metadata of(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::put);
        return builder.build();
    }

    /**
     * This metadata with {@code key} set to {@code value}, replacing a value it had.
     *
     * @throws IllegalArgumentException naming the key when the key or the value breaks the rules above
     */
    public Metadata with(String key, String value) {
        String normalized = normalizeKey(key);
        checkValue(normalized, value);
        int index = indexOf(normalized);
        if (index >= 0) {
            String[] newValues = values.clone();
            newValues[index] = value;
            return new Metadata(keys, newValues);
        }
        String[] newKeys = Arrays.copyOf(keys, keys.length + 1);
        String[] newValues = Arrays.copyOf(values, values.length + 1);
        newKeys[keys.length] = normalized;
        newValues[values.length] = value;
        return new Metadata(newKeys, newValues);
    }

    /** This metadata with every entry of {@code other} set, {@code other} winning where both have a key. */
    public Metadata withAll(Metadata other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Metadata merged = this;
        for (int i = 0; i < other.keys.length; i++) {
            merged = merged.with(other.keys[i], other.values[i]);
        }
        return merged;
    }

    /** This metadata without {@code key}. */
    public Metadata without(String key) {
        int index = indexOf(key.toLowerCase(Locale.ROOT));
        if (index < 0) {
            return this;
        }
        String[] newKeys = new String[keys.length - 1];
        String[] newValues = new String[values.length - 1];
        System.arraycopy(keys, 0, newKeys, 0, index);
        System.arraycopy(values, 0, newValues, 0, index);
        System.arraycopy(keys, index + 1, newKeys, index, keys.length - index - 1);
        System.arraycopy(values, index + 1, newValues, index, values.length - index - 1);
        return new Metadata(newKeys, newValues);
    }

    /** The value of {@code key} (any case), or {@code null} when there is none. */
    public String get(String key) {
        if (key == null || keys.length == 0) {
            return null;
        }
        int index = indexOf(key);
        if (index < 0) {
            index = indexOf(key.toLowerCase(Locale.ROOT));
        }
        return index < 0 ? null : values[index];
    }

    /** How many entries there are. */
    public int size() {
        return keys.length;
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The key of entry {@code index}, for iterating without building a map. */
    public String keyAt(int index) {
        return keys[index];
    }

    /** The value of entry {@code index}. */
    public String valueAt(int index) {
        return values[index];
    }

    /** The entries as an unmodifiable map in insertion order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code key} in lower case, when it is a valid key.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String normalizeKey(String key) {
        Objects.requireNonNull(key, "metadata key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("metadata key '" + abbreviate(key) + "' must be 1 to "
                    + MAX_KEY_LENGTH + " characters long, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!allowed) {
                throw new IllegalArgumentException("metadata key '" + abbreviate(key) + "' has a character that "
                        + "is not allowed at index " + i + "; keys use a-z, 0-9, '-', '_' and '.'");
            }
        }
        return key.toLowerCase(Locale.ROOT);
    }

    private static void checkValue(String key, String value) {
        Objects.requireNonNull(value, () -> "value of metadata key '" + key + "'");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("value of metadata key '" + key + "' has a control character "
                        + "at index " + i + "; values may not contain CR, LF, NUL or other control characters");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** Collects entries with the same rules as {@link Metadata#with}; the last value set for a key wins. Not thread-safe. */
    public static final class Builder {

        private final Map<String, String> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets {@code key} to {@code value}.
         *
         * @throws IllegalArgumentException naming the key when the key or the value breaks the rules
         */
        public Builder put(String key, String value) {
            String normalized = normalizeKey(key);
            checkValue(normalized, value);
            entries.put(normalized, value);
            return this;
        }

        /** How many distinct keys were set. */
        public int size() {
            return entries.size();
        }

        public Metadata build() {
            if (entries.isEmpty()) {
                return EMPTY;
            }
            return new Metadata(entries.keySet().toArray(new String[0]), entries.values().toArray(new String[0]));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Metadata that && asMap().equals(that.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
