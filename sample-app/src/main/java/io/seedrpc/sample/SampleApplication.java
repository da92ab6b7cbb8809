package io.seedrpc.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The SeedRPC sample: run it with {@code --spring.profiles.active=provider} to serve {@code InventoryService}, or
 * with {@code consumer} to call it through the registry and print each call.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
