package io.seedrpc.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JDK classes every {@link TypeAllowlist} starts with, and the test for "belongs to the platform".
 *
 * <p>The set holds value types and the collection classes that callers pass or codecs produce: classes whose
 * decoding can only build data. Everything else under the platform packages stays out, because that is where
 * the known deserialization gadgets live ({@code ProcessBuilder}, {@code TemplatesImpl}, JNDI and JMX types...).
 * Sample instances name the JDK-private collection classes so the names follow the running JDK.
 */
final class JdkValueTypes {

    /** Package prefixes of the Java platform: never allowed by package, only class by class. */
    private static final List<String> PLATFORM_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Class names (as {@link Class#getName()} spells them) allowed from the start. */
    static final Set<String> CLASS_NAMES = Stream.of(
                    // Object itself (an empty instance, and the element class of Object[]), primitives, boxes,
                    // text and numbers
                    Object.class, boolean.class, byte.class, short.class, char.class, int.class, long.class, float.class,
                    double.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
                    Float.class, Double.class, String.class, BigDecimal.class, BigInteger.class, UUID.class,
                    // java.time values; ZoneId.of(region) is a package-private ZoneRegion
                    Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetDateTime.class,
                    OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class,
                    YearMonth.class, MonthDay.class, ZoneOffset.class, ZoneId.of("Europe/Paris").getClass(),
                    DayOfWeek.class, Month.class,
                    Optional.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class,
                    // the standard mutable collections
                    ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
                    HashSet.class, LinkedHashSet.class, TreeSet.class,
                    // List.of / Set.of / Map.of (and copyOf, Stream.toList) implementations
                    List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
                    List.of(1, 2, 3, 4).subList(0, 2).getClass(),
                    Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
                    Map.of().getClass(), Map.of(1, 2).getClass(), Map.of(1, 2, 3, 4).getClass(),
                    // java.util.Collections wrappers and constants, Arrays.asList
                    Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
                    Collections.unmodifiableList(new ArrayList<>()).getClass(),
                    Collections.unmodifiableList(new LinkedList<>()).getClass(),
                    Collections.unmodifiableSet(new HashSet<>()).getClass(),
                    Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
                    Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
                    Collections.unmodifiableMap(new HashMap<>()).getClass(),
                    Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
                    Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
                    Collections.emptyList().getClass(), Collections.emptySet().getClass(),
                    Collections.emptyMap().getClass(), Collections.singletonList(1).getClass(),
                    Collections.singleton(1).getClass(), Collections.singletonMap(1, 2).getClass(),
                    Arrays.asList(1, 2).getClass())
            .map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    private JdkValueTypes() {
    }

    /** Whether the (binary) class name lies in a Java platform package. */
    static boolean isPlatformClass(String className) {
        for (String prefix : PLATFORM_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether allowing the package would allow platform classes: it is a platform package, or it contains one
     * (as {@code com} contains {@code com.sun}).
     */
    static boolean overlapsPlatform(String packageName) {
        String asPrefix = packageName + ".";
        for (String prefix : PLATFORM_PREFIXES) {
            if (asPrefix.startsWith(prefix) || prefix.startsWith(asPrefix)) {
                return true;
            }
        }
        return false;
    }
}
