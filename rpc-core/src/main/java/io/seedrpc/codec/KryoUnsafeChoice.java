package io.seedrpc.codec;

/**
 * Whether Kryo may use {@code sun.misc.Unsafe}, chosen per Java release. Kryo decides once per JVM, when its
 * {@code Util} class initializes, from the system property {@code kryo.unsafe}; with Unsafe on it accesses fields
 * through Unsafe, and on Java 24 and later merely initializing that support prints the JVM's "terminally
 * deprecated method in sun.misc.Unsafe" warning (JEP 498). Measured in {@code docs/benchmarks.md}: turning it off
 * costs a codec round trip some 5 to 25 percent of a fraction of a microsecond, a few percent of a call, so on
 * Java 24+ SeedRPC turns it off; before 24 it keeps Kryo's default, which warns about nothing.
 *
 * <p>An explicit {@code -Dkryo.unsafe=…} always wins. The choice only takes effect when no Kryo was used in this
 * JVM before the first {@link KryoCodec}.
 */
final class KryoUnsafeChoice {

    static final String PROPERTY = "kryo.unsafe";

    /** The first Java release that warns when {@code sun.misc.Unsafe}'s memory-access methods are called. */
    static final int FIRST_WARNING_RELEASE = 24;

    private KryoUnsafeChoice() {
    }

    /** Sets {@code kryo.unsafe=false} on Java {@value #FIRST_WARNING_RELEASE}+ unless the property is set. */
    static void applyFor(int javaRelease) {
        if (javaRelease >= FIRST_WARNING_RELEASE && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }
}
