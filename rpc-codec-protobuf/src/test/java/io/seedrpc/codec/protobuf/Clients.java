package io.seedrpc.codec.protobuf;

import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;

import java.time.Duration;

/** Servers and clients on loopback, with the defaults a user gets (codecs found on the class path). */
final class Clients {

    private Clients() {
    }

    static RpcServer server() {
        return RpcServer.builder().host("127.0.0.1").port(0).build();
    }

    static RpcClient client(String codec) {
        return RpcClient.builder().codec(codec).callTimeout(Duration.ofSeconds(5)).build();
    }

    static String address(RpcServer server) {
        return "tcp://127.0.0.1:" + server.port();
    }
}
