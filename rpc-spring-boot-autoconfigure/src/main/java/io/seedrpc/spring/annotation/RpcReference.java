package io.seedrpc.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a proxy of a remote service into this field of any bean. The field's type must be the service
 * interface. Creating the proxy connects nowhere: the application starts even when no provider is up, a call
 * then fails with status {@code NO_PROVIDER} and succeeds as soon as one registers.
 *
 * <pre>{@code
 * @RpcReference(version = "2.0", timeoutMs = 500)
 * private OrderService orders;
 * }</pre>
 *
 * <p>Attributes left at their defaults fall back to {@code rpc.client.*}; string attributes may hold
 * {@code ${...}} placeholders, resolved against the environment. Fields with the same interface and settings
 * share one proxy.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RpcReference {

    /** The service version to call; {@code ""} for none. Must match the provider's {@link RpcService#version()}. */
    String version() default "";

    /** How long a call waits for its answer, in milliseconds; -1 for {@code rpc.client.timeout}. */
    long timeoutMs() default -1;

    /** How many times failover may retry a call on another instance; -1 for {@code rpc.client.retries}. */
    int retries() default -1;

    /**
     * The load balancer: {@code p2c}, {@code random}, {@code round-robin}, {@code weighted-round-robin},
     * {@code consistent-hash}, or the name of a {@code LoadBalancer} bean; {@code ""} for
     * {@code rpc.client.load-balance}.
     */
    String loadBalance() default "";

    /** The cluster mode: {@code failover}, {@code failfast}, {@code broadcast}; {@code ""} for {@code rpc.client.cluster}. */
    String cluster() default "";

    /**
     * The codec: {@code kryo}, {@code json}, {@code protobuf} (with rpc-codec-protobuf on the class path), or a
     * codec bean's name; {@code ""} for {@code rpc.client.codec}.
     */
    String codec() default "";

    /**
     * A fixed address, {@code tcp://host:port} (or {@code http://host:port} through an HTTP proxy), that bypasses
     * discovery; {@code ""} to find instances through the registry or {@code rpc.client.providers}.
     */
    String url() default "";
}
