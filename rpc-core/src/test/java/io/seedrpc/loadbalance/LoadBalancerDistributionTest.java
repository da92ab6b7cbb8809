package io.seedrpc.loadbalance;

import io.seedrpc.Address;
import io.seedrpc.annotation.HashKey;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.protocol.MethodDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How each strategy spreads picks, measured over many picks without a network. */
class LoadBalancerDistributionTest {

    interface Cache {
        String get(String key);

        String put(int shard, @HashKey String key);
    }

    private static final int PICKS = 60_000;
    private static final List<Endpoint> WEIGHTED = List.of(
            Endpoint.of("tcp://10.0.0.1:9100", 1), Endpoint.of("tcp://10.0.0.2:9100", 2),
            Endpoint.of("tcp://10.0.0.3:9100", 3));
    private static final LoadBalancers BALANCERS = LoadBalancers.withDefaults();

    private static Invocation invocation(Object key) throws NoSuchMethodException {
        return new Invocation("Cache", MethodDescriptor.of(Cache.class.getMethod("get", String.class)),
                new Object[] {key}, 1000);
    }

    private static Map<Endpoint, Integer> count(Picker picker, int picks) throws Exception {
        Map<Endpoint, Integer> counts = new HashMap<>();
        Invocation call = invocation("k");
        for (int i = 0; i < picks; i++) {
            counts.merge(picker.pick(call, EndpointLoad.NONE), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "weighted-round-robin", "p2c"})
    void weightedStrategiesFollowWeightsOneTwoThreeWithinTwoPercent(String name) throws Exception {
        Map<Endpoint, Integer> counts = count(BALANCERS.get(name).newPicker(WEIGHTED), PICKS);
        for (int i = 0; i < 3; i++) {
            double share = counts.getOrDefault(WEIGHTED.get(i), 0) / (double) PICKS;
            assertThat(share).as("%s share of %s", name, WEIGHTED.get(i)).isCloseTo((i + 1) / 6.0, within(0.02));
        }
    }

    @Test
    void smoothWeightedRoundRobinIsExactAndInterleaved() throws Exception {
        Picker picker = BALANCERS.get("weighted-round-robin").newPicker(WEIGHTED);
        Map<Endpoint, Integer> counts = count(picker, PICKS);
        assertThat(counts).containsEntry(WEIGHTED.get(0), 10_000).containsEntry(WEIGHTED.get(1), 20_000)
                .containsEntry(WEIGHTED.get(2), 30_000);
        List<Endpoint> five = List.of(Endpoint.of("tcp://a:1", 5), Endpoint.of("tcp://b:1", 1),
                Endpoint.of("tcp://c:1", 1));
        Picker smooth = BALANCERS.get("weighted-round-robin").newPicker(five);
        Invocation call = invocation("k");
        String sequence = IntStream.range(0, 7).mapToObj(i -> smooth.pick(call, EndpointLoad.NONE).address().host())
                .reduce("", String::concat);
        assertThat(sequence).isEqualTo("aabacaa");
    }

    @Test
    void roundRobinIsExact() throws Exception {
        Map<Endpoint, Integer> counts = count(BALANCERS.get("round-robin").newPicker(WEIGHTED), PICKS);
        assertThat(counts.values()).containsOnly(20_000);
    }

    @Test
    void p2cPrefersTheLessLoadedEndpoint() throws Exception {
        List<Endpoint> two = List.of(Endpoint.of("tcp://left:1", 100), Endpoint.of("tcp://right:1", 100));
        Picker picker = BALANCERS.get("p2c").newPicker(two);
        Invocation call = invocation("k");
        // Whichever of the two is busy, the other gets every call: a picker fixed on one position fails one round.
        for (String busy : List.of("left", "right")) {
            EndpointLoad load = endpoint -> endpoint.address().host().equals(busy) ? 10 : 0;
            long toBusy = IntStream.range(0, 1_000)
                    .filter(i -> picker.pick(call, load).address().host().equals(busy)).count();
            assertThat(toBusy).as("calls sent to the busy %s", busy).isZero();
        }
    }

    @Test
    void p2cSplitsEvenlyBetweenTwoEqualIdleEndpoints() throws Exception {
        List<Endpoint> two = List.of(Endpoint.of("tcp://a:1", 100), Endpoint.of("tcp://b:1", 100));
        Random seeded = new Random(19);
        Picker picker = new PowerOfTwoChoicesLoadBalancer(() -> seeded).newPicker(two);
        int picks = 10_000;
        // Idle: every comparison is a tie. Binomial(10000, 1/2) has a standard deviation of 50 picks, so 45 % to
        // 55 % is ten of them either side (and the draws are seeded): only a biased tie-break lands outside.
        Map<Endpoint, Integer> idle = count(picker, picks);
        assertThat(idle.keySet()).containsExactlyInAnyOrderElementsOf(two);
        assertThat(idle.values()).as("picks per idle endpoint: %s", idle).allSatisfy(n -> assertThat(n)
                .isBetween(4_500, 5_500));

        // Sequential calls whose last answer is still being processed: the endpoint used last counts one call.
        Endpoint[] last = {null};
        EndpointLoad lastStillBusy = endpoint -> endpoint.equals(last[0]) ? 1 : 0;
        Map<Endpoint, Integer> sequential = new HashMap<>();
        Invocation call = invocation("k");
        for (int i = 0; i < picks; i++) {
            last[0] = picker.pick(call, lastStillBusy);
            sequential.merge(last[0], 1, Integer::sum);
        }
        assertThat(sequential.values()).as("picks per endpoint: %s", sequential).containsOnly(picks / 2);
    }

    @Test
    void consistentHashIsStablePerKeyAndMovesAboutOneNthWhenAnInstanceLeaves() throws Exception {
        List<Endpoint> five = IntStream.range(1, 6).mapToObj(i -> Endpoint.of("tcp://10.0.0." + i + ":9100", 100))
                .toList();
        LoadBalancer hashing = BALANCERS.get("consistent-hash");
        Picker before = hashing.newPicker(five);
        Picker again = hashing.newPicker(five);
        Endpoint leaving = five.get(2);
        Picker after = hashing.newPicker(five.stream().filter(e -> e != leaving).toList());
        int keys = 20_000;
        int moved = 0;
        Map<Endpoint, Integer> owned = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            Invocation call = invocation("user-" + k);
            Endpoint owner = before.pick(call, EndpointLoad.NONE);
            owned.merge(owner, 1, Integer::sum);
            assertThat(before.pick(call, EndpointLoad.NONE)).isEqualTo(owner);
            assertThat(again.pick(call, EndpointLoad.NONE)).isEqualTo(owner);
            Endpoint now = after.pick(call, EndpointLoad.NONE);
            if (!now.equals(owner)) {
                moved++;
                assertThat(owner).as("only keys of the leaving instance move").isEqualTo(leaving);
            }
        }
        assertThat(moved / (double) keys).isCloseTo(1 / 5.0, within(0.05));
        assertThat(owned.values()).allSatisfy(n -> assertThat(n / (double) keys).isCloseTo(0.2, within(0.07)));
    }

    @Test
    void consistentHashUsesTheHashKeyParameter() throws Exception {
        Picker picker = BALANCERS.get("consistent-hash").newPicker(WEIGHTED);
        MethodDescriptor put = MethodDescriptor.of(Cache.class.getMethod("put", int.class, String.class));
        assertThat(put.hashKeyIndex()).isEqualTo(1);
        Map<Endpoint, Integer> owners = new HashMap<>();
        for (int k = 0; k < 100; k++) {
            Endpoint first = picker.pick(new Invocation("Cache", put, new Object[] {1, "key-" + k}, 1000), EndpointLoad.NONE);
            Endpoint second = picker.pick(new Invocation("Cache", put, new Object[] {2, "key-" + k}, 1000), EndpointLoad.NONE);
            assertThat(second).as("the other parameter changed, the @HashKey did not").isEqualTo(first);
            owners.merge(first, 1, Integer::sum);
        }
        // The key does decide: a hundred keys land on every endpoint, so the equality above is not a picker that
        // ignores its input.
        assertThat(owners.keySet()).as("owners of 100 keys: %s", owners).containsExactlyInAnyOrderElementsOf(WEIGHTED);
    }

    @Test
    void zeroWeightEndpointsTakeNoTrafficWhileOthersCan() throws Exception {
        Endpoint standby = Endpoint.of("tcp://standby:1", 0);
        Endpoint live = Endpoint.of("tcp://live:1", 100);
        Endpoint other = Endpoint.of("tcp://other:1", 100);
        for (String name : List.of("random", "weighted-round-robin", "p2c")) {
            // The standby first, last and in the middle; and two live endpoints that must both get calls.
            for (List<Endpoint> endpoints : List.of(List.of(standby, live, other), List.of(live, other, standby),
                    List.of(live, standby, other))) {
                Map<Endpoint, Integer> counts = count(BALANCERS.get(name).newPicker(endpoints), 1_000);
                assertThat(counts).as("%s over %s", name, endpoints).containsOnlyKeys(live, other);
            }
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BALANCERS.get("fastest"))
                .hasMessageContaining("unknown load balancer 'fastest'").hasMessageContaining("p2c")
                .hasMessageContaining("consistent-hash");
    }

    @Test
    void addressesParse() {
        assertThat(Endpoint.of("10.0.0.1:9100", 5).address()).isEqualTo(Address.tcp("10.0.0.1", 9100));
    }
}
