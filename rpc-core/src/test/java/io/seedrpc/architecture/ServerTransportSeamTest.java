package io.seedrpc.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server reaches its transport through the seams of {@code io.seedrpc.transport} and the one factory
 * {@code NettyTransports}; the Netty server's classes are the transport's own business.
 */
class ServerTransportSeamTest {

    private static final Path SERVER_SOURCES = Path.of("src/main/java/io/seedrpc/server");
    private static final Pattern NETTY_TRANSPORT_TYPE = Pattern.compile("io\\.seedrpc\\.transport\\.netty\\.([A-Z]\\w*)");

    @Test
    void theServerNamesNoNettyTransportClassButTheFactory() throws IOException {
        try (Stream<Path> files = Files.list(SERVER_SOURCES)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).as("server sources").isNotEmpty();
            for (Path source : sources) {
                Matcher matcher = NETTY_TRANSPORT_TYPE.matcher(Files.readString(source));
                while (matcher.find()) {
                    assertThat(matcher.group(1)).as("%s uses %s", source.getFileName(), matcher.group())
                            .isEqualTo("NettyTransports");
                }
            }
        }
    }

    @Test
    void theNettyServerClassesAreNotPublic() throws ClassNotFoundException {
        for (String name : List.of("NettyServerTransport", "AbstractServerCall", "NettyServerCall", "HttpServerCall",
                "ServerConnectionHandler", "ServerConnections", "ProtocolDetector", "HttpEndpointHandler",
                "HandshakeMessages", "HandshakeRejection", "FrameType", "EventLoops")) {
            Class<?> type = Class.forName("io.seedrpc.transport.netty." + name);
            assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", name).isFalse();
        }
    }
}
