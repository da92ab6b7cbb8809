package io.seedrpc.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EndpointListenersTest {

    private static final List<Endpoint> ONE = List.of(Endpoint.of("10.0.0.1:9100", 100));
    private static final List<Endpoint> TWO = List.of(Endpoint.of("10.0.0.1:9100", 100),
            Endpoint.of("10.0.0.2:9100", 5));

    private final EndpointListeners listeners = new EndpointListeners();

    @Test
    void aListenerAddedBeforeTheFirstListGetsNothingUntilItComes() {
        List<List<Endpoint>> heard = new ArrayList<>();
        listeners.add(heard::add);

        assertThat(heard).isEmpty();
        assertThat(listeners.size()).isZero();
        assertThat(listeners.publish(ONE)).isTrue();
        assertThat(heard).containsExactly(ONE);
        assertThat(listeners.size()).isEqualTo(1);
    }

    @Test
    void aLateListenerGetsTheKnownListAtOnce() {
        listeners.publish(TWO);
        List<List<Endpoint>> heard = new ArrayList<>();

        listeners.add(heard::add);

        assertThat(heard).containsExactly(TWO);
    }

    @Test
    void anEqualListIsNotHandedOutAgain() {
        List<List<Endpoint>> heard = new ArrayList<>();
        listeners.add(heard::add);

        listeners.publish(ONE);
        assertThat(listeners.publish(new ArrayList<>(ONE))).isFalse();
        listeners.publish(TWO);

        assertThat(heard).containsExactly(ONE, TWO);
    }

    @Test
    void removingTheLastListenerSaysSoAndStopsItsUpdates() {
        List<List<Endpoint>> first = new ArrayList<>();
        List<List<Endpoint>> second = new ArrayList<>();
        Consumer<List<Endpoint>> one = first::add;
        Consumer<List<Endpoint>> two = second::add;
        listeners.add(one);
        listeners.add(two);

        assertThat(listeners.remove(one)).isFalse();
        listeners.publish(ONE);
        assertThat(listeners.remove(two)).isTrue();
        listeners.publish(TWO);

        assertThat(first).isEmpty();
        assertThat(second).containsExactly(ONE);
    }
}
