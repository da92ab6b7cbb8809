package io.seedrpc.spring.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link RpcStartupException} the way Spring Boot reports its own startup failures. */
public final class RpcStartupFailureAnalyzer extends AbstractFailureAnalyzer<RpcStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RpcStartupException cause) {
        return new FailureAnalysis(cause.description() + ".", cause.action(), cause);
    }
}
