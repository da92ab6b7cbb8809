package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import java.lang.reflect.Type;

/**
 * One session's {@link KryoForm}s, by declared type. The transport passes the same {@code Type} objects on every
 * call of a method (its descriptor resolves them once), so a slot chosen by the type's identity and confirmed by
 * {@code ==} finds the form without hashing or comparing types. A type whose slot and its twin others took is worked
 * out again, which is slower but just as right. Bounded by its slots; touched only by the thread holding the session.
 */
final class DeclaredForms {

    /** A power of two; more than the parameter and result types most services' methods name in all. */
    private static final int SLOTS = 64;

    private final KryoForm[] slots = new KryoForm[SLOTS];
    private final Kryo kryo;

    DeclaredForms(Kryo kryo) {
        this.kryo = kryo;
    }

    KryoForm of(Type declared) {
        int slot = System.identityHashCode(declared) & (SLOTS - 1);
        KryoForm form = slots[slot];
        if (form != null && form.declared == declared) {
            return form;
        }
        // Two types a call uses together could share a slot and evict each other on every call: try the slot's twin.
        int twin = slot ^ 1;
        KryoForm other = slots[twin];
        if (other != null && other.declared == declared) {
            return other;
        }
        KryoForm made = KryoForm.of(kryo, declared);
        slots[form == null || other != null ? slot : twin] = made;
        return made;
    }
}
