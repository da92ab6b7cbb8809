package io.seedrpc.codec.protobuf;

import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kryo, JSON and protobuf clients share one server at the same time: each connection's handshake fixes its own
 * codec, and the server, built with defaults, speaks all three because the protobuf module is on the class path.
 */
@ExtendWith(NoLeakedThreads.class)
class SharedServerTest {

    /** The plain service the Kryo and JSON clients call, with a future so calls overlap. */
    public interface Greeter {
        CompletableFuture<String> greet(String name);
    }

    @Test
    void kryoJsonAndProtobufClientsCallOneServerConcurrently() {
        try (RpcServer server = Clients.server()
                .addService(CustomerService.class, new CustomerServiceImpl())
                .addService(Greeter.class, name -> CompletableFuture.supplyAsync(() -> "hello " + name))
                .start();
             RpcClient kryo = Clients.client("kryo");
             RpcClient json = Clients.client("json");
             RpcClient protobuf = Clients.client("protobuf")) {
            Greeter viaKryo = kryo.proxy(Greeter.class, Clients.address(server));
            Greeter viaJson = json.proxy(Greeter.class, Clients.address(server));
            CustomerService viaProtobuf = protobuf.proxy(CustomerService.class, Clients.address(server));

            List<CompletableFuture<?>> calls = new ArrayList<>();
            List<Runnable> checks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String name = "n" + i;
                Customer customer = Customers.full().toBuilder().setId(i).build();
                CompletableFuture<String> k = viaKryo.greet(name);
                CompletableFuture<String> j = viaJson.greet(name);
                CompletableFuture<Customer> p = viaProtobuf.echoAsync(customer);
                calls.add(k);
                calls.add(j);
                calls.add(p);
                checks.add(() -> {
                    assertThat(k.join()).isEqualTo("hello " + name);
                    assertThat(j.join()).isEqualTo("hello " + name);
                    assertThat(p.join()).isEqualTo(customer);
                });
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(20, TimeUnit.SECONDS).join();
            checks.forEach(Runnable::run);
        }
    }
}
