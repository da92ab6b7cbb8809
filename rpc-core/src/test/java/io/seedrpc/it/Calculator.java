package io.seedrpc.it;

/** A second, small service; also used to call methods the server does not have. */
public interface Calculator {

    int add(int a, int b);

    int multiply(int a, int b);
}
