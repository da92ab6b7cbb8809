package io.seedrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose repeated execution has the same effect as a single one, so that a failover
 * client may retry it on another instance after a failure that might have reached the server. Methods without
 * it are retried only when the request provably never ran.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
