package io.seedrpc.processtest.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A provider as a new user writes one: the starter, one {@code @RpcService} bean, a plain {@code main}. */
@SpringBootApplication
public class EchoProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoProviderApplication.class, args);
    }
}
