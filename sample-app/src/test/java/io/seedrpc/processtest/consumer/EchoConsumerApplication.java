package io.seedrpc.processtest.consumer;

import io.seedrpc.processtest.Echo;
import io.seedrpc.spring.annotation.RpcReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** A consumer-only batch job: one call at start-up, then {@code main} returns and the JVM should end. */
@SpringBootApplication
public class EchoConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoConsumerApplication.class, args);
    }

    @Component
    static class OneCall implements CommandLineRunner {

        private static final Logger log = LoggerFactory.getLogger(OneCall.class);

        @RpcReference
        private Echo echo;

        @Override
        public void run(String... args) {
            log.info("echo answered: {}", echo.echo("batch done"));
        }
    }
}
