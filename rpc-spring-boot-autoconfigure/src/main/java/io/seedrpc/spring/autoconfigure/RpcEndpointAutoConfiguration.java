package io.seedrpc.spring.autoconfigure;

import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.actuate.ClientCallStats;
import io.seedrpc.spring.actuate.RpcEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code rpc} actuator endpoint, when actuator is on the class path and the endpoint is exposed
 * ({@code management.endpoints.web.exposure.include=rpc}).
 */
@AutoConfiguration(after = {RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(RpcEndpoint.class)
public final class RpcEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientCallStats rpcClientCallStats() {
        return new ClientCallStats();
    }

    @Bean
    @ConditionalOnMissingBean
    RpcEndpoint rpcEndpoint(ObjectProvider<RpcServer> server, ObjectProvider<RpcClient> client,
                            ObjectProvider<ClientCallStats> clientStats) {
        return new RpcEndpoint(server.getIfAvailable(), client.getIfAvailable(), clientStats.getIfAvailable());
    }
}
