package io.seedrpc.it;

import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.KryoCodec;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Codec#checkService} is asked before any call: a client refuses a proxy whose codec cannot carry the
 * interface, and a server refuses a service a codec it speaks throws for, while one the codec merely declines is
 * still served to the other codecs.
 */
@ExtendWith(NoLeakedThreads.class)
class CodecCheckTest {

    private static final String REASON = "add(int,int) takes int, which codec picky cannot carry";

    @Test
    void clientRefusesTheProxyWhenItsCodecDeclinesTheInterface() {
        TypeAllowlist allowlist = new TypeAllowlist();
        CodecRegistry codecs = CodecRegistry.withDefaults(allowlist,
                List.of(new PickyCodec(allowlist, type -> Optional.of(REASON))));
        try (RpcClient client = RpcClient.builder().codecs(codecs).build()) {
            // No server listens at this address: the refusal cannot come from a call.
            ReferenceConfig<Calculator> reference = ReferenceConfig.of(Calculator.class)
                    .withAddress("tcp://127.0.0.1:1").withCodec("picky");
            assertThatThrownBy(() -> client.proxy(reference))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot create a reference to io.seedrpc.it.Calculator with codec picky: " + REASON);
            // The same interface with another codec is fine.
            assertThat(client.proxy(reference.withCodec("kryo"))).isNotNull();
        }
    }

    @Test
    void clientRefusesTheProxyWhenItsCodecThrows() {
        TypeAllowlist allowlist = new TypeAllowlist();
        CodecRegistry codecs = CodecRegistry.withDefaults(allowlist, List.of(new PickyCodec(allowlist, type -> {
            throw new IllegalArgumentException(REASON);
        })));
        try (RpcClient client = RpcClient.builder().codecs(codecs).codec("picky").build()) {
            assertThatThrownBy(() -> client.proxy(Calculator.class, "tcp://127.0.0.1:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot create a reference to io.seedrpc.it.Calculator with codec picky: " + REASON);
        }
    }

    @Test
    void serverRefusesAServiceACodecThrowsFor() {
        TypeAllowlist allowlist = new TypeAllowlist();
        CodecRegistry codecs = CodecRegistry.withDefaults(allowlist, List.of(new PickyCodec(allowlist, type -> {
            throw new IllegalArgumentException(REASON);
        })));
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).codecs(codecs).build()) {
            assertThatThrownBy(() -> server.addService(Calculator.class, new CalculatorImpl()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot serve io.seedrpc.it.Calculator with codec picky: " + REASON);
        }
    }

    @Test
    void serverServesAServiceACodecOnlyDeclinesToTheOtherCodecs() {
        TypeAllowlist allowlist = new TypeAllowlist();
        CodecRegistry codecs = CodecRegistry.withDefaults(allowlist,
                List.of(new PickyCodec(allowlist, type -> Optional.of(REASON))));
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).codecs(codecs).build()
                .addService(Calculator.class, new CalculatorImpl()).start();
             RpcClient client = RpcClient.builder().codec("json").callTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(client.proxy(Calculator.class, "tcp://127.0.0.1:" + server.port()).add(2, 3)).isEqualTo(5);
        }
    }

    private static final class CalculatorImpl implements Calculator {

        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public int multiply(int a, int b) {
            return a * b;
        }
    }

    /** Kryo under another id and name, with a check the test chooses. */
    private static final class PickyCodec implements Codec {

        private final KryoCodec kryo;
        private final Function<Class<?>, Optional<String>> check;

        PickyCodec(TypeAllowlist allowlist, Function<Class<?>, Optional<String>> check) {
            this.kryo = new KryoCodec(allowlist);
            this.check = check;
        }

        @Override
        public byte id() {
            return 99;
        }

        @Override
        public String name() {
            return "picky";
        }

        @Override
        public Optional<String> checkService(Class<?> serviceInterface) {
            return check.apply(serviceInterface);
        }

        @Override
        public void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException {
            kryo.writeArguments(out, args, types);
        }

        @Override
        public Object[] readArguments(InputStream in, Type[] types) throws IOException {
            return kryo.readArguments(in, types);
        }

        @Override
        public void writeValue(OutputStream out, Object value, Type type) throws IOException {
            kryo.writeValue(out, value, type);
        }

        @Override
        public Object readValue(InputStream in, Type type) throws IOException {
            return kryo.readValue(in, type);
        }
    }
}
