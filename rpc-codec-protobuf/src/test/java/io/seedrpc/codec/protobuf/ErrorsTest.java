package io.seedrpc.codec.protobuf;

import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.protobuf.test.CustomerId;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Failures reach a protobuf caller exactly as they reach a Kryo or JSON caller: the same exception class, status,
 * remote class and message, from one server serving the protobuf service and its plain Java twin.
 */
@ExtendWith(NoLeakedThreads.class)
class ErrorsTest {

    private static final CustomerId SEVEN = CustomerId.newBuilder().setId(7).build();

    private static final CustomerServiceImpl IMPL = new CustomerServiceImpl();
    private static RpcServer server;
    private static RpcClient protobufClient;
    private static RpcClient plainClient;
    private static CustomerService customers;

    @BeforeAll
    static void start() {
        server = Clients.server()
                .addService(CustomerService.class, IMPL)
                .addService(PlainCustomerService.class, new PlainCustomerServiceImpl())
                .start();
        protobufClient = RpcClient.builder().codec("protobuf").callTimeout(Duration.ofMillis(500)).build();
        plainClient = RpcClient.builder().callTimeout(Duration.ofMillis(500)).build();
        customers = protobufClient.proxy(CustomerService.class, Clients.address(server));
    }

    @AfterAll
    static void stop() {
        protobufClient.close();
        plainClient.close();
        server.close();
    }

    private static PlainCustomerService plain(String codec) {
        return plainClient.proxy(ReferenceConfig.of(PlainCustomerService.class).withCodec(codec)
                .withAddress(Clients.address(server)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void aRuntimeExceptionArrivesAsARemoteApplicationExceptionAsWithCodec(String codec) {
        Throwable viaProtobuf = catchThrowable(() -> customers.crash(SEVEN));
        Throwable viaOther = catchThrowable(() -> plain(codec).crash(7));
        assertThat(viaProtobuf).isInstanceOf(RemoteApplicationException.class);
        assertSameFailure(viaProtobuf, viaOther);
        var remote = (RemoteApplicationException) viaProtobuf;
        assertThat(remote.status()).isEqualTo(StatusCode.APPLICATION_ERROR);
        assertThat(remote.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(remote.remoteMessage()).isEqualTo("customer 7 is locked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void aDeclaredCheckedExceptionIsThrownAsItselfAsWithCodec(String codec) {
        Throwable viaProtobuf = catchThrowable(() -> customers.find(SEVEN));
        Throwable viaOther = catchThrowable(() -> plain(codec).find(7));
        assertThat(viaProtobuf).isInstanceOf(CustomerNotFoundException.class).hasMessage("no customer 7");
        assertThat(viaOther).isInstanceOf(CustomerNotFoundException.class).hasMessage("no customer 7");
    }

    @Test
    void aCallPastItsDeadlineTimesOutAndItsHandlerIsInterruptedAsWithKryo() throws InterruptedException {
        Throwable viaProtobuf = catchThrowable(() -> customers.stall(SEVEN));
        Throwable viaKryo = catchThrowable(() -> plain("kryo").stall(7));
        assertThat(viaProtobuf).isInstanceOf(RpcException.class);
        assertThat(((RpcException) viaProtobuf).status()).isEqualTo(StatusCode.TIMEOUT);
        assertThat(viaKryo).isInstanceOf(RpcException.class);
        assertThat(((RpcException) viaKryo).status()).isEqualTo(StatusCode.TIMEOUT);
        assertThat(IMPL.stallInterrupted.await(5, TimeUnit.SECONDS)).as("the handler was interrupted").isTrue();
    }

    @Test
    void anUnknownServiceIsReportedAsWithKryo() {
        Throwable viaProtobuf = catchThrowable(() -> protobufClient
                .proxy(ProfileStore.class, Clients.address(server))
                .shout(io.seedrpc.codec.protobuf.test.v1.Profile.getDefaultInstance()));
        Throwable viaKryo = catchThrowable(() -> plainClient
                .proxy(ServiceCheckTest.PlainService.class, Clients.address(server)).greet("x"));
        assertStatus(viaProtobuf, StatusCode.UNKNOWN_SERVICE, ProfileStore.class.getName());
        assertStatus(viaKryo, StatusCode.UNKNOWN_SERVICE, ServiceCheckTest.PlainService.class.getName());
    }

    @Test
    void aProtobufCallToAPlainServiceFailsBeforeItIsSentNamingTheMethodAndType() {
        // Its proxy would be refused; RpcClient.call takes any method, and is stopped by the encoder.
        Executable call = () -> protobufClient.call(io.seedrpc.Address.parse(Clients.address(server)),
                PlainCustomerService.class.getName(),
                io.seedrpc.protocol.MethodDescriptor.of(PlainCustomerService.class.getMethod("crash", long.class)),
                new Object[] {7L}, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
        Throwable failure = catchThrowable(call::execute);
        assertThat(failure).hasCauseInstanceOf(RpcException.class);
        assertStatus(failure.getCause(), StatusCode.CODEC_ERROR,
                "cannot encode the arguments of " + PlainCustomerService.class.getName()
                        + ".crash(long) with codec protobuf: the protobuf codec carries only generated messages,"
                        + " not long, which is not a protobuf message");
    }

    @Test
    void aProtobufBodyForAPlainServiceIsABadRequestNamingTheMethodAndType() {
        HandMadeBodies bodies = new HandMadeBodies();
        bodies.next.set(new byte[0]);
        try (RpcClient client = RpcClient.builder()
                .codecs(io.seedrpc.codec.CodecRegistry.of(new io.seedrpc.codec.TypeAllowlist(), bodies))
                .codec("protobuf").callTimeout(Duration.ofSeconds(5)).build()) {
            Throwable failure = catchThrowable(() -> client.call(io.seedrpc.Address.parse(Clients.address(server)),
                    PlainCustomerService.class.getName(),
                    io.seedrpc.protocol.MethodDescriptor.of(PlainCustomerService.class.getMethod("crash", long.class)),
                    new Object[] {7L}, Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
            assertStatus(failure.getCause(), StatusCode.BAD_REQUEST, "cannot decode the arguments of "
                    + PlainCustomerService.class.getName() + ".crash(long): the protobuf codec carries only"
                    + " generated messages, not long, which is not a protobuf message");
        }
    }

    private static void assertSameFailure(Throwable one, Throwable other) {
        assertThat(other).isInstanceOf(one.getClass());
        var a = (RemoteApplicationException) one;
        var b = (RemoteApplicationException) other;
        assertThat(b.status()).isEqualTo(a.status());
        assertThat(b.remoteClassName()).isEqualTo(a.remoteClassName());
        assertThat(b.remoteMessage()).isEqualTo(a.remoteMessage());
    }

    private static void assertStatus(Throwable failure, StatusCode status, String messagePart) {
        assertThat(failure).isInstanceOf(RpcException.class).hasMessageContaining(messagePart);
        assertThat(((RpcException) failure).status()).isEqualTo(status);
    }
}
