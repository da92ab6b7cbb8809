package io.seedrpc.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Serves this bean over SeedRPC. A {@link Component}, so component scanning makes it a bean; the RPC server of
 * the application then exposes it under its service interface (and version) once the context is refreshed,
 * and registers it with the registries in {@code rpc.registry.addresses}.
 *
 * <pre>{@code
 * @RpcService(version = "2.0")
 * class OrderServiceImpl implements OrderService { ... }
 * }</pre>
 *
 * <p>The bean may be proxied (transactions, security): calls then go through the proxy.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface RpcService {

    /** The bean name; by default derived from the class name, as for any {@link Component}. */
    @AliasFor(annotation = Component.class)
    String value() default "";

    /**
     * The interface to serve the bean as. By default the single interface the bean's class implements (its
     * own or its superclasses', other than Java and Spring ones); startup fails naming the bean and its
     * interfaces when there are several.
     */
    Class<?> interfaceClass() default void.class;

    /** The service version, part of the service key ({@code com.acme.Orders:2.0}); {@code ""} for none. */
    String version() default "";

    /**
     * The share of traffic this instance asks for relative to other instances of the service, as told to the
     * registry: 0 to {@value io.seedrpc.registry.api.RegistryLimits#MAX_WEIGHT}, default
     * {@value io.seedrpc.registry.api.RegistryLimits#DEFAULT_WEIGHT}. 0 takes no traffic while an instance with a
     * positive weight is up.
     */
    int weight() default 100;

    /**
     * The executor (bulkhead) the service's methods run on, declared as {@code rpc.server.executors.<name>}, so
     * that this service's overload cannot take the threads of the others; {@code ""} for the shared default
     * executor ({@code rpc.server.worker-threads}). Startup fails naming the bean when no such executor exists.
     */
    String executor() default "";
}
