package io.seedrpc.sample.consumer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The consumer role: a demo runner and its report. */
@Configuration(proxyBeanMethods = false)
@Profile("consumer")
@EnableConfigurationProperties(DemoProperties.class)
class ConsumerConfiguration {

    @Bean
    DemoReport demoReport() {
        return new DemoReport();
    }

    @Bean
    DemoRunner demoRunner(DemoProperties properties, DemoReport report) {
        return new DemoRunner(properties, report);
    }
}
