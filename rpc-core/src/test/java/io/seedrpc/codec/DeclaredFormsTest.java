package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Type;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A session works out how to code a declared type once, and then always finds that type's own form, even when more
 * types pass through it than it has slots.
 */
class DeclaredFormsTest {

    /** Counts how often the codec asks Kryo whether a class is final: once per value before the forms. */
    private static final class CountingKryo extends Kryo {
        int finalQuestions;

        CountingKryo() {
            setRegistrationRequired(false);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public boolean isFinal(Class type) {
            finalQuestions++;
            return super.isFinal(type);
        }
    }

    @Test
    void aTypeIsWorkedOutOnceNotForEveryValue() {
        CountingKryo kryo = new CountingKryo();
        DeclaredForms forms = new DeclaredForms(kryo);

        KryoForm first = forms.of(String.class);
        for (int i = 0; i < 100; i++) {
            assertThat(forms.of(String.class)).isSameAs(first);
        }

        assertThat(kryo.finalQuestions).isEqualTo(1);
    }

    @Test
    void everyTypeFindsItsOwnFormWhenMoreTypesThanSlotsPassThrough() {
        DeclaredForms forms = new DeclaredForms(new CountingKryo());
        List<Type> types = new ArrayList<>();
        for (Class<?> component : List.of(String.class, Object.class, int.class, DayOfWeek.class, UUID.class)) {
            Class<?> type = component;
            for (int dimensions = 0; dimensions < 60; dimensions++) { // 300 classes, far more than the slots
                types.add(type);
                type = type.arrayType();
            }
        }

        for (int round = 0; round < 3; round++) {
            for (Type type : types) {
                assertThat(forms.of(type).declared).isSameAs(type);
            }
        }
    }

    @Test
    void aFormCodesItsTypeAsTheCodecAlwaysDid() {
        Kryo kryo = new CountingKryo();
        DeclaredForms forms = new DeclaredForms(kryo);
        Output exactOutput = new Output(64);
        forms.of(String.class).write(kryo, exactOutput, "abc");
        Output classOutput = new Output(64);
        forms.of(Object.class).write(kryo, classOutput, "abc");

        // a final declared type travels without its class; a declared Object carries the value's class with it
        Output expectedExact = new Output(64);
        kryo.writeObjectOrNull(expectedExact, "abc", String.class);
        Output expectedWithClass = new Output(64);
        kryo.writeClassAndObject(expectedWithClass, "abc");
        assertThat(exactOutput.toBytes()).isEqualTo(expectedExact.toBytes());
        assertThat(classOutput.toBytes()).isEqualTo(expectedWithClass.toBytes());
        assertThat(forms.of(Object.class).read(kryo, new Input(classOutput.toBytes()))).isEqualTo("abc");
        assertThat(forms.of(void.class).read(kryo, new Input(new byte[0]))).isNull();
    }
}
