package io.seedrpc.codec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Kryo's Unsafe stays Kryo's choice before Java 24, is off from 24 on, and an explicit setting always wins. */
class KryoUnsafeChoiceTest {

    private String saved;

    @BeforeEach
    void clear() {
        saved = System.clearProperty(KryoUnsafeChoice.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(KryoUnsafeChoice.PROPERTY);
        } else {
            System.setProperty(KryoUnsafeChoice.PROPERTY, saved);
        }
    }

    @Test
    void beforeJava24KryoKeepsItsDefault() {
        KryoUnsafeChoice.applyFor(17);
        KryoUnsafeChoice.applyFor(23);
        assertThat(System.getProperty(KryoUnsafeChoice.PROPERTY)).isNull();
    }

    @Test
    void fromJava24OnUnsafeIsOff() {
        KryoUnsafeChoice.applyFor(24);
        assertThat(System.getProperty(KryoUnsafeChoice.PROPERTY)).isEqualTo("false");
        System.clearProperty(KryoUnsafeChoice.PROPERTY);
        KryoUnsafeChoice.applyFor(25);
        assertThat(System.getProperty(KryoUnsafeChoice.PROPERTY)).isEqualTo("false");
    }

    @Test
    void anExplicitSettingWins() {
        System.setProperty(KryoUnsafeChoice.PROPERTY, "true");
        KryoUnsafeChoice.applyFor(25);
        assertThat(System.getProperty(KryoUnsafeChoice.PROPERTY)).isEqualTo("true");
    }
}
