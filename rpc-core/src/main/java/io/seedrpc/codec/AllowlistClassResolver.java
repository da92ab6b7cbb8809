package io.seedrpc.codec;

import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver with the {@link TypeAllowlist} in front of class loading.
 *
 * <p>Kryo reads a class name from the payload and asks {@link #getTypeByName} for a known class before it calls
 * {@code Class.forName}; refusing there means a hostile name is never loaded, let alone initialized or instantiated.
 * {@code KryoCodecTest} pins that order, which is Kryo's, not ours.
 */
final class AllowlistClassResolver extends DefaultClassResolver {

    private final TypeAllowlist allowlist;

    AllowlistClassResolver(TypeAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Class getTypeByName(String className) {
        if (!allowlist.isAllowed(className)) {
            throw new CodecException("the payload names class " + className + ", which is not in the type allowlist");
        }
        return super.getTypeByName(className);
    }
}
