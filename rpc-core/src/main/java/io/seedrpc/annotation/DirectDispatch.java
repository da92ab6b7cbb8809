package io.seedrpc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated service method (or every method of the annotated interface or implementation class) on the
 * server's I/O thread instead of the worker executor. This saves a thread hand-off per call, and is only safe for
 * code that never blocks: a blocking method here stalls every connection that shares the I/O thread. Methods
 * returning {@code CompletableFuture} that complete elsewhere are a natural fit.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface DirectDispatch {
}
