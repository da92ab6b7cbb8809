package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.RegistryProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the API behind the bearer token when one is configured; the dashboard page and actuator stay open. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final RegistryProperties properties;

    WebConfiguration(RegistryProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (properties.authEnabled()) {
            registry.addInterceptor(new BearerTokenInterceptor(properties.authToken(), properties.protectReads()))
                    .addPathPatterns("/api/**");
        }
    }
}
