package io.seedrpc.processtest;

/** The service of the minimal applications that {@link AppProcessTest} runs as separate JVMs. */
public interface Echo {

    String echo(String text);

    /** Answers after {@code millis}, so that a test can have a call in flight when it stops the provider. */
    String slowEcho(String text, long millis);
}
