package io.seedrpc.server;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * JSON-schema-like shapes of declared Java types, as the JSON codec reads and writes them: enough for a person to
 * write a call's body by hand. Records and other classes with properties are described once under
 * {@link #definitions()} and referred to by {@code {"$ref": "#/definitions/<class name>"}}, which also ends
 * recursion. {@code Optional} is its content marked {@code "nullable": true}; a type the codec decodes only with
 * {@code @JsonTypeInfo} (abstract classes, interfaces) is named but not expanded. Not thread-safe: one instance
 * per description.
 */
final class JsonShapes {

    private static final Map<Class<?>, String> TIME_FORMATS = Map.of(
            Instant.class, "date-time", OffsetDateTime.class, "date-time", ZonedDateTime.class, "date-time",
            LocalDateTime.class, "local-date-time", LocalDate.class, "date", LocalTime.class, "time",
            Duration.class, "duration");

    private final Map<String, Map<String, Object>> definitions = new TreeMap<>();

    /** The shape of a value of the declared type {@code type}. */
    Map<String, Object> shapeOf(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            return parameterizedShape((Class<?>) parameterized.getRawType(), parameterized.getActualTypeArguments());
        }
        if (type instanceof GenericArrayType array) {
            return array(shapeOf(array.getGenericComponentType()), false);
        }
        if (type instanceof WildcardType wildcard) {
            return shapeOf(wildcard.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> || !(type instanceof Class<?>)) {
            return new LinkedHashMap<>(); // any JSON value
        }
        return classShape((Class<?>) type);
    }

    /** The named shapes referred to so far, by class name. */
    Map<String, Map<String, Object>> definitions() {
        return definitions;
    }

    private Map<String, Object> parameterizedShape(Class<?> raw, Type[] arguments) {
        if (raw == Optional.class) {
            Map<String, Object> content = new LinkedHashMap<>(shapeOf(arguments[0]));
            content.put("nullable", true);
            return content;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return array(shapeOf(arguments[0]), Set.class.isAssignableFrom(raw));
        }
        if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
            Map<String, Object> shape = simple("object");
            shape.put("additionalProperties", shapeOf(arguments[1]));
            return shape;
        }
        return classShape(raw);
    }

    private Map<String, Object> classShape(Class<?> type) {
        Map<String, Object> known = builtIn(type);
        if (known != null) {
            return known;
        }
        if (type.isArray()) {
            return array(shapeOf(type.getComponentType()), false);
        }
        if (type.isEnum()) {
            Map<String, Object> shape = simple("string");
            shape.put("enum", Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
            return shape;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return array(new LinkedHashMap<>(), Set.class.isAssignableFrom(type));
        }
        if (Map.class.isAssignableFrom(type)) {
            return simple("object");
        }
        if (type == Object.class) {
            return new LinkedHashMap<>();
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.getName().startsWith("java.")) {
            Map<String, Object> shape = simple("object");
            shape.put("javaType", type.getName());
            return shape;
        }
        return reference(type);
    }

    private Map<String, Object> reference(Class<?> type) {
        String name = type.getName();
        if (!definitions.containsKey(name)) {
            definitions.put(name, Map.of()); // a placeholder first, so a type that contains itself ends here
            definitions.put(name, objectShape(type));
        }
        return new LinkedHashMap<>(Map.of("$ref", "#/definitions/" + name));
    }

    private Map<String, Object> objectShape(Class<?> type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.put(component.getName(), shapeOf(component.getGenericType()));
            }
        } else {
            for (Method getter : type.getMethods()) {
                String property = propertyOf(getter);
                if (property != null) {
                    properties.putIfAbsent(property, shapeOf(getter.getGenericReturnType()));
                }
            }
            for (Field field : type.getFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    properties.putIfAbsent(field.getName(), shapeOf(field.getGenericType()));
                }
            }
        }
        Map<String, Object> shape = simple("object");
        shape.put("javaType", type.getName());
        shape.put("properties", properties);
        return shape;
    }

    private static String propertyOf(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        if (name.startsWith("get") && name.length() > 3 && method.getReturnType() != void.class) {
            return decapitalize(name.substring(3));
        }
        if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
            return decapitalize(name.substring(2));
        }
        return null;
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Map<String, Object> builtIn(Class<?> type) {
        if (type == void.class || type == Void.class) {
            return simple("null");
        }
        if (type == boolean.class || type == Boolean.class) {
            return simple("boolean");
        }
        if (type == int.class || type == Integer.class || type == short.class || type == Short.class
                || type == byte.class || type == Byte.class) {
            return withFormat("integer", "int32");
        }
        if (type == long.class || type == Long.class) {
            return withFormat("integer", "int64");
        }
        if (type == BigInteger.class) {
            return simple("integer");
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return simple("number");
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return simple("string");
        }
        if (type == byte[].class) {
            Map<String, Object> shape = simple("string");
            shape.put("contentEncoding", "base64");
            return shape;
        }
        if (type == UUID.class) {
            return withFormat("string", "uuid");
        }
        if (type == OptionalInt.class || type == OptionalLong.class) {
            Map<String, Object> shape = simple("integer");
            shape.put("nullable", true);
            return shape;
        }
        if (type == OptionalDouble.class) {
            Map<String, Object> shape = simple("number");
            shape.put("nullable", true);
            return shape;
        }
        String timeFormat = TIME_FORMATS.get(type);
        if (timeFormat != null) {
            Map<String, Object> shape = withFormat("string", timeFormat);
            shape.put("javaType", type.getName());
            return shape;
        }
        return null;
    }

    private static Map<String, Object> array(Map<String, Object> items, boolean unique) {
        Map<String, Object> shape = simple("array");
        shape.put("items", items);
        if (unique) {
            shape.put("uniqueItems", true);
        }
        return shape;
    }

    private static Map<String, Object> withFormat(String type, String format) {
        Map<String, Object> shape = simple(type);
        shape.put("format", format);
        return shape;
    }

    private static Map<String, Object> simple(String type) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("type", type);
        return shape;
    }
}
