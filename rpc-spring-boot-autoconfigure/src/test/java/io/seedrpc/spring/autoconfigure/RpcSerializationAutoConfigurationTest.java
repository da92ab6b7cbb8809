package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

class RpcSerializationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class));

    @Test
    void kryoJsonAndTheCodecsOnTheClassPathByDefault() {
        // rpc-codec-protobuf is a test dependency of this module; its CodecProvider adds protobuf
        runner.run(context -> {
            assertThat(context).hasSingleBean(TypeAllowlist.class).hasSingleBean(CodecRegistry.class);
            CodecRegistry codecs = context.getBean(CodecRegistry.class);
            assertThat(codecs.all()).extracting(Codec::name).containsExactly("kryo", "json", "protobuf");
            assertThat(codecs.allowlist()).isSameAs(context.getBean(TypeAllowlist.class));
            assertThat(codecs.allowlist().isAllowed("com.acme.orders.Order")).isFalse();
        });
    }

    @Test
    void kryoAndJsonAloneWithoutFurtherCodecsOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(
                        new ClassPathResource("META-INF/services/io.seedrpc.codec.CodecProvider")))
                .run(context -> assertThat(context.getBean(CodecRegistry.class).all()).extracting(Codec::name)
                        .containsExactly("kryo", "json"));
    }

    @Test
    void allowedPackagesWidenTheAllowlist() {
        runner.withPropertyValues("rpc.serialization.allowed-packages=com.acme.orders,com.acme.billing")
                .run(context -> {
                    TypeAllowlist allowlist = context.getBean(TypeAllowlist.class);
                    assertThat(allowlist.isAllowed("com.acme.orders.Order")).isTrue();
                    assertThat(allowlist.isAllowed("com.acme.billing.model.Invoice")).isTrue();
                    assertThat(allowlist.isAllowed("com.acme.other.Thing")).isFalse();
                });
    }

    @Test
    void aPlatformPackageFailsStartupNamingTheProperty() {
        runner.withPropertyValues("rpc.serialization.allowed-packages=java.util").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.serialization.allowed-packages: package 'java.util' would allow "
                                + "Java platform classes"));
    }

    @Test
    void codecBeansAreAddedToTheDefaults() {
        runner.withUserConfiguration(ExtraCodecConfiguration.class).run(context ->
                assertThat(context.getBean(CodecRegistry.class).all()).extracting(Codec::name)
                        .containsExactly("kryo", "json", "protobuf", "null"));
    }

    @Test
    void backsOffToTheApplicationsOwnRegistryAndAllowlist() {
        runner.withUserConfiguration(OwnCodecsConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(CodecRegistry.class).hasSingleBean(TypeAllowlist.class);
            assertThat(context.getBean(CodecRegistry.class).all()).extracting(Codec::name).containsExactly("null");
        });
    }

    /** Encodes nothing; enough to tell it apart from the defaults. */
    static final class NullCodec implements Codec {
        @Override
        public byte id() {
            return 42;
        }

        @Override
        public String name() {
            return "null";
        }

        @Override
        public void writeArguments(OutputStream out, Object[] args, Type[] types) {
        }

        @Override
        public Object[] readArguments(InputStream in, Type[] types) {
            return new Object[types.length];
        }

        @Override
        public void writeValue(OutputStream out, Object value, Type type) {
        }

        @Override
        public Object readValue(InputStream in, Type type) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExtraCodecConfiguration {
        @Bean
        Codec nullCodec() {
            return new NullCodec();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCodecsConfiguration {
        @Bean
        TypeAllowlist ownAllowlist() {
            return new TypeAllowlist();
        }

        @Bean
        CodecRegistry ownCodecs(TypeAllowlist allowlist) {
            return CodecRegistry.of(allowlist, new NullCodec());
        }
    }
}
