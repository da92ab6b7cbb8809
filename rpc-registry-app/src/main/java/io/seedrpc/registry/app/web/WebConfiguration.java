package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.RegistryProperties;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the API behind the bearer token when one is configured; the dashboard page and actuator stay open. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<Filter> bearerTokenFilter(RegistryProperties properties) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>();
        if (properties.authEnabled()) {
            registration.setFilter(new BearerTokenFilter(properties.authToken(), properties.protectReads()));
            registration.addUrlPatterns("/api", "/api/*");
        } else {
            registration.setFilter((request, response, chain) -> chain.doFilter(request, response));
            registration.setEnabled(false);
        }
        return registration;
    }
}
