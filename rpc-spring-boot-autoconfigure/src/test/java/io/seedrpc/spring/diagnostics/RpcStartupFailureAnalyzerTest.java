package io.seedrpc.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedrpc.spring.autoconfigure.RpcSerializationAutoConfiguration;
import io.seedrpc.spring.autoconfigure.RpcServerAutoConfiguration;
import io.seedrpc.spring.fixture.GreeterImpl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@ExtendWith(OutputCaptureExtension.class)
class RpcStartupFailureAnalyzerTest {

    @Test
    void reportsTheDescriptionAndTheActionOfTheRpcStartupExceptionInTheChain() {
        RpcStartupException cause = new RpcStartupException("The RPC server cannot start: cannot listen on 127.0.0.1:9100",
                "Set rpc.server.port to a free port.");
        FailureAnalysis analysis = new RpcStartupFailureAnalyzer()
                .analyze(new BeanCreationException("rpcServerLifecycle", "Failed to start", cause));
        assertThat(analysis.getDescription()).isEqualTo("The RPC server cannot start: cannot listen on 127.0.0.1:9100.");
        assertThat(analysis.getAction()).isEqualTo("Set rpc.server.port to a free port.");
        assertThat(cause).hasMessage("The RPC server cannot start: cannot listen on 127.0.0.1:9100. "
                + "Set rpc.server.port to a free port.");
    }

    @Test
    void springBootReportsAPortInUseAsAFailureAnalysis(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(ProviderApplication.class)
                    .web(WebApplicationType.NONE)
                    .run("--rpc.server.host=127.0.0.1", "--rpc.server.port=" + taken.getLocalPort(),
                            "--spring.config.name=failure-analyzer-test", "--spring.main.banner-mode=off"))
                    .hasStackTraceContaining("the port is already in use");
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("The RPC server cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("Action:")
                    .contains("Set rpc.server.port to a free port (0 picks one)");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({RpcSerializationAutoConfiguration.class, RpcServerAutoConfiguration.class})
    @Import(GreeterImpl.class)
    static class ProviderApplication {
    }
}
