package io.seedrpc.processtest.provider;

import io.seedrpc.processtest.Echo;
import io.seedrpc.spring.annotation.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@RpcService
class EchoService implements Echo {

    private static final Logger log = LoggerFactory.getLogger(EchoService.class);

    @Override
    public String echo(String text) {
        return text;
    }

    @Override
    public String slowEcho(String text, long millis) {
        log.info("slowEcho started");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return text;
    }
}
