package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.RegistryProperties;
import io.seedrpc.registry.app.live.Registry;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the API behind the bearer token when one is configured (the dashboard page and actuator stay open), and
 * answers heartbeats right after that check ({@link HeartbeatFilter}). Both run after Spring Boot's own filters,
 * the request observation among them.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<Filter> bearerTokenFilter(RegistryProperties properties) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>();
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        if (properties.authEnabled()) {
            registration.setFilter(new BearerTokenFilter(properties.authToken(), properties.protectReads()));
            registration.addUrlPatterns("/api", "/api/*");
        } else {
            registration.setFilter((request, response, chain) -> chain.doFilter(request, response));
            registration.setEnabled(false);
        }
        return registration;
    }

    @Bean
    FilterRegistrationBean<HeartbeatFilter> heartbeatFilter(Registry registry, JsonMapper jsonMapper) {
        FilterRegistrationBean<HeartbeatFilter> registration =
                new FilterRegistrationBean<>(new HeartbeatFilter(registry, jsonMapper));
        registration.addUrlPatterns("/api/v1/instances/*");
        // After the bearer token's check.
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
