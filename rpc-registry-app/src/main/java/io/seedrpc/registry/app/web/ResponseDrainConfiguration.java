package io.seedrpc.registry.app.web;

import java.time.Duration;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Lets every response under way at shutdown be written before the connections close. */
@Configuration(proxyBeanMethods = false)
class ResponseDrainConfiguration {

    /**
     * How long stopping waits for responses being written. Those are answers already computed (parked queries
     * released at shutdown among them), so this is only ever reached by a client that stopped reading.
     */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

    @Bean
    UnfinishedResponses unfinishedResponses() {
        return new UnfinishedResponses();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> unfinishedResponsesValve(
            UnfinishedResponses unfinishedResponses) {
        return factory -> factory.addEngineValves(unfinishedResponses);
    }

    @Bean
    ResponseDrain responseDrain(UnfinishedResponses unfinishedResponses) {
        return new ResponseDrain(unfinishedResponses, DRAIN_LIMIT);
    }
}
