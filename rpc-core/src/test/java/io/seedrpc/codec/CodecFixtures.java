package io.seedrpc.codec;

import io.seedrpc.codec.Catalog.Customer;
import io.seedrpc.codec.Catalog.Line;
import io.seedrpc.codec.Catalog.Money;
import io.seedrpc.codec.Catalog.Order;
import io.seedrpc.codec.Catalog.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Shared test data: the codecs under test, guarded by what {@link Catalog} reaches, and sample values. */
final class CodecFixtures {

    static final Money TEN_EUROS = new Money(new BigDecimal("10.00"), "EUR");
    static final Order ORDER = new Order(UUID.fromString("6f1c1f9e-2b4e-4c8a-9a43-1d5f0a6c2b11"), Status.PAID,
            List.of(new Line("apple", 3, TEN_EUROS), new Line("pear", 1, new Money(new BigDecimal("2.5"), "EUR"))),
            Instant.parse("2024-02-29T12:34:56.123456789Z"), Optional.of("leave at the door"));
    static final Order EMPTY_ORDER = new Order(UUID.fromString("00000000-0000-0000-0000-000000000001"),
            Status.NEW, List.of(), Instant.EPOCH, Optional.empty());
    static final Customer CUSTOMER = new Customer("Ada", List.of(ORDER, EMPTY_ORDER),
            Map.of("EUR", TEN_EUROS, "USD", new Money(new BigDecimal("-1"), "USD")));

    private CodecFixtures() {
    }

    static TypeAllowlist catalogAllowlist() {
        return new TypeAllowlist().allowTypesReachableFrom(Catalog.class);
    }

    static Codec codec(String name) {
        return switch (name) {
            case "kryo" -> new KryoCodec(catalogAllowlist());
            case "json" -> new JsonCodec(catalogAllowlist());
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The Catalog method of that name; each name is unique. */
    static Method method(String name) {
        return Arrays.stream(Catalog.class.getMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Catalog." + name));
    }

    static byte[] writeValue(Codec codec, Object value, String methodName) {
        var out = new ByteArrayOutputStream();
        try {
            codec.writeValue(out, value, method(methodName).getGenericReturnType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Object readValue(Codec codec, byte[] payload, String methodName) throws IOException {
        return codec.readValue(new ByteArrayInputStream(payload), method(methodName).getGenericReturnType());
    }

    static byte[] writeArguments(Codec codec, String methodName, Object... args) {
        var out = new ByteArrayOutputStream();
        try {
            codec.writeArguments(out, args, method(methodName).getGenericParameterTypes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Object[] readArguments(Codec codec, byte[] payload, String methodName) throws IOException {
        return codec.readArguments(new ByteArrayInputStream(payload), method(methodName).getGenericParameterTypes());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
