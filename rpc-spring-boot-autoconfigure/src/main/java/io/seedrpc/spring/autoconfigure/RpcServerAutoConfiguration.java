package io.seedrpc.spring.autoconfigure;

import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.server.CallListener;
import io.seedrpc.server.CurrentCall;
import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.spring.annotation.RpcService;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.spring.server.RpcServerCustomizer;
import io.seedrpc.spring.server.RpcServerLifecycle;
import io.seedrpc.spring.server.RpcServerListener;
import io.seedrpc.spring.ssl.RpcSslBundles;
import io.seedrpc.tls.TlsSettings;
import java.util.Locale;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.thread.Threading;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import java.util.concurrent.Executor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The RPC server serving the {@code @RpcService} beans, started after the context is refreshed, with the
 * application's {@link ServerInterceptor} and {@link CallListener} beans in {@code @Order}. On when
 * {@code rpc.server.enabled} is true, or unset and the context has an {@code @RpcService} bean.
 */
@AutoConfiguration(after = {RpcSerializationAutoConfiguration.class, SslAutoConfiguration.class})
@Conditional(RpcServerAutoConfiguration.OnServerEnabled.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcServerAutoConfiguration {

    /** The bean name of the virtual-thread executor service methods run on when virtual threads are enabled. */
    static final String VIRTUAL_THREADS = "rpcServerVirtualThreads";

    @Bean
    @ConditionalOnMissingBean
    RpcServer rpcServer(RpcProperties properties, CodecRegistry codecs, ObjectProvider<CallListener> callListeners,
                        ObjectProvider<ServerInterceptor> interceptors,
                        ObjectProvider<RpcServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
                        @Qualifier(VIRTUAL_THREADS) ObjectProvider<Executor> virtualThreads) {
        RpcProperties.Server server = properties.getServer();
        RpcServer.Builder builder = RpcServer.builder()
                .host(server.getHost())
                .port(server.getPort())
                .workerThreads(server.getWorkerThreads())
                .maxFrameSize((int) server.getMaxFrameSize().toBytes())
                .drainTimeout(server.getDrainTimeout())
                .maxMetadataEntries(server.getMaxMetadataEntries())
                .maxMetadataSize((int) server.getMaxMetadataSize().toBytes())
                .maxConnections(server.getMaxConnections())
                .maxConnectionsPerAddress(server.getMaxConnectionsPerAddress())
                .maxCallsPerConnection(server.getMaxCallsPerConnection())
                .memoryBudget(server.getMemoryBudget().toBytes())
                .slowReaderTimeout(server.getSlowReaderTimeout())
                .http(server.getHttp().isEnabled())
                .codecs(codecs)
                .tls(tls(server.getSsl(), sslBundles));
        server.getExecutors().forEach((name, executor) ->
                builder.executor(name, executor.getThreads(), executor.getQueueCapacity()));
        virtualThreads.ifAvailable(builder::taskExecutor);
        callListeners.orderedStream().forEach(builder::callListener);
        interceptors.orderedStream().forEach(builder::interceptor);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The call the current thread serves: service beans inject it to read the call's metadata. */
    @Bean
    @ConditionalOnMissingBean
    CurrentCall rpcCurrentCall(RpcServer server) {
        return server.currentCall();
    }

    /**
     * With {@code spring.threads.virtual.enabled=true} on JDK 21+, service methods run on virtual threads, each
     * executor still bounded to its threads plus queue capacity calls in flight. Spring's executor starts the
     * virtual threads, so this code needs no JDK 21 API.
     */
    @Bean(name = VIRTUAL_THREADS)
    @ConditionalOnThreading(Threading.VIRTUAL)
    SimpleAsyncTaskExecutor rpcServerVirtualThreads() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("seedrpc-vworker-");
        executor.setVirtualThreads(true);
        return executor;
    }

    @Bean
    @ConditionalOnMissingBean
    RpcServerLifecycle rpcServerLifecycle(RpcServer server, ListableBeanFactory beans,
                                          ObjectProvider<RpcServerListener> listeners) {
        return new RpcServerLifecycle(server, beans, listeners.orderedStream().toList(), "rpc.server.port");
    }

    private static TlsSettings tls(RpcProperties.ServerSsl ssl, ObjectProvider<SslBundles> sslBundles) {
        if (ssl.getBundle() == null) {
            if (ssl.getClientAuth() != TlsSettings.ClientAuth.NONE) {
                throw new RpcStartupException("rpc.server.ssl.client-auth is " + ssl.getClientAuth().name()
                        .toLowerCase(Locale.ROOT) + ", but the RPC port has no TLS",
                        "Set rpc.server.ssl.bundle to the SSL bundle holding the server's certificate");
            }
            return null;
        }
        return new RpcSslBundles(sslBundles.getIfAvailable())
                .serverTls("rpc.server.ssl.bundle", ssl.getBundle(), ssl.getClientAuth());
    }

    /** {@code rpc.server.enabled=true}, or not set while an {@code @RpcService} bean exists. */
    static final class OnServerEnabled extends AnyNestedCondition {

        OnServerEnabled() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty("rpc.server.enabled")
        static final class EnabledExplicitly {
        }

        @ConditionalOnBooleanProperty(name = "rpc.server.enabled", matchIfMissing = true)
        @ConditionalOnBean(annotation = RpcService.class)
        static final class HasRpcServiceBean {
        }
    }
}
