package io.seedrpc.spring.virtual;

import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcService;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A provider application as a user writes one, run in its own JVM by {@link VirtualThreadsTest}: one service on
 * the bulkhead "small". Prints {@code READY <port>} once the RPC server listens.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(VirtualThreadsApp.Reporter.class)
public class VirtualThreadsApp {

    public static void main(String[] args) throws InterruptedException {
        // The RPC threads are daemon threads: without a web server, main keeps the JVM up until the server closes.
        SpringApplication.run(VirtualThreadsApp.class, args).getBean(RpcServer.class).awaitTermination();
    }

    @Bean
    ApplicationRunner announcePort(RpcServer server) {
        // A test harness line, not library code: the parent process reads it from stdout.
        return arguments -> {
            System.out.println("READY " + server.port());
            System.out.flush();
        };
    }

    /** Serves {@link ThreadReporter} on the executor "small". */
    @RpcService(executor = "small")
    static class Reporter implements ThreadReporter {

        @Override
        public String thread() {
            return Thread.currentThread().toString();
        }

        @Override
        public String hold(long millis) {
            try {
                Thread.sleep(millis);
                return "held " + millis;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
