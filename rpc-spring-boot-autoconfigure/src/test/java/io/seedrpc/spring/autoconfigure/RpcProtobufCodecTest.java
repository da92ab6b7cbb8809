package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.ProtoGreeter;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/**
 * The protobuf codec is there for {@code rpc.client.codec} and {@code @RpcReference(codec = ...)} as soon as
 * rpc-codec-protobuf is on the class path (it is, for these tests), and start-up says what to add when it is not.
 */
@ExtendWith(NoLeakedThreads.class)
class RpcProtobufCodecTest {

    private static RpcServer provider;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcDiscoveryAutoConfiguration.class, RpcClientAutoConfiguration.class))
            .withPropertyValues("greeter.url=tcp://127.0.0.1:" + provider.port());

    /** Hides the module's service registration, as if the jar were not on the class path. */
    private static FilteredClassLoader withoutProtobufModule() {
        return new FilteredClassLoader(new ClassPathResource("META-INF/services/io.seedrpc.codec.CodecProvider"));
    }

    @BeforeAll
    static void startProvider() {
        provider = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(ProtoGreeter.class, name -> StringValue.of("hello " + name.getValue()))
                .start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void theClientPropertySelectsProtobuf() {
        runner.withPropertyValues("rpc.client.codec=protobuf").withUserConfiguration(DefaultCodecCaller.class)
                .run(context -> {
                    assertThat(context.getBean(RpcClient.class).settings().codec()).isEqualTo("protobuf");
                    assertThat(context.getBean(DefaultCodecCaller.class).greeter.greet(StringValue.of("ann"))
                            .getValue()).isEqualTo("hello ann");
                });
    }

    @Test
    void theReferenceAttributeSelectsProtobuf() {
        runner.withUserConfiguration(ProtobufCaller.class).run(context -> {
            assertThat(context.getBean(RpcClient.class).settings().codec()).isEqualTo("kryo");
            assertThat(context.getBean(ProtobufCaller.class).greeter.greet(StringValue.of("bob")).getValue())
                    .isEqualTo("hello bob");
        });
    }

    @Test
    void aProtobufReferenceToAPlainInterfaceFailsStartupNamingTheMethodAndType() {
        runner.withUserConfiguration(MisfitCaller.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("cannot create a reference to " + Greeter.class.getName()
                        + " with codec protobuf: method ")
                .hasStackTraceContaining("which is not a protobuf message")
                .hasStackTraceContaining("Give the reference a codec that carries the interface's types"));
    }

    @Test
    void withoutTheModuleTheClientPropertyFailsStartupSayingWhatToAdd() {
        runner.withClassLoader(withoutProtobufModule()).withPropertyValues("rpc.client.codec=protobuf")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("unknown codec 'protobuf'; known codecs: [kryo, json]; the protobuf"
                                + " codec comes with io.seedrpc:rpc-codec-protobuf, which is not on the class path")
                        .hasStackTraceContaining("add io.seedrpc:rpc-codec-protobuf to the dependencies"));
    }

    @Test
    void withoutTheModuleTheReferenceAttributeFailsStartupSayingWhatToAdd() {
        runner.withClassLoader(withoutProtobufModule()).withUserConfiguration(ProtobufCaller.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("@RpcReference on field " + ProtobufCaller.class.getName()
                                + ".greeter: unknown codec 'protobuf'; known codecs: [kryo, json]")
                        .hasStackTraceContaining("or add io.seedrpc:rpc-codec-protobuf to the dependencies."));
    }

    static class DefaultCodecCaller {
        @RpcReference(url = "${greeter.url}")
        ProtoGreeter greeter;
    }

    static class ProtobufCaller {
        @RpcReference(url = "${greeter.url}", codec = "protobuf")
        ProtoGreeter greeter;
    }

    static class MisfitCaller {
        @RpcReference(url = "${greeter.url}", codec = "protobuf")
        Greeter greeter;
    }
}
