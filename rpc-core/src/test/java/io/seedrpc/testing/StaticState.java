package io.seedrpc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds static state: static fields that are not final, or final but of a type that can change (a counter, a
 * map). SeedRPC promises none: whatever a server, client or registration holds belongs to it and goes when it
 * is closed.
 */
public final class StaticState {

    /** Types whose instances cannot change, so a static final field of one is a constant. */
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Pattern.class, Duration.class,
            org.slf4j.Logger.class, Integer.class, Long.class, Boolean.class, Class.class);

    private StaticState() {
    }

    /**
     * The static fields of the classes of {@code packageName} (not its subpackages) compiled below
     * {@code classes}, such as {@code target/classes}, that hold state; each as {@code Class.field}.
     */
    public static List<String> in(Path classes, String packageName) {
        Path dir = classes.resolve(packageName.replace('.', '/'));
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(packageName + "." + simple, false, StaticState.class.getClassLoader());
                for (Field field : type.getDeclaredFields()) {
                    if (holdsState(field)) {
                        found.add(type.getName() + "." + field.getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static boolean holdsState(Field field) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) || field.isSynthetic() || field.isEnumConstant()) {
            return false;
        }
        Class<?> type = field.getType();
        return !Modifier.isFinal(modifiers) || !(type.isPrimitive() || type.isEnum() || IMMUTABLE.contains(type));
    }
}
