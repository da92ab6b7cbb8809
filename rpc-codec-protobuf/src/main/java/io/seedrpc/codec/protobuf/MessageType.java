package io.seedrpc.codec.protobuf;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * What the codec knows of one declared Java type: the generated message class and its own parser, or why the type
 * is not one.
 *
 * @param javaClass the declared class ({@code null} when the declared type is not a class at all)
 * @param parser    the message class's own parser, {@code null} when it is not a generated message
 * @param refusal   why the type cannot be carried, as a clause to follow its name ({@code "which is not a
 *                  protobuf message"}); {@code null} when it can
 */
record MessageType(Class<?> javaClass, Parser<? extends MessageLite> parser, String refusal) {

    static MessageType message(Class<?> javaClass, Parser<? extends MessageLite> parser) {
        return new MessageType(javaClass, parser, null);
    }

    static MessageType refused(Class<?> javaClass, String refusal) {
        return new MessageType(javaClass, null, refusal);
    }

    boolean isMessage() {
        return parser != null;
    }
}
