package io.seedrpc.codec;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classes a payload may ask a codec to instantiate: the guard against deserialization gadgets.
 *
 * <p>A codec that finds a class name in a payload (Kryo always may; JSON only for {@code @JsonTypeInfo} class ids)
 * asks {@link #isAllowed(String)} before the class is even loaded. A new allowlist holds common JDK value types:
 * primitives and their boxes, {@code String}, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, the
 * {@code java.time} values (with {@code DayOfWeek} and {@code Month}), {@code Optional}, the standard collections,
 * the JDK's immutable and {@code Collections.*} wrapper classes, {@code Object} itself (so that {@code Object[]}
 * can travel), and arrays of all these. No other platform class is allowed unless a service reaches it (enums only)
 * or it is named through {@link #allowClass}; in particular no {@code ProcessBuilder}, {@code URL}, JMX, JNDI or
 * XSLT class.
 *
 * <p>Services and references widen the list as they are registered, while calls are being decoded: every method
 * is thread-safe, and an allowance, once made, is never withdrawn. The {@code allow*} methods return this list so
 * they can be chained.
 */
public final class TypeAllowlist {

    private static final Logger log = LoggerFactory.getLogger(TypeAllowlist.class);
    private static final Pattern PACKAGE_NAME = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
            + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    // Allowed class names, the exact-match fast path. Decisions are deliberately not memoized beyond this set:
    // payloads choose the names we are asked about, so a cache of them (or of refusals, which would also go stale
    // as services register) would be memory an attacker can fill.
    private final Set<String> classNames = ConcurrentHashMap.newKeySet();
    private final Set<String> packageNames = ConcurrentHashMap.newKeySet();

    /** An allowlist holding the JDK value and collection types described above. */
    public TypeAllowlist() {
        classNames.addAll(JdkValueTypes.CLASS_NAMES);
    }

    /**
     * Allows every class in {@code packageName} and its subpackages. This trusts all of them, present and future,
     * so name the package of your own data types, not a library's.
     *
     * @throws IllegalArgumentException if the name is blank or not a package name, or if it is, lies in or contains
     *                                  a platform package ({@code java}, {@code javax}, {@code jdk}, {@code sun},
     *                                  {@code com.sun}), where deserialization gadgets live
     */
    public TypeAllowlist allowPackage(String packageName) {
        Objects.requireNonNull(packageName, "packageName");
        String name = packageName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the package name is blank; name the package of your data types,"
                    + " e.g. com.acme.orders");
        }
        if (!PACKAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + packageName + "' is not a package name");
        }
        if (JdkValueTypes.overlapsPlatform(name)) {
            throw new IllegalArgumentException("package '" + name + "' would allow Java platform classes, which"
                    + " include deserialization gadgets (ProcessBuilder, TemplatesImpl, JNDI and JMX types);"
                    + " allow the individual platform classes you need with allowClass instead");
        }
        packageNames.add(name);
        return this;
    }

    /**
     * Allows one class (for an array class, its element class). This is an explicit act of trust and is not
     * second-guessed, so only allow classes whose construction and field-by-field filling have no side effects.
     */
    public TypeAllowlist allowClass(Class<?> type) {
        Objects.requireNonNull(type, "type");
        Class<?> element = elementClass(type);
        if (!element.isPrimitive()) {
            classNames.add(element.getName());
        }
        return this;
    }

    /**
     * Allows the classes a service's calls can carry. Walks every public method of {@code serviceInterface}: the
     * generic parameter and return types (looking inside {@code CompletableFuture}, {@code CompletionStage} and
     * {@code Optional}) and the declared exceptions; then, recursively, array components, type arguments, bounds of
     * wildcards and type variables, the non-static, non-transient fields of each class and of its superclasses up
     * to the first platform class, and the permitted subclasses of sealed types. Every non-platform class found is
     * allowed, and so are platform enums; other platform classes are allowed only if they already were.
     *
     * <p>Implementations of an interface or subclasses of a non-sealed class cannot be found this way: allow their
     * package or class as well.
     */
    public TypeAllowlist allowTypesReachableFrom(Class<?> serviceInterface) {
        Objects.requireNonNull(serviceInterface, "serviceInterface");
        Set<Class<?>> reachable = ReachableTypes.from(serviceInterface);
        for (Class<?> type : reachable) {
            classNames.add(type.getName());
        }
        log.debug("Allowed {} types reachable from {}", reachable.size(), serviceInterface.getName());
        return this;
    }

    /**
     * Whether a payload may name this class. {@code className} is a binary name as {@link Class#getName()} spells
     * it; array names ({@code [Lcom.acme.Order;}, {@code [[I}) are judged by their element class. Never loads a
     * class; {@code null}, blank or malformed names are not allowed.
     */
    public boolean isAllowed(String className) {
        if (className == null || className.isEmpty()) {
            return false;
        }
        if (className.charAt(0) == '[') {
            return isAllowedArray(className);
        }
        if (classNames.contains(className)) {
            return true;
        }
        return !JdkValueTypes.isPlatformClass(className) && inAllowedPackage(className);
    }

    /** Whether a payload may name this class; for arrays, whether it may name the element class. */
    public boolean isAllowed(Class<?> type) {
        Class<?> element = elementClass(Objects.requireNonNull(type, "type"));
        return element.isPrimitive() || isAllowed(element.getName());
    }

    private boolean isAllowedArray(String arrayName) {
        int dimensions = 0;
        while (dimensions < arrayName.length() && arrayName.charAt(dimensions) == '[') {
            dimensions++;
        }
        String element = arrayName.substring(dimensions);
        if (element.length() == 1) {
            return "ZBCSIJFD".indexOf(element.charAt(0)) >= 0;
        }
        return element.length() > 2 && element.charAt(0) == 'L' && element.endsWith(";")
                && element.charAt(1) != '[' && isAllowed(element.substring(1, element.length() - 1));
    }

    private boolean inAllowedPackage(String className) {
        if (packageNames.isEmpty()) {
            return false;
        }
        for (int dot = className.lastIndexOf('.'); dot > 0; dot = className.lastIndexOf('.', dot - 1)) {
            if (packageNames.contains(className.substring(0, dot))) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> elementClass(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element;
    }
}
